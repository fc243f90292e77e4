import type { DetailType } from '#shared/events/detail-types.ts';
import { PROVINCE_READ_MODEL } from '#shared/events/detail-types.ts';
import { type Applier, appliers as cityAppliers } from '../replication/appliers.ts';
import type { FollowUp } from '../replication/replica-handler.ts';
import { awardApplier } from './statistics/award-applier.ts';
import { applyProjectSummarized, refreshSummarizedMonth } from './statistics/summary-applier.ts';

/**
 * What each event of the province bus does to the province's read models. Agencies and credit are replicated
 * exactly as every city replicates them — the same appliers (functions/replication/appliers.ts), writing the same
 * rows into the province's table — so the directory and the credit lists are the cities' own code over the
 * province's copy (and the province policy, whose credit rules compute the profiles). Awards and project summaries
 * are the province's own: they feed its statistics.
 */
const replicated = Object.fromEntries(
  PROVINCE_READ_MODEL.flatMap((type) => (cityAppliers[type] ? [[type, cityAppliers[type]] as const] : [])),
) as Partial<Record<DetailType, Applier>>;

export const provinceAppliers: Partial<Record<DetailType, Applier>> = {
  ...replicated,
  AwardPublished: awardApplier('AwardPublished'),
  AwardConfirmed: awardApplier('AwardConfirmed'),
  ProjectSummarized: applyProjectSummarized,
};

/** After a summary's commit: its month's and day's accumulators (the cities' own recomputation). */
export const provinceFollowUps: Partial<Record<DetailType, FollowUp>> = {
  ProjectSummarized: refreshSummarizedMonth,
};
