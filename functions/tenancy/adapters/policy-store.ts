import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { tenantKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';

/** One level's stored policy override: `CURRENT` plus an immutable row per version (history). */
export interface StoredPolicy {
  tenant: string;
  override: Record<string, unknown>;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export const policyStore = {
  async get(tenant: string): Promise<StoredPolicy | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: tenantKeys.policy(tenant), ConsistentRead: true }))).Item;
    return item ? { tenant, override: item.override, version: item.version, updatedAt: item.updatedAt, updatedBy: item.updatedBy } : undefined;
  },

  async history(tenant: string): Promise<StoredPolicy[]> {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': tenantKeys.policy(tenant).pk, ':v': 'V#' },
    }));
    return (page.Items ?? []).map((i) => ({ tenant, override: i.override, version: i.version, updatedAt: i.updatedAt, updatedBy: i.updatedBy }));
  },

  /** Writes a version over exactly the one it was derived from (optimistic concurrency). */
  stage(uow: UnitOfWork, policy: StoredPolicy): void {
    const previous = policy.version - 1;
    uow.put({ ...tenantKeys.policy(policy.tenant), ...policy }, previous === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :p', values: { ':p': previous } });
    uow.put({ ...tenantKeys.policyVersion(policy.tenant, policy.version), ...policy }, { expression: 'attribute_not_exists(pk)' });
  },

  /**
   * A replicated province policy (from another city, through the province bus): applied only when
   * newer than what is stored, so a late old event never overwrites a newer state.
   */
  stageReplica(uow: UnitOfWork, policy: StoredPolicy): void {
    uow.put({ ...tenantKeys.policy(policy.tenant), ...policy }, { expression: 'attribute_not_exists(pk) OR version < :v', values: { ':v': policy.version } });
    uow.put({ ...tenantKeys.policyVersion(policy.tenant, policy.version), ...policy });
  },
};
