/**
 * Owner registry API (项目业主库). Trigger: API Gateway routes of functions/owners/routes.ts.
 * The directory is public (public fields only); registering, changing and adding clerks need an operator
 * whose tenant governs the owner's; the private profile and the clerk list are for that operator or a
 * clerk of the owner. Every change is one transaction: the record (or clerk account), its version row
 * and the audit entries (entity `owner`). Creation honours Idempotency-Key; changes are guarded by the
 * version they were based on, and the owner's audit chain head serialises concurrent changes.
 */
import { randomBytes } from 'node:crypto';
import { authorize } from '#shared/auth/authorize.ts';
import { actorOf, type Caller } from '#shared/auth/caller.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { ensureIdentity } from '../tenancy/adapters/identity-directory.ts';
import { ownerStore } from './adapters/owner-store.ts';
import { isClerkOf, ownerTakingClerks, planClerk } from './domain/clerk.ts';
import type { Owner } from './domain/owner.ts';
import { changeAction, changeOwner, matchesOwnerFilter, newOwnerId, registerOwner } from './domain/owner-rules.ts';
import { publicOwnerView } from './domain/owner-views.ts';
import { ownerRoutes } from './routes.ts';

const notFound = (id: string) => problems.notFound({ zh: `项目业主 ${id}`, en: `Owner ${id}` });

async function publicOwner(tenant: string, id: string): Promise<Owner> {
  if (!(await tenantStore.get(tenant))) throw problems.tenantNotFound(tenant);
  const owner = await ownerStore.get(tenant, id);
  if (!owner) throw notFound(id);
  return owner;
}

/** Operator (or above) of the tenant, or an active clerk bound to this very owner. */
async function privateOwner(caller: Caller, tenant: string, id: string): Promise<Owner> {
  await authorize(caller, 'owner.read-private', tenant, tenantStore);
  const owner = await ownerStore.get(tenant, id);
  if (!owner) throw notFound(id);
  if (caller.role === 'owner' && !isClerkOf(await ownerStore.account(caller.tenant!, caller.sub), owner)) {
    throw problems.forbidden({ zh: `账号不是项目业主 ${id} 的经办人`, en: `the account is not a clerk of owner ${id}` });
  }
  return owner;
}

async function commitOwner(caller: Caller, owner: Owner, action: string): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  ownerStore.stage(uow, owner);
  await uow.audit(owner.tenant, 'owner', owner.id, action, owner);
  await uow.commit();
}

export const handler = httpHandler(ownerRoutes, {
  async listOwners({ params, query }) {
    if (!(await tenantStore.get(params.tenant))) throw problems.tenantNotFound(params.tenant);
    const views = (await ownerStore.list(params.tenant)).map(publicOwnerView)
      .filter((v) => matchesOwnerFilter(v, query))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    return { body: pageOf(views, query.limit, query.cursor) };
  },

  async getOwner({ params }) {
    return { body: publicOwnerView(await publicOwner(params.tenant, params.id)) };
  },

  async getOwnerProfile({ params, caller }) {
    return { body: await privateOwner(caller, params.tenant, params.id) };
  },

  async registerOwner({ params, body, caller }) {
    const tenant = await authorize(caller, 'owner.register', params.tenant, tenantStore);
    if (tenant.level === 'province') {
      throw problems.forbidden({ zh: '项目业主在其采购所在的市或县区登记', en: 'owners are registered in the city or county where they buy' });
    }
    const owner = await withConflictRetry(async () => {
      const sameCode = body.kind === 'person' ? undefined : await ownerStore.ownerWithCode(tenant.code, body.uscc);
      const registered = registerOwner(tenant.code, newOwnerId(tenant.code, randomBytes(5)), body, sameCode, caller.sub, new Date().toISOString());
      await commitOwner(caller, registered, 'owner.registered');
      return registered;
    });
    return { status: 201, body: owner, headers: { location: `/v1/tenants/${owner.tenant}/owners/${owner.id}` } };
  },

  async changeOwner({ params, body, caller }) {
    await authorize(caller, 'owner.register', params.tenant, tenantStore);
    const owner = await withConflictRetry(async () => {
      const current = await ownerStore.get(params.tenant, params.id);
      const changed = changeOwner(current, body, caller.sub, new Date().toISOString());
      await commitOwner(caller, changed, changeAction(current!, changed));
      return changed;
    });
    return { body: owner };
  },

  async addOwnerClerk({ params, body, caller }) {
    const tenant = await authorize(caller, 'owner.register', params.tenant, tenantStore);
    const clerk = await withConflictRetry(async () => {
      const owner = ownerTakingClerks(await ownerStore.get(tenant.code, params.id));
      // The identity first (a retry reuses it), so a failed transaction leaves no half-made clerk in our table.
      const { subject } = await ensureIdentity({ ...body, role: 'owner', tenant: tenant.code });
      const planned = planClerk(owner, body, subject, await ownerStore.account(tenant.code, subject), caller.sub, new Date().toISOString());
      const uow = new UnitOfWork(actorOf(caller));
      ownerStore.stageClerk(uow, planned);
      await uow.audit(tenant.code, 'owner', owner.id, 'owner.clerk-added', { subject, username: planned.username, name: planned.name });
      await uow.audit(tenant.code, 'account', subject, 'account.created', planned);
      await uow.commit();
      return planned;
    });
    return { status: 201, body: clerk, headers: { location: `/v1/tenants/${clerk.tenant}/owners/${clerk.ownerId}/clerks` } };
  },

  async listOwnerClerks({ params, caller }) {
    const owner = await privateOwner(caller, params.tenant, params.id);
    const clerks = await ownerStore.clerks(owner.tenant, owner.id);
    return { body: { items: clerks.sort((a, b) => a.subject.localeCompare(b.subject)) } };
  },
});
