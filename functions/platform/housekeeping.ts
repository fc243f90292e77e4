/**
 * Housekeeping. Trigger: the scheduled rule of functions/contexts.ts (every few minutes), or on demand
 * (`POST /_local/rules/<name>/trigger` locally). Effects: re-publishes events left in the outbox (a
 * PutEvents that failed after its transaction committed), and writes a heartbeat that /v1/health
 * reports. Idempotent: consumers dedupe on eventId, so publishing twice is harmless.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { dynamo } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { DomainEvent } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import { platformKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import { publishOutbox } from '#shared/store/unit-of-work.ts';

/** Younger entries are probably being published by the request that wrote them. */
const OUTBOX_GRACE_MS = 30_000;

async function sweepOutbox(city: string): Promise<{ found: number; published: number }> {
  const before = new Date(Date.now() - OUTBOX_GRACE_MS).toISOString();
  const page = await dynamo().send(new QueryCommand({
    TableName: tableName(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
    ExpressionAttributeValues: { ':pk': `${city}#OUTBOX`, ':before': before }, Limit: 100,
  }));
  const events = (page.Items ?? []).map((i) => i.event as DomainEvent);
  return { found: events.length, published: events.length ? await publishOutbox(events) : 0 };
}

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const city = requireEnv(ENV.cityCode);
    const outbox = await sweepOutbox(city);
    const at = new Date().toISOString();
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...platformKeys.heartbeat(city, 'housekeeping'), at, outbox } }));
    logger.info('housekeeping done', { outbox });
    return { at, outbox };
  });
