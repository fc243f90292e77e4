import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { problems } from '#shared/http/problems.ts';
import { listByIndex } from '#shared/store/query.ts';
import { pad, tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import type { Expert } from '../domain/expert.ts';

/**
 * The expert pool (评审专家库) in the city table: `CURRENT` per expert plus one immutable `V#nnnnnn` per version,
 * listed per roster through gsi1. Keys start with the roster's tenant code, as every tenant-owned record's do.
 */
export const expertKeys = {
  current: (tenant: string, id: string) => ({ pk: `${tenant}#EXPERT#${id}`, sk: 'CURRENT' }),
  version: (tenant: string, id: string, version: number) => ({ pk: `${tenant}#EXPERT#${id}`, sk: `V#${pad(version, 6)}` }),
  /** A roster through gsi1, by id. */
  listIndex: (tenant: string, id: string) => ({ gsi1pk: `${tenant}#EXPERTS`, gsi1sk: id }),
};

export const expertStore = {
  async get(tenant: string, id: string): Promise<Expert | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: expertKeys.current(tenant, id), ConsistentRead: true }))).Item;
    return item ? (withoutKeys(item) as Expert) : undefined;
  },

  /** One tenant's roster, every status. */
  list: (tenant: string) => listByIndex<Expert>(expertKeys.listIndex(tenant, '').gsi1pk),

  /** Writes the new current state (only over the version it was derived from) and its history row. */
  stage(uow: UnitOfWork, expert: Expert): void {
    const previous = expert.version - 1;
    uow.put(
      { ...expertKeys.current(expert.tenant, expert.id), ...expertKeys.listIndex(expert.tenant, expert.id), ...expert },
      previous === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :previous', values: { ':previous': previous } },
    );
    uow.put({ ...expertKeys.version(expert.tenant, expert.id, expert.version), ...expert }, { expression: 'attribute_not_exists(pk)' });
  },
};

/**
 * The active experts a project of `tenant` may draw from: the tenant's own roster plus, for a county, its city's
 * (市级统筹: a county may use its city's experts; seed 004 §(三) 整合专家资源). Ascending by id; the draw does not
 * depend on the order, this only makes the list stable to read. For the timeline, at registration close.
 */
export async function listActiveExperts(tenant: string): Promise<Expert[]> {
  const record = await tenantStore.get(tenant);
  if (!record) throw problems.tenantNotFound(tenant);
  const rosters = record.level === 'county' && record.parent ? [record.code, record.parent] : [record.code];
  const experts = (await Promise.all(rosters.map((code) => expertStore.list(code)))).flat();
  return experts.filter((e) => e.status === 'active').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
