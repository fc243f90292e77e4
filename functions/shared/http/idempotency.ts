import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws-clients.ts';
import { tableName } from '../store/table.ts';
import { problems } from './problems.ts';

/**
 * `Idempotency-Key` on POSTs that create something (DESIGN section 8, as Stripe and the IETF
 * draft-ietf-httpapi-idempotency-key-header do it): the first request with a key runs; a retry with
 * the same key and the same body gets the stored answer without running again; the same key with
 * another body is refused (422). Keys are scoped to the caller and live 24 hours.
 */
const TTL_SECONDS = 24 * 3600;
/** A request that died mid-way leaves an `in-progress` record; after this long a retry may take over. */
const STALE_IN_PROGRESS_MS = 60_000;

export interface StoredAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface IdempotencyRecord {
  pk: string;
  sk: string;
  state: 'in-progress' | 'completed';
  requestHash: string;
  startedAt: number;
  expiresAt: number;
  answer?: StoredAnswer;
}

export function requestHash(routeKey: string, path: string, body: string | undefined): string {
  return createHash('sha256').update(`${routeKey}\n${path}\n${body ?? ''}`).digest('hex');
}

export class IdempotencyGuard {
  private readonly key: { pk: string; sk: string };
  constructor(scopeTenant: string, callerSub: string, idempotencyKey: string, private readonly hash: string) {
    this.key = { pk: `${scopeTenant}#IDEM#${callerSub}#${idempotencyKey}`, sk: 'IDEM' };
  }

  /** Claims the key, or returns the stored answer of an earlier identical request. */
  async begin(): Promise<StoredAnswer | undefined> {
    const now = Date.now();
    const record: IdempotencyRecord = { ...this.key, state: 'in-progress', requestHash: this.hash, startedAt: now, expiresAt: Math.floor(now / 1000) + TTL_SECONDS };
    try {
      await dynamo().send(new PutCommand({
        TableName: tableName(),
        Item: record,
        // Taken over when absent, expired (TTL deletion is late), or abandoned mid-way.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :nowSec OR (#state = :inProgress AND startedAt < :stale AND requestHash = :hash)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':nowSec': Math.floor(now / 1000), ':inProgress': 'in-progress', ':stale': now - STALE_IN_PROGRESS_MS, ':hash': this.hash },
      }));
      return undefined;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const existing = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: this.key, ConsistentRead: true }))).Item as IdempotencyRecord | undefined;
    if (!existing) return this.begin();
    if (existing.requestHash !== this.hash) throw problems.idempotencyKeyReused();
    if (existing.state === 'completed' && existing.answer) return existing.answer;
    throw problems.idempotencyInProgress();
  }

  async complete(answer: StoredAnswer): Promise<void> {
    await dynamo().send(new UpdateCommand({
      TableName: tableName(),
      Key: this.key,
      UpdateExpression: 'SET #state = :completed, answer = :answer',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':completed': 'completed', ':answer': answer },
    }));
  }

  /** A failed request frees its key, so the client may retry after fixing the cause. */
  async abandon(): Promise<void> {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: this.key }));
  }
}
