import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { catalogKeys } from '#shared/store/keys.ts';
import { listByIndex } from '#shared/store/query.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { ServiceItem } from '../domain/service-item.ts';

/** The catalogue in the city table: `CURRENT` per item plus one immutable `V#nnnnnn` per version. */
export const catalogStore = {
  async get(tenant: string, code: string): Promise<ServiceItem | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: catalogKeys.current(tenant, code), ConsistentRead: true }))).Item;
    return item ? (withoutKeys(item) as ServiceItem) : undefined;
  },

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
};
