/**
 * A replica's SQS consumer, for any table of appliers: the city's inbox (inbox-handler.ts) and the province's read
 * models (functions/province/read-model-worker.ts). Each event is applied once: the applier's writes and an "applied"
 * marker for its eventId commit in one transaction (apply-once.ts), so a redelivered or replayed event changes
 * nothing; an event type without an applier is acknowledged. Failures are reported per message
 * (ReportBatchItemFailures); after the queue's maxReceiveCount a message lands in the DLQ, from where
 * `aws sqs start-message-move-task` redrives it.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DetailType } from '#shared/events/detail-types.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import { applyOnce } from './apply-once.ts';
import type { Applier } from './appliers.ts';

interface BusEvent {
  id: string;
  source: string;
  'detail-type': DetailType;
  detail: EventDetail;
}

/**
 * Work that must follow an event's commit (a recomputation that reads what the applier wrote). It runs after every
 * delivery, applied now or before, so a redelivery after a failed follow-up completes it: it must be idempotent.
 */
export type FollowUp = (detail: EventDetail) => Promise<void>;

export function replicaHandler(appliers: Partial<Record<DetailType, Applier>>, followUps: Partial<Record<DetailType, FollowUp>> = {}) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        try {
          const bus = JSON.parse(record.body) as BusEvent;
          const apply = appliers[bus['detail-type']];
          if (!apply) {
            logger.info('no applier for event type; acknowledged', { detailType: bus['detail-type'] });
            continue;
          }
          logger.appendKeys({ tenant: bus.detail.tenant, eventId: bus.detail.eventId });
          const applied = await applyOnce(bus.detail.eventId, (uow) => apply(bus.detail, uow, bus.source));
          logger.info(applied ? 'event applied' : 'event already applied', { detailType: bus['detail-type'], source: bus.source });
          await followUps[bus['detail-type']]?.(bus.detail);
        } catch (error) {
          logger.error('event not applied; will be retried', error as Error);
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}
