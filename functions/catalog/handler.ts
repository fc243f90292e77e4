/**
 * Catalogue API (中介服务事项库). Trigger: API Gateway routes of functions/catalog/routes.ts.
 * Reads are public; writes need an operator whose tenant governs the target tenant. Every change is
 * one transaction: the new current row, its version row, the audit entry and a ServiceItemChanged
 * event carrying the whole item, from which every other city keeps its copy (replica.ts). Creation
 * honours Idempotency-Key; revisions are guarded by the version they were based on. Other cities'
 * items held here are not this city's catalogue: a path naming another city's tenant is 404.
 */
import { authorize } from '#shared/auth/authorize.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { catalogStore } from './adapters/catalog-store.ts';
import { createItem, matchesFilter, retireItem, reviseItem } from './domain/catalog-rules.ts';
import { type ServiceItem, type ServiceItemChangedData, publishedItem } from './domain/service-item.ts';
import { catalogRoutes } from './routes.ts';
import { visibleItem, visibleItems } from './visible-items.ts';

// Who changed it is in the audit chain, for those allowed to read it: the public view is what events carry.
const publicView = publishedItem;

async function commitChange(caller: Caller, item: ServiceItem, action: string) {
  const uow = new UnitOfWork({ sub: caller.sub, role: caller.role, tenant: caller.tenant });
  catalogStore.stage(uow, item);
  await uow.audit(item.tenant, 'service-item', item.code, action, item);
  // The whole item, so that every other city can keep its copy (functions/catalog/replica.ts) from the event alone.
  uow.event<ServiceItemChangedData>('ServiceItemChanged', item.tenant, { action, code: item.code, version: item.version, status: item.status, item: publishedItem(item) });
  await uow.commit();
}

export const handler = httpHandler(catalogRoutes, {
  async listServiceItems({ params, query }) {
    const items = (await visibleItems(params.tenant)).filter((i) => matchesFilter(i, query));
    const page = pageOf(items, query.limit, query.cursor);
    return { body: { ...page, items: page.items.map(publicView) } };
  },

  async getServiceItem({ params }) {
    return { body: publicView(await visibleItem(params.tenant, params.code)) };
  },

  async listServiceItemVersions({ params }) {
    const item = await visibleItem(params.tenant, params.code);
    return { body: { items: (await catalogStore.versions(item.tenant, item.code)).map(publicView) } };
  },

  async createServiceItem({ params, body, caller }) {
    const tenant = await authorize(caller, 'catalog.write', params.tenant, tenantStore);
    if (tenant.level === 'province') {
      throw problems.forbidden({ zh: '事项库由市级维护，县区可增加本地事项', en: 'the catalogue is kept by cities; counties may add local items' });
    }
    const created = await withConflictRetry(async () => {
      const item = createItem(tenant.code, tenant.level === 'city' ? 'city' : 'county', body, await catalogStore.get(tenant.code, body.code), caller.sub, new Date().toISOString());
      await commitChange(caller, item, 'service-item.created');
      return item;
    });
    return { status: 201, body: publicView(created), headers: { location: `/v1/tenants/${tenant.code}/service-items/${created.code}` } };
  },

  async reviseServiceItem({ params, body, caller }) {
    await authorize(caller, 'catalog.write', params.tenant, tenantStore);
    const { expectedVersion, ...changes } = body;
    const revised = await withConflictRetry(async () => {
      const item = reviseItem(await catalogStore.get(params.tenant, params.code), changes, expectedVersion, caller.sub, new Date().toISOString());
      await commitChange(caller, item, 'service-item.revised');
      return item;
    });
    return { body: publicView(revised) };
  },

  async retireServiceItem({ params, body, caller }) {
    await authorize(caller, 'catalog.write', params.tenant, tenantStore);
    const retired = await withConflictRetry(async () => {
      const item = retireItem(await catalogStore.get(params.tenant, params.code), body.reason, caller.sub, new Date().toISOString());
      await commitChange(caller, item, 'service-item.retired');
      return item;
    });
    return { body: publicView(retired) };
  },
});
