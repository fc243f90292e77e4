import { BatchWriteCommand, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws-clients.ts';
import { GENESIS_HASH, sealEntry, type AuditActor, type AuditEntry } from '../audit/audit-chain.ts';
import { ENV, requireEnv } from '../deployment-env.ts';
import type { DetailType } from '../events/detail-types.ts';
import { domainEvent, type DomainEvent } from '../events/envelope.ts';
import { putOnCityBus } from '../events/publisher.ts';
import { logger } from '../observability.ts';
import { pad, tableName } from './table.ts';
import { auditKeys } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Raised when a concurrent writer won; the caller re-reads and tries again (withConflictRetry). */
export class WriteConflict extends Error {
  constructor(readonly reasons: string[]) {
    super(`write conflict: ${reasons.join(', ')}`);
    this.name = 'WriteConflict';
  }
}

/**
 * One change = one DynamoDB transaction holding the record(s), the audit entries that describe them
 * and the events to publish (an outbox). Nothing is half-written: a change without its audit entry,
 * or an audit entry without its change, cannot exist. Events are published right after the commit;
 * any that fail stay in the outbox for the housekeeping sweep (functions/platform/housekeeping.ts).
 */
export class UnitOfWork {
  private readonly items: TransactItem[] = [];
  private readonly heads = new Map<string, { seq: number; hash: string }>();
  private readonly events: DomainEvent[] = [];
  readonly entries: AuditEntry[] = [];

  constructor(private readonly actor: AuditActor, private readonly now = new Date()) {}

  get at(): string {
    return this.now.toISOString();
  }

  put(item: Record<string, unknown>, condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> }): this {
    this.items.push({
      Put: {
        TableName: tableName(), Item: item,
        ...(condition ? { ConditionExpression: condition.expression, ExpressionAttributeNames: condition.names, ExpressionAttributeValues: condition.values } : {}),
      },
    });
    return this;
  }

  /**
   * Appends to the entity's chain. `newChain`: the caller knows the entity is new (e.g. its row is written with
   * attribute_not_exists), so the head is not read: the chain starts at seq 1, and the head's own condition
   * (attribute_not_exists) still refuses the write should a chain exist after all.
   */
  async audit(tenant: string, entity: string, entityId: string, action: string, data: unknown, opts: { newChain?: boolean } = {}): Promise<AuditEntry> {
    const keys = auditKeys(tenant, entity, entityId);
    const chain = `${keys.pk}`;
    let head = this.heads.get(chain);
    const fresh = !head;
    if (!head && opts.newChain) head = { seq: 0, hash: GENESIS_HASH };
    if (!head) {
      const stored = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.head, ConsistentRead: true }))).Item;
      head = stored ? { seq: stored.seq as number, hash: stored.hash as string } : { seq: 0, hash: GENESIS_HASH };
    }
    const entry = sealEntry({ tenant, entity, entityId, seq: head.seq + 1, at: this.at, actor: this.actor, action, data, prevHash: head.hash });
    this.items.push({ Put: { TableName: tableName(), Item: { ...keys.entry(entry.seq), ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } });
    // The head moves only from the seq we read: two writers racing on one chain cannot both commit.
    const headItem = { ...keys.head, seq: entry.seq, hash: entry.hash, tenant, entity, entityId, updatedAt: this.at };
    if (fresh) {
      this.items.push({
        Put: head.seq === 0
          ? { TableName: tableName(), Item: headItem, ConditionExpression: 'attribute_not_exists(pk)' }
          : { TableName: tableName(), Item: headItem, ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': head.seq } },
      });
    } else {
      const index = this.items.findIndex((i) => i.Put?.Item?.pk === keys.head.pk && i.Put?.Item?.sk === keys.head.sk);
      this.items[index].Put!.Item = headItem;
    }
    this.heads.set(chain, { seq: entry.seq, hash: entry.hash });
    this.entries.push(entry);
    return entry;
  }

  event<T>(detailType: DetailType, tenant: string, data: T): DomainEvent<T> {
    const e = domainEvent(detailType, { tenant, city: requireEnv(ENV.cityCode), province: requireEnv(ENV.provinceCode) }, data, this.at);
    this.events.push(e);
    this.items.push({
      Put: {
        TableName: tableName(),
        Item: { pk: `${tenant}#OUTBOX#${e.detail.eventId}`, sk: 'OUTBOX', gsi2pk: `${requireEnv(ENV.cityCode)}#OUTBOX`, gsi2sk: `${e.detail.occurredAt}#${e.detail.eventId}`, event: e },
      },
    });
    return e;
  }

  async commit(): Promise<void> {
    if (this.items.length > 100) throw new Error('a unit of work holds at most 100 items (DynamoDB transaction limit)');
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: this.items }));
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
        throw new WriteConflict(reasons.map((r) => r.Code ?? 'None'));
      }
      throw error;
    }
    if (this.events.length > 0) await publishOutbox(this.events);
  }
}

/** Publish, then clear the outbox entries EventBridge accepted. Failures are logged and left for the sweep. */
export async function publishOutbox(events: DomainEvent[]): Promise<number> {
  try {
    const accepted = await putOnCityBus(events);
    const done = events.filter((e) => accepted.has(e.detail.eventId));
    for (let i = 0; i < done.length; i += 25) {
      await dynamo().send(new BatchWriteCommand({
        RequestItems: { [tableName()]: done.slice(i, i + 25).map((e) => ({ DeleteRequest: { Key: { pk: `${e.detail.tenant}#OUTBOX#${e.detail.eventId}`, sk: 'OUTBOX' } } })) },
      }));
    }
    return done.length;
  } catch (error) {
    logger.warn('events left in the outbox for the sweep', { error: (error as Error).message, count: events.length });
    return 0;
  }
}

/** Optimistic concurrency: re-run the whole read-decide-write when another writer won the race. */
export async function withConflictRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof WriteConflict) || i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}

export { pad };
