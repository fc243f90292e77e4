/**
 * `ProjectSummarized` of every city ({ summary }: the open-data projector's project summary with the project's
 * `version`), for the province statistics. Trigger: the province's read-model worker (applied once per eventId).
 * Effect: the summary replaces the province's copy when it is newer — an older one arriving late changes nothing —
 * with its month's tenant row; after the commit, on every delivery, its month's and day's accumulators are recomputed
 * (adapters/summary-months.ts), so a redelivery completes a recomputation that failed.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { summaryStore } from '#functions/disclosure/statistics/adapters/summary-store.ts';
import type { ProjectSummary } from '#functions/disclosure/statistics/domain/summary.ts';
import { summaryMonths } from './adapters/summary-months.ts';

function summaryOf(detail: EventDetail): ProjectSummary | undefined {
  const { summary } = (detail.data ?? {}) as { summary?: ProjectSummary };
  const valid = summary?.projectId && summary.tenant && /^\d{4}-\d{2}$/.test(summary.month ?? '') && /^\d{4}-\d{2}-\d{2}$/.test(summary.day ?? '')
    && Number.isInteger(summary.version) && summary.province === requireEnv(ENV.provinceCode);
  if (!valid) logger.warn('project summary without a project of this province; ignored', { eventId: detail.eventId });
  return valid ? summary : undefined;
}

export async function applyProjectSummarized(detail: EventDetail, uow: UnitOfWork): Promise<void> {
  const summary = summaryOf(detail);
  if (!summary) return;
  const stored = await summaryStore.get(summary.tenant, summary.month, summary.projectId);
  if (stored && stored.version >= summary.version) return;
  summaryMonths.stage(uow, requireEnv(ENV.provinceCode), summary);
}

export async function refreshSummarizedMonth(detail: EventDetail): Promise<void> {
  const summary = summaryOf(detail);
  if (summary) await summaryMonths.refresh(summary);
}
