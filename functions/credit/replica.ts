/**
 * Every city's replica of the province's credit records (一地失信、全省受限). Trigger: the inbox worker
 * (functions/replication/inbox-handler.ts) for `CreditRecorded` and `CreditChanged`, from any city of the province
 * and from this city itself. Input: the event detail, whose data is `{ record }` with the whole record and its
 * `version`. Effect, in one transaction: the record replaces this city's copy when it is newer (the write is
 * conditioned on the version too, so two deliveries racing cannot move it back), and the agency's PROFILE and
 * RESTRICTION are recomputed from all its records — with, in the city that admitted the agency, its clearance when
 * the record makes it seriously dishonest. Idempotent: applied once per eventId (applyOnce); a replay, an older
 * event arriving late, or the issuing city receiving its own event (same version) changes nothing.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { creditStore } from './adapters/credit-store.ts';
import { type CreditEventData, stageConsequences } from './credit-service.ts';
import { isNewerRecord } from './domain/record.ts';

export async function applyCreditEvent(detail: EventDetail, uow: UnitOfWork): Promise<void> {
  const { record } = (detail.data ?? {}) as Partial<CreditEventData>;
  if (!record?.uscc || !record.id || !Number.isInteger(record.version) || record.province !== requireEnv(ENV.provinceCode)) {
    logger.warn('credit event without a record of this province; ignored', { eventId: detail.eventId });
    return;
  }
  const records = await creditStore.records(record.province, record.uscc);
  const current = records.find((r) => r.id === record.id);
  if (!isNewerRecord(current, record)) return;
  creditStore.stageReplica(uow, record, detail.city);
  await stageConsequences(uow, record.uscc, [...records.filter((r) => r.id !== record.id), record]);
}
