import { listByIndex } from '#shared/store/query.ts';
import { ENV, optionalEnv, requireEnv } from '#shared/deployment-env.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { Tenant } from '#shared/tenancy/tenant.ts';
import { policyStore, type StoredPolicy } from './adapters/policy-store.ts';

/**
 * Every city keeps a replica of the province's tenant directory (all cities' counties), so it can
 * name any county of the province — for out-of-region statistics and agencies' practice regions —
 * even when that county's city is down. Replicas are kept apart from this city's own tenants: they
 * grant nothing here.
 */
const replicaKey = (city: string, code: string) => ({ pk: `${city}#REPLICA#TENANT#${code}`, sk: 'TENANT', gsi1pk: `${city}#REPLICA#TENANTS`, gsi1sk: code });

export async function applyTenantOnboarded(detail: EventDetail, uow: UnitOfWork): Promise<void> {
  const { tenant } = detail.data as { tenant: Tenant };
  uow.put({ ...replicaKey(requireEnv(ENV.cityCode), tenant.code), ...tenant, replicatedFrom: detail.city, eventId: detail.eventId });
}

export const provinceTenants = () => listByIndex<Tenant & { replicatedFrom: string }>(`${requireEnv(ENV.cityCode)}#REPLICA#TENANTS`);

/**
 * The province policy can be set through any city's API; every other city applies it from the
 * event. Newer versions only (policyStore.stageReplica), so order of arrival does not matter.
 * City and county policies stay in their own city: nothing to apply.
 */
export async function applyTenantPolicyChanged(detail: EventDetail, uow: UnitOfWork): Promise<void> {
  const { level, policy } = detail.data as { level: Tenant['level']; policy: StoredPolicy };
  // The city that set it has it; the province's read model (no city) applies every change.
  if (level !== 'province' || detail.city === optionalEnv(ENV.cityCode)) return;
  policyStore.stageReplica(uow, policy);
}
