/**
 * Every city's replica of the province's admitted agencies (一地入驻、全省通行). Trigger: the inbox worker
 * (functions/replication/inbox-handler.ts) for `AgencyAdmitted`, `AgencyChanged` and `AgencyCleared`, from any
 * city of the province and from this city itself. Input: the event detail, whose data carries the whole record
 * and its `version`. Effect: the record replaces this city's copy when it is newer (domain `isNewerVersion`; the
 * write is conditioned on the version too, so two deliveries racing cannot move it back). Idempotent: applied
 * once per eventId (applyOnce), and a replay, an older event arriving late, or the admitting city receiving its
 * own event (same version) changes nothing.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { agencyStore } from './adapters/agency-store.ts';
import type { AgencyEventData } from './agency-record.ts';
import { isNewerVersion } from './domain/agency.ts';

export async function applyAgencyEvent(detail: EventDetail, uow: UnitOfWork): Promise<void> {
  const { agency } = detail.data as AgencyEventData;
  if (!agency?.uscc || !Number.isInteger(agency.version) || agency.province !== requireEnv(ENV.provinceCode)) {
    logger.warn('agency event without a record of this province; ignored', { eventId: detail.eventId });
    return;
  }
  const current = await agencyStore.get(agency.province, agency.uscc);
  if (!isNewerVersion(current, agency)) return;
  agencyStore.stageReplica(uow, agency, detail.city);
}
