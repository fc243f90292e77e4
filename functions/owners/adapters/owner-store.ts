import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { ownerKeys, tenantKeys } from '#shared/store/keys.ts';
import { listByIndex } from '#shared/store/query.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { Account } from '../../tenancy/domain/onboarding.ts';
import type { ClerkAccount } from '../domain/clerk.ts';
import type { Owner } from '../domain/owner.ts';

/**
 * The owner registry in the city table: `CURRENT` per owner plus one immutable `V#nnnnnn` per version,
 * a claim row per 统一社会信用代码 (one organisation, one owner per tenant), and the clerks' account rows
 * in the tenant's account partition (so the tenant's account list shows them), indexed per owner on gsi2.
 */
export const ownerStore = {
  async get(tenant: string, id: string): Promise<Owner | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: ownerKeys.current(tenant, id), ConsistentRead: true }))).Item;
    return item ? (withoutKeys(item) as Owner) : undefined;
  },

  list: (tenant: string) => listByIndex<Owner>(`${tenant}#OWNERS`),

  /** Id of the owner already registered in this tenant under this code, if any. */
  async ownerWithCode(tenant: string, uscc: string): Promise<string | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: ownerKeys.usccClaim(tenant, uscc), ConsistentRead: true }))).Item;
    return item?.ownerId as string | undefined;
  },

  /** Writes the new current state (only over the version it was derived from) and its history row. */
  stage(uow: UnitOfWork, owner: Owner): void {
    const previous = owner.version - 1;
    uow.put(
      { ...ownerKeys.current(owner.tenant, owner.id), ...ownerKeys.listIndex(owner.tenant, owner.id), ...owner },
      previous === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :previous', values: { ':previous': previous } },
    );
    uow.put({ ...ownerKeys.version(owner.tenant, owner.id, owner.version), ...owner }, { expression: 'attribute_not_exists(pk)' });
    if (previous === 0 && owner.uscc) {
      uow.put({ ...ownerKeys.usccClaim(owner.tenant, owner.uscc), ownerId: owner.id, tenant: owner.tenant }, { expression: 'attribute_not_exists(pk)' });
    }
  },

  /** The caller's account in its tenant, read consistently: it decides what a clerk may see. */
  async account(tenant: string, subject: string): Promise<Account | undefined> {
    const key = tenantKeys.account(tenant, subject);
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }))).Item;
    return item ? (withoutKeys(item) as Account) : undefined;
  },

  async clerks(tenant: string, ownerId: string): Promise<ClerkAccount[]> {
    const out: ClerkAccount[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(new QueryCommand({
        TableName: tableName(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': ownerKeys.clerkIndex(tenant, ownerId, '').gsi2pk }, ExclusiveStartKey,
      }));
      out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as ClerkAccount));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  },

  stageClerk(uow: UnitOfWork, clerk: ClerkAccount): void {
    uow.put(
      { ...tenantKeys.account(clerk.tenant, clerk.subject), ...ownerKeys.clerkIndex(clerk.tenant, clerk.ownerId, clerk.subject), ...clerk },
      { expression: 'attribute_not_exists(pk)' },
    );
  },
};
