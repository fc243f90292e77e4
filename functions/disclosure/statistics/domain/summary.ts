/**
 * 项目摘要: what statistics (统计分析) need of one published project, and nothing private — one small row per
 * project, recomputed by the disclosure projector whenever the project moves (functions/disclosure/statistics/
 * projector-worker.ts) and carried to the province by `ProjectSummarized` ({ summary }), so the city and the
 * province fold the same rows with the same pure fold (./fold.ts).
 *
 * `version` is the project's own version (every stored change increments it): a reader keeps the summary with the
 * highest version and ignores an older one arriving late. `schemaVersion` is the shape of this record.
 *
 * Periods: a project counts in the period (day, month) it was PUBLISHED in, Beijing time; it never moves to
 * another period later, so a month's aggregate changes only when one of its own projects changes.
 */
import type { WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { epochMsOf, formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';

export const SUMMARY_SCHEMA_VERSION = 1;

export type SummaryOutcome = 'open' | 'failed' | 'awarded';

export interface ProjectSummary {
  schemaVersion: number;
  /** The project's version when summarized: newer wins. */
  version: number;
  projectId: string;
  tenant: string;
  /** The city whose stack runs the tenant (the tenant itself when it is a city). */
  city: string;
  province: string;
  name: string;
  publishedAt: string;
  /** Beijing date of publication, YYYY-MM-DD. */
  day: string;
  /** YYYY-MM of `day`: the aggregate row it counts in. */
  month: string;
  status: string;
  method: string;
  tradingMode: string;
  fundingType: string;
  serviceItem: { tenant: string; code: string; name: string; serviceType: string };
  budgetFen: number;
  /** Registrants at close (eligible + excluded); absent before close. */
  tenderers?: number;
  /** open: not decided yet; failed: 流标 (at close, at selection or with no substitute left); awarded: has had a winner and did not fail. */
  outcome: SummaryOutcome;
  /** The current winner, when there is one. */
  winner?: { uscc: string; name?: string; homeRegion: string; outOfRegion: boolean };
  /** The first award (round 1), and the working days from publication to it on the tenant's calendar. */
  awardedAt?: string;
  workingDaysToAward?: number;
  /** The contract amount when signed, else the winner's opened quote (price methods); absent otherwise. */
  awardFen?: number;
  evaluation?: { quality: number; attitude: number; feeReasonableness: number };
  summarizedAt: string;
}

/**
 * The agency's home region: characters 3–8 of its 统一社会信用代码 are the administrative division code of the
 * authority that registered it (GB 32100-2015 §4.3), i.e. where it is registered — not where it was admitted to the
 * supermarket (一地入驻、全省通行 makes that anywhere in the province).
 */
export const homeRegionOf = (uscc: string): string => uscc.slice(2, 8);

/** The city (地级市) of a GB/T 2260 code: the first four digits and 00. */
export const cityOf = (division: string): string => `${division.slice(0, 4)}00`;

/** 地方保护: a winner registered outside the city the project's tenant belongs to. */
export const isOutOfRegion = (uscc: string, tenant: string): boolean => cityOf(homeRegionOf(uscc)) !== cityOf(tenant);

export const shanghaiDay = (at: string): string => formatShanghaiInstant(epochMsOf(at)).slice(0, 10);

export interface SummaryContext {
  province: string;
  serviceType: string;
  calendar: Pick<WorkingDayCalendar, 'workingDaysBetween'>;
  now: string;
  /** Public names of agencies, for the winner's (CSV downloads, the portal). */
  agencyNames?: Record<string, string>;
}

const AWARDED_STATUSES = new Set(['awarded', 'confirmed', 'contracted', 'in-service', 'completed', 'evaluated']);

/** The summary of a published project; undefined before publication (drafts and requests under review are not counted). */
export function summarizeProject(project: Project, ctx: SummaryContext): ProjectSummary | undefined {
  if (!project.publishedAt) return undefined;
  const day = shanghaiDay(project.publishedAt);
  const rounds = project.award?.rounds ?? [];
  const current = rounds.at(-1);
  const winnerCode = AWARDED_STATUSES.has(project.status) && current && !current.ended ? current.code : undefined;
  const firstAward = rounds[0]?.awardedAt;
  const quote = winnerCode ? project.award?.ranking.find((r) => r.code === winnerCode)?.quoteFen : undefined;
  const awardFen = winnerCode ? (project.award?.contract?.amountFen ?? quote) : undefined;
  const outcome: SummaryOutcome = project.status === 'failed' ? 'failed' : AWARDED_STATUSES.has(project.status) ? 'awarded' : 'open';
  const summary: ProjectSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    version: project.version,
    projectId: project.id,
    tenant: project.tenant,
    city: cityOf(project.tenant),
    province: ctx.province,
    name: project.name,
    publishedAt: project.publishedAt,
    day,
    month: day.slice(0, 7),
    status: project.status,
    method: project.selectionMethod,
    tradingMode: project.tradingMode,
    fundingType: project.fundingType,
    serviceItem: { tenant: project.serviceItem.tenant, code: project.serviceItem.code, name: project.serviceItem.name, serviceType: ctx.serviceType },
    budgetFen: project.budgetFen,
    outcome,
    summarizedAt: ctx.now,
  };
  if (project.closing) summary.tenderers = project.closing.pool.length + project.closing.excluded.length;
  if (winnerCode) {
    const name = ctx.agencyNames?.[winnerCode];
    summary.winner = { uscc: winnerCode, ...(name ? { name } : {}), homeRegion: homeRegionOf(winnerCode), outOfRegion: isOutOfRegion(winnerCode, project.tenant) };
  }
  if (firstAward) {
    summary.awardedAt = firstAward;
    summary.workingDaysToAward = ctx.calendar.workingDaysBetween(project.publishedAt, firstAward);
  }
  if (awardFen !== undefined) summary.awardFen = awardFen;
  if (project.evaluation) summary.evaluation = { quality: project.evaluation.quality, attitude: project.evaluation.attitude, feeReasonableness: project.evaluation.feeReasonableness };
  return summary;
}

/** Whether `b` should replace `a` (a reader keeps the newest project version). */
export const isNewerSummary = (a: ProjectSummary | undefined, b: ProjectSummary): boolean => !a || b.version > a.version;
