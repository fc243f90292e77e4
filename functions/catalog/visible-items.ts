import { problems } from '#shared/http/problems.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { catalogStore } from './adapters/catalog-store.ts';
import type { ServiceItem } from './domain/service-item.ts';

/**
 * The catalogue as a tenant sees it: its own items plus, for a county, its city's (the city keeps the
 * catalogue for its counties; a county may add local items). Unknown tenants are 404.
 */
export async function visibleItems(tenant: string): Promise<ServiceItem[]> {
  const target = await tenantStore.get(tenant);
  if (!target) throw problems.tenantNotFound(tenant);
  const own = await catalogStore.list(tenant);
  const inherited = target.level === 'county' && target.parent ? await catalogStore.list(target.parent) : [];
  return [...inherited, ...own].sort((a, b) => a.code.localeCompare(b.code));
}

/** One item as a tenant sees it: its own, or its city's when the tenant is a county. */
export async function visibleItem(tenant: string, code: string): Promise<ServiceItem> {
  const target = await tenantStore.get(tenant);
  if (!target) throw problems.tenantNotFound(tenant);
  const item = (await catalogStore.get(tenant, code)) ?? (target.level === 'county' && target.parent ? await catalogStore.get(target.parent, code) : undefined);
  if (!item) throw problems.notFound({ zh: `中介服务事项 ${code}`, en: `Service item ${code}` });
  return item;
}
