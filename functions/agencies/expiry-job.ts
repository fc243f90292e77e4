/**
 * The daily qualification job (资质到期预警与暂停). Trigger: the schedule of functions/contexts.ts, 01:00
 * Asia/Shanghai, or on demand (`POST /_local/rules/<ism-<city>-agency-expiry-schedule>/trigger` locally).
 * Input: none; the run is for the Shanghai date it runs on. Only the admitting city acts on an agency (its own
 * list, queried through gsi2 — never a table scan); every other city follows through the events.
 * Side effects, per agency, by the domain's rule (qualification-expiry.ts):
 *  - a warning 30 days before a certificate expires: one message to the notifications queue (for the SMS and
 *    mail senders; 主动推送) and an audit entry, once per warning key (claimed before sending, recorded after);
 *  - items covered only by an expired certificate suspended, and restored once it is valid again: the agency
 *    written over its version with its audit entry and an `AgencyChanged` event for every city.
 * Idempotent: a second run on the same day sends nothing again and changes nothing (the domain returns the same
 * record when there is nothing to do). One agency's failure is logged and does not stop the others.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { dynamo, sqs } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { logger } from '#shared/observability.ts';
import { platformKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { agencyStore, expiryWarnings } from './adapters/agency-store.ts';
import { catalogueFor } from './adapters/offered-item-store.ts';
import { stageAgencyChange } from './agency-record.ts';
import type { Agency } from './domain/agency.ts';
import type { CatalogItemLike } from './domain/offered-item.ts';
import { EXPIRY_JOB_ACTOR, type ExpiryWarning, applyExpiryAssessment, assessQualificationExpiry } from './domain/qualification-expiry.ts';
import { shanghaiDateOf } from './domain/shanghai-dates.ts';

const SYSTEM = { sub: EXPIRY_JOB_ACTOR, role: 'system' };

/** What the notification senders receive: enough to text the agency's contact person and to link the record. */
export interface QualificationExpiryNotice extends ExpiryWarning {
  kind: 'QualificationExpiryWarning';
  agencyName: string;
  admittedIn: string;
  contact: Agency['contact'];
}

async function sendWarning(city: string, agency: Agency, warning: ExpiryWarning): Promise<boolean> {
  if (!(await expiryWarnings.claim(city, warning.key))) return false;
  let messageId: string | undefined;
  try {
    const notice: QualificationExpiryNotice = { kind: 'QualificationExpiryWarning', ...warning, agencyName: agency.name, admittedIn: agency.admittedIn, contact: agency.contact };
    messageId = (await sqs().send(new SendMessageCommand({
      QueueUrl: requireEnv(ENV.notificationsQueueUrl),
      MessageBody: JSON.stringify(notice),
      MessageAttributes: { kind: { DataType: 'String', StringValue: notice.kind }, key: { DataType: 'String', StringValue: warning.key } },
    }))).MessageId;
  } catch (error) {
    await expiryWarnings.release(city, warning.key);
    throw error;
  }
  // Sent: from here on a failure must not release the claim (that would send it twice).
  await withConflictRetry(async () => {
    const uow = new UnitOfWork({ ...SYSTEM, tenant: agency.admittedIn });
    expiryWarnings.stageSent(uow, city, warning.key, messageId);
    await uow.audit(agency.admittedIn, 'agency', agency.uscc, 'agency.qualification-expiry-warned', warning);
    await uow.commit();
  });
  return true;
}

/** Suspends and restores by the rule, re-reading and re-deciding when another writer got there first. */
async function reconcile(province: string, uscc: string, date: string, catalogue: readonly CatalogItemLike[], now: Date): Promise<{ suspended: number; restored: number }> {
  return withConflictRetry(async () => {
    const agency = await agencyStore.get(province, uscc);
    if (!agency) return { suspended: 0, restored: 0 };
    const assessment = assessQualificationExpiry(agency, date, catalogue);
    const next = applyExpiryAssessment(agency, assessment, now);
    if (next === agency) return { suspended: 0, restored: 0 };
    const uow = new UnitOfWork({ ...SYSTEM, tenant: agency.admittedIn });
    const action = assessment.suspend.length > 0 ? 'agency.items-suspended-on-expiry' : 'agency.items-restored';
    await stageAgencyChange(uow, next, agency.version, action, 'AgencyChanged', { date, expired: assessment.expired, suspended: assessment.suspend, restored: assessment.restore, version: next.version });
    await uow.commit();
    return { suspended: assessment.suspend.length, restored: assessment.restore.length };
  });
}

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const city = requireEnv(ENV.cityCode);
    const province = requireEnv(ENV.provinceCode);
    const now = new Date();
    const date = shanghaiDateOf(now);
    const summary = { date, agencies: 0, warnings: 0, suspended: 0, restored: 0, failed: 0 };
    for (const agency of await agencyStore.admittedBy(city)) {
      summary.agencies++;
      try {
        const catalogue = await catalogueFor(agency.serviceItems);
        for (const warning of assessQualificationExpiry(agency, date, catalogue).warnings) {
          if (await sendWarning(city, agency, warning)) summary.warnings++;
        }
        const changed = await reconcile(province, agency.uscc, date, catalogue, now);
        summary.suspended += changed.suspended;
        summary.restored += changed.restored;
      } catch (error) {
        summary.failed++;
        logger.error('qualification expiry not processed for an agency; the next run retries', { uscc: agency.uscc, error: error as Error });
      }
    }
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...platformKeys.heartbeat(city, 'agency-expiry'), at: now.toISOString(), summary } }));
    logger.info('qualification expiry run done', summary);
    return summary;
  });
