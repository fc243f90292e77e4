/**
 * Audit API. Trigger: GET /v1/tenants/{tenant}/audit/{entity}/{id}. Returns an entity's audit chain
 * and recomputes every hash, so a reader need not trust the stored verdict — there is none stored.
 * The chain's HEAD row must agree with the last entry, so a truncated tail is detected too.
 */
import { QueryCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { authorize } from '#shared/auth/authorize.ts';
import { dynamo } from '#shared/aws-clients.ts';
import { verifyChain, type AuditEntry } from '#shared/audit/audit-chain.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { problems } from '#shared/http/problems.ts';
import { auditKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { auditRoutes } from './routes.ts';

async function readChain(tenant: string, entity: string, id: string): Promise<{ entries: AuditEntry[]; head?: { seq: number; hash: string } }> {
  const keys = auditKeys(tenant, entity, id);
  const entries: AuditEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': keys.pk, ':e': 'E#' }, ConsistentRead: true, ExclusiveStartKey,
    }));
    entries.push(...(page.Items ?? []).map((i) => withoutKeys(i) as AuditEntry));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const head = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.head, ConsistentRead: true }))).Item;
  return { entries, head: head ? { seq: head.seq as number, hash: head.hash as string } : undefined };
}

export const handler = httpHandler(auditRoutes, {
  async getAuditChain({ params, caller }) {
    await authorize(caller, 'audit.read', params.tenant, tenantStore);
    const { entries, head } = await readChain(params.tenant, params.entity, params.id);
    if (entries.length === 0 && !head) throw problems.notFound({ zh: `${params.entity} ${params.id} 的审计记录`, en: `Audit chain of ${params.entity} ${params.id}` });
    let verification = verifyChain(entries);
    if (verification.verified && (head?.seq !== verification.length || head?.hash !== verification.headHash)) {
      verification = { ...verification, verified: false, reason: 'the chain head does not match the last entry (entries removed?)' };
    }
    return {
      body: {
        entity: params.entity, id: params.id, entries, verification,
        algorithm: 'hash = SHA-256(canonical JSON of {tenant, entity, entityId, seq, at, actor, action, data, prevHash}); prevHash of entry 1 = 64 zeros',
      },
    };
  },
});
