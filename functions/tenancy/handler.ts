/**
 * Tenancy API. Trigger: routes of functions/tenancy/routes.ts.
 * Onboarding writes the county, its first operator account, two audit entries and a TenantOnboarded
 * event in one transaction (Idempotency-Key honoured); the identity provider account is created first
 * and reused on retry, so a failed transaction leaves nothing half-onboarded in our table.
 */
import { authorize } from '#shared/auth/authorize.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { problems } from '#shared/http/problems.ts';
import { tenantKeys } from '#shared/store/keys.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { deploymentTenants, tenantStore } from '#shared/tenancy/tenant-store.ts';
import { accountStore } from './adapters/account-store.ts';
import { ensureIdentity } from './adapters/identity-directory.ts';
import { planCounty, type Account, type NewAccount } from './domain/onboarding.ts';
import { provinceTenants } from './replica.ts';
import { tenancyRoutes } from './routes.ts';

async function buildAccount(tenant: string, input: NewAccount, caller: Caller, at: string): Promise<Account> {
  const { subject } = await ensureIdentity({ ...input, tenant });
  return { ...input, tenant, subject, status: 'active', createdAt: at, createdBy: caller.sub };
}

function actorOf(caller: Caller) {
  return { sub: caller.sub, role: caller.role, tenant: caller.tenant };
}

export const handler = httpHandler(tenancyRoutes, {
  async listTenants({ query }) {
    const { province, city } = deploymentTenants();
    const counties = (await tenantStore.listCounties()).sort((a, b) => a.code.localeCompare(b.code));
    const elsewhere = query.scope === 'province' ? (await provinceTenants()).filter((t) => t.replicatedFrom !== city.code) : [];
    return { body: { items: [province, city, ...counties, ...elsewhere.sort((a, b) => a.code.localeCompare(b.code))] } };
  },

  async getTenant({ params }) {
    const tenant = await tenantStore.get(params.tenant);
    if (!tenant) throw problems.tenantNotFound(params.tenant);
    return { body: tenant };
  },

  async onboardCounty({ body, caller }) {
    const city = await authorize(caller, 'tenant.onboard', deploymentTenants().city.code, tenantStore);
    const result = await withConflictRetry(async () => {
      const at = new Date().toISOString();
      const tenant = planCounty(body, city, await tenantStore.get(body.code), at);
      const operator = await buildAccount(tenant.code, { ...body.operator, role: 'operator' }, caller, at);
      const uow = new UnitOfWork(actorOf(caller));
      uow.put({ ...tenantKeys.tenant(tenant.code), ...tenantKeys.childrenIndex(city.code, tenant.code), ...tenant }, { expression: 'attribute_not_exists(pk)' });
      accountStore.stage(uow, operator);
      await uow.audit(tenant.code, 'tenant', tenant.code, 'tenant.onboarded', tenant);
      await uow.audit(tenant.code, 'account', operator.subject, 'account.created', operator);
      uow.event('TenantOnboarded', tenant.code, { tenant });
      await uow.commit();
      return { tenant, operator };
    });
    return { status: 201, body: result, headers: { location: `/v1/tenants/${result.tenant.code}` } };
  },

  async createAccount({ params, body, caller }) {
    const tenant = await authorize(caller, 'account.manage', params.tenant, tenantStore);
    const account = await withConflictRetry(async () => {
      const at = new Date().toISOString();
      const planned = await buildAccount(tenant.code, body, caller, at);
      if (await accountStore.get(tenant.code, planned.subject)) {
        throw problems.conflict('account.exists', `账号 ${body.username} 已存在`, `Account ${body.username} already exists`);
      }
      const uow = new UnitOfWork(actorOf(caller));
      accountStore.stage(uow, planned);
      await uow.audit(tenant.code, 'account', planned.subject, 'account.created', planned);
      await uow.commit();
      return planned;
    });
    return { status: 201, body: account };
  },

  async listAccounts({ params, caller }) {
    await authorize(caller, 'account.manage', params.tenant, tenantStore);
    return { body: { items: await accountStore.list(params.tenant) } };
  },
});
