import { tenantChain, type Tenant } from '#shared/tenancy/tenant.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { problems } from '#shared/http/problems.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from './domain/calendar/index.ts';
import { resolvePolicy, type PolicyLevelOverride, type ResolvedPolicy } from './domain/policy/index.ts';
import { policyStore, type StoredPolicy } from './adapters/policy-store.ts';

export interface TenantPolicyView extends ResolvedPolicy {
  tenant: Tenant;
  chain: { tenant: string; level: Tenant['level']; version: number | null }[];
  own?: StoredPolicy;
}

/** The effective policy of a tenant: province → city → county overrides resolved over the defaults. */
export async function effectivePolicy(code: string): Promise<TenantPolicyView> {
  const chain = await tenantChain(code, tenantStore);
  if (chain.length === 0) throw problems.tenantNotFound(code);
  const topDown = [...chain].reverse();
  const stored = await Promise.all(topDown.map((t) => policyStore.get(t.code)));
  const levels: PolicyLevelOverride[] = topDown.map((t, i) => ({ tenant: t.code, level: t.level, override: stored[i]?.override ?? {} }));
  const resolved = resolvePolicy(levels, { sandbox: chain[0].sandbox });
  return {
    ...resolved,
    tenant: chain[0],
    chain: topDown.map((t, i) => ({ tenant: t.code, level: t.level, version: stored[i]?.version ?? null })),
    own: stored.at(-1),
  };
}

/** The parent's effective policy, against which a level's new override is validated (null for a province). */
export async function parentPolicy(tenant: Tenant) {
  return tenant.parent ? (await effectivePolicy(tenant.parent)).policy : null;
}

/** The working-day calendar a tenant computes deadlines with: national data plus its policy's overrides. */
export async function calendarOf(code: string): Promise<{ calendar: WorkingDayCalendar; view: TenantPolicyView }> {
  const view = await effectivePolicy(code);
  return { calendar: createWorkingDayCalendar({ overrides: view.policy.calendarOverrides }), view };
}
