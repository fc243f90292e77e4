/**
 * Award events (AwardPublished, AwardConfirmed) of every city, for the province statistics. Trigger: the province's
 * read-model worker (applied once per eventId). Effect: the project's award row, folded with the event over the
 * revision it was read at (domain foldAward: any order of arrival gives the same row).
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { Applier } from '../../replication/appliers.ts';
import { awardStore } from './adapters/award-store.ts';
import { type AwardEvent, foldAward } from './domain/award.ts';

/** The applier of one award event type: the Applier signature carries the detail, not its type. */
export const awardApplier = (type: AwardEvent['type']): Applier => async (detail: EventDetail, uow: UnitOfWork) => {
  const province = requireEnv(ENV.provinceCode);
  const data = detail.data as AwardEvent['data'];
  if (detail.province !== province || !data?.projectId || !data.agency) {
    logger.warn('award event without a project of this province; ignored', { eventId: detail.eventId });
    return;
  }
  const current = await awardStore.get(province, data.projectId);
  const next = foldAward(current, { type, tenant: detail.tenant, city: detail.city, occurredAt: detail.occurredAt, data } as AwardEvent);
  awardStore.stage(uow, province, next, current?.revision);
};
