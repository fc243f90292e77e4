import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { catalogKeys } from '#shared/store/keys.ts';
import { listByIndex } from '#shared/store/query.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { PublishedServiceItem, ServiceItem } from '../domain/service-item.ts';

/** Any item this city holds: its own tenants' (a `ServiceItem`) or another city's replica, marked with the city it came from. */
export type CatalogueEntry = PublishedServiceItem & { replicatedFrom?: string };

async function current<T>(tenant: string, code: string): Promise<T | undefined> {
  const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: catalogKeys.current(tenant, code), ConsistentRead: true }))).Item;
  return item ? (withoutKeys(item) as T) : undefined;
}

/**
 * The catalogue in the city table: `CURRENT` per item plus one immutable `V#nnnnnn` per version.
 *
 * Other cities' items are kept here too, as replicas (functions/catalog/replica.ts): the `CURRENT` row only, under
 * the item's own key (its owning tenant's), marked `replicatedFrom`, with no list index and no history. They are
 * reachable only by their exact key: this city's catalogue routes resolve the path's tenant against this city's
 * tenants first (another city's tenant is 404 there, for reads and writes alike) and list through the tenant's
 * gsi1 partition, which a replica never joins. Only `entry` is meant to return one.
 */
export const catalogStore = {
  /** One of this city's tenants' items (the catalogue API passes only tenants of this city). */
  get: (tenant: string, code: string) => current<ServiceItem>(tenant, code),

  /** Any item of the province this city holds, its own or a replica (for agencies' admissions). */
  entry: (tenant: string, code: string) => current<CatalogueEntry>(tenant, code),

  list: (tenant: string) => listByIndex<ServiceItem>(`${tenant}#ITEMS`),

  async versions(tenant: string, code: string): Promise<ServiceItem[]> {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': catalogKeys.current(tenant, code).pk, ':v': 'V#' },
    }));
    return (page.Items ?? []).map((i) => withoutKeys(i) as ServiceItem);
  },

  /** Writes the new current state (only over the version it was derived from) and its history row. */
  stage(uow: UnitOfWork, item: ServiceItem): void {
    const previous = item.version - 1;
    uow.put(
      { ...catalogKeys.current(item.tenant, item.code), ...catalogKeys.listIndex(item.tenant, item.code), ...item },
      previous === 0
        ? { expression: 'attribute_not_exists(pk)' }
        : { expression: 'version = :previous', values: { ':previous': previous } },
    );
    uow.put({ ...catalogKeys.version(item.tenant, item.code, item.version), ...item }, { expression: 'attribute_not_exists(pk)' });
  },

  /**
   * Another city's item, over an older replica only. The condition repeats the applier's version check at the
   * write, so two deliveries racing cannot move the copy back, and it never replaces a row that is not a replica
   * (a city's own item cannot be overwritten from outside, whatever an event claims).
   */
  stageReplica(uow: UnitOfWork, item: PublishedServiceItem, replicatedFrom: string): void {
    uow.put(
      { ...catalogKeys.current(item.tenant, item.code), ...item, replicatedFrom },
      { expression: 'attribute_not_exists(pk) OR (attribute_exists(replicatedFrom) AND version < :incoming)', values: { ':incoming': item.version } },
    );
  },
};
