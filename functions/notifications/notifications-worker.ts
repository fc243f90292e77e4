/**
 * The notifications consumer (主动推送 / 短信邀请, DESIGN §7). Trigger: SQS, the city's `notifications` queue, in
 * batches of up to 10 with ReportBatchItemFailures. Producers: the procurement timeline (`ProjectAnnouncement`,
 * one message per qualified agency when a project is published; award and objection notices later) and the daily
 * qualification job (`QualificationExpiryWarning`). Message contract: domain/notice-message.ts.
 * Side effects per message (receive-notice.ts): a notice in the agency's inbox, once per message key (a
 * conditional put on an id derived from the key), and one SMS through the SMS port — today the logging adapter,
 * which records the text it would send and a `logged` delivery; a gateway adapter is a later job.
 * A message that is no notice (not JSON, no kind or key, a required member missing) becomes a rejected record and
 * is acknowledged: retrying cannot mend it. A failure of the table or of the gateway fails that message only;
 * SQS delivers it again, and after five receives it rests in the dead-letter queue for redrive (README).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { logger } from '#shared/observability.ts';
import { loggingSms } from './adapters/logging-sms.ts';
import { noticeStore } from './adapters/notice-store.ts';
import { type ReceiveDeps, receiveNotice } from './receive-notice.ts';

let deps: ReceiveDeps | undefined;
const dependencies = (): ReceiveDeps => (deps ??= {
  city: requireEnv(ENV.cityCode),
  store: noticeStore(requireEnv(ENV.cityCode)),
  sms: loggingSms(logger),
  contacts: { phoneOf: async (uscc) => (await agencyStore.get(requireEnv(ENV.provinceCode), uscc))?.contact?.phone },
});

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const receiveCount = Number(record.attributes?.ApproximateReceiveCount) || undefined;
      try {
        const result = await receiveNotice({ messageId: record.messageId, body: record.body, receiveCount }, dependencies());
        if (result.outcome === 'rejected') {
          logger.warn('message is no notice: kept as a rejected record, not retried', { messageId: record.messageId, reasons: result.rejected.reasons, kind: result.rejected.kind, key: result.rejected.key, first: result.first });
        } else {
          logger.info(`notice ${result.outcome}`, { messageId: record.messageId, noticeId: result.notice.id, kind: result.notice.kind, tenant: result.notice.tenant, agency: result.notice.agencyUscc, sms: result.delivery?.status });
        }
      } catch (error) {
        logger.error('notice not processed; SQS delivers the message again', { messageId: record.messageId, receiveCount, error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
