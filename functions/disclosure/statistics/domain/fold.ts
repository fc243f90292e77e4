/**
 * 统计分析: the pure fold from project summaries (./summary.ts) to statistics, shared by the city (per tenant and
 * per city) and the province (province-wide, from the `ProjectSummarized` events it receives).
 *
 * Two steps, so that statistics can be precomputed:
 *  1. `addSummary` / `foldSummaries` build an ACCUMULATOR made only of sums and counts (no averages, no shares), and
 *     `mergeAccumulators` adds two of them. It is a commutative monoid with `emptyAccumulator()` as identity, so a
 *     month's accumulator can be stored and any period is the merge of its months (plus the summaries of the
 *     partial months at its ends) — folding the parts and merging equals folding the whole.
 *  2. `finalizeStatistics` derives what a reader wants: averages, the saving, the failed rate, and per service item
 *     the market concentration (HHI and top-5 share, 中介垄断) and the out-of-region award share (地方保护).
 *
 * Definitions (documented in the README as well):
 *  - saving (节约资金) = budget − award amount, over the projects that have an award amount (contract amount when
 *    signed, else the winner's opened quote); rate = saving / their budget.
 *  - failed rate (流标率) = failed / decided (failed + awarded); projects still open are not counted.
 *  - HHI per item = Σ (100 × share)², shares by number of awards won in the period, in [0, 10000]; top-5 share = the
 *    five largest shares summed, in [0, 1]. An item with no award has neither.
 *  - out-of-region share = current winners registered outside the project's city / current winners.
 */
import { SERVICE_TYPE_ZH } from '#functions/catalog/domain/service-item.ts';
import { PROJECT_STATUS_ZH, type ProjectStatus } from '#functions/procurement/domain/project/lifecycle.ts';
import type { ProjectSummary } from './summary.ts';

export const METHOD_ZH: Record<string, string> = {
  random: '随机选取', 'lowest-price': '竞价选取', 'average-price': '均价选取', 'best-value': '择优选取', direct: '直接选取',
};

export interface ItemAccumulator {
  tenant: string;
  code: string;
  name: string;
  serviceType: string;
  projects: number;
  /** Awards won per agency (统一社会信用代码). */
  awards: Record<string, number>;
}

export interface StatsAccumulator {
  projects: number;
  byStatus: Record<string, number>;
  byMethod: Record<string, number>;
  byServiceType: Record<string, number>;
  budgetFen: number;
  outcomes: { open: number; failed: number; awarded: number };
  /** Projects with an award amount: their budget and the amount. */
  priced: { count: number; budgetFen: number; amountFen: number };
  daysToAward: { count: number; sum: number; max: number };
  evaluations: { count: number; quality: number; attitude: number; feeReasonableness: number };
  winners: { count: number; outOfRegion: number };
  items: Record<string, ItemAccumulator>;
}

export const emptyAccumulator = (): StatsAccumulator => ({
  projects: 0, byStatus: {}, byMethod: {}, byServiceType: {}, budgetFen: 0,
  outcomes: { open: 0, failed: 0, awarded: 0 },
  priced: { count: 0, budgetFen: 0, amountFen: 0 },
  daysToAward: { count: 0, sum: 0, max: 0 },
  evaluations: { count: 0, quality: 0, attitude: 0, feeReasonableness: 0 },
  winners: { count: 0, outOfRegion: 0 },
  items: {},
});

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

export const itemKeyOf = (item: { tenant: string; code: string }) => `${item.tenant}|${item.code}`;

/** Adds one summary into `acc` (mutated; the fold's inner step). */
function addInto(acc: StatsAccumulator, s: ProjectSummary): void {
  acc.projects += 1;
  bump(acc.byStatus, s.status);
  bump(acc.byMethod, s.method);
  bump(acc.byServiceType, s.serviceItem.serviceType);
  acc.budgetFen += s.budgetFen;
  acc.outcomes[s.outcome] += 1;
  if (s.awardFen !== undefined) {
    acc.priced.count += 1;
    acc.priced.budgetFen += s.budgetFen;
    acc.priced.amountFen += s.awardFen;
  }
  if (s.workingDaysToAward !== undefined) {
    acc.daysToAward.count += 1;
    acc.daysToAward.sum += s.workingDaysToAward;
    acc.daysToAward.max = Math.max(acc.daysToAward.max, s.workingDaysToAward);
  }
  if (s.evaluation) {
    acc.evaluations.count += 1;
    acc.evaluations.quality += s.evaluation.quality;
    acc.evaluations.attitude += s.evaluation.attitude;
    acc.evaluations.feeReasonableness += s.evaluation.feeReasonableness;
  }
  const key = itemKeyOf(s.serviceItem);
  const item = (acc.items[key] ??= { tenant: s.serviceItem.tenant, code: s.serviceItem.code, name: s.serviceItem.name, serviceType: s.serviceItem.serviceType, projects: 0, awards: {} });
  item.projects += 1;
  if (s.winner) {
    acc.winners.count += 1;
    if (s.winner.outOfRegion) acc.winners.outOfRegion += 1;
    bump(item.awards, s.winner.uscc);
  }
}

/** A new accumulator: `acc` plus one summary. */
export function addSummary(acc: StatsAccumulator, s: ProjectSummary): StatsAccumulator {
  const out = mergeAccumulators(emptyAccumulator(), acc);
  addInto(out, s);
  return out;
}

export function foldSummaries(summaries: Iterable<ProjectSummary>): StatsAccumulator {
  const acc = emptyAccumulator();
  for (const s of summaries) addInto(acc, s);
  return acc;
}

const mergeCounts = (a: Record<string, number>, b: Record<string, number>) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};

/** a + b, a new value (neither is changed). */
export function mergeAccumulators(a: StatsAccumulator, b: StatsAccumulator): StatsAccumulator {
  const items: Record<string, ItemAccumulator> = {};
  for (const [k, v] of Object.entries(a.items)) items[k] = { ...v, awards: { ...v.awards } };
  for (const [k, v] of Object.entries(b.items)) {
    const mine = items[k];
    items[k] = mine ? { ...mine, projects: mine.projects + v.projects, awards: mergeCounts(mine.awards, v.awards) } : { ...v, awards: { ...v.awards } };
  }
  return {
    projects: a.projects + b.projects,
    byStatus: mergeCounts(a.byStatus, b.byStatus),
    byMethod: mergeCounts(a.byMethod, b.byMethod),
    byServiceType: mergeCounts(a.byServiceType, b.byServiceType),
    budgetFen: a.budgetFen + b.budgetFen,
    outcomes: { open: a.outcomes.open + b.outcomes.open, failed: a.outcomes.failed + b.outcomes.failed, awarded: a.outcomes.awarded + b.outcomes.awarded },
    priced: { count: a.priced.count + b.priced.count, budgetFen: a.priced.budgetFen + b.priced.budgetFen, amountFen: a.priced.amountFen + b.priced.amountFen },
    daysToAward: { count: a.daysToAward.count + b.daysToAward.count, sum: a.daysToAward.sum + b.daysToAward.sum, max: Math.max(a.daysToAward.max, b.daysToAward.max) },
    evaluations: {
      count: a.evaluations.count + b.evaluations.count, quality: a.evaluations.quality + b.evaluations.quality,
      attitude: a.evaluations.attitude + b.evaluations.attitude, feeReasonableness: a.evaluations.feeReasonableness + b.evaluations.feeReasonableness,
    },
    winners: { count: a.winners.count + b.winners.count, outOfRegion: a.winners.outOfRegion + b.winners.outOfRegion },
    items,
  };
}

export interface Breakdown {
  key: string;
  zh: string;
  count: number;
}

export interface Concentration {
  item: { tenant: string; code: string; name: string; serviceType: string };
  projects: number;
  awards: number;
  agencies: number;
  /** Herfindahl–Hirschman index on award counts, 0–10000; null with no award. */
  hhi: number | null;
  /** Share of the five agencies that won most, 0–1; null with no award. */
  top5Share: number | null;
  top: { uscc: string; awards: number; share: number }[];
}

export interface Statistics {
  projects: number;
  byStatus: Breakdown[];
  byMethod: Breakdown[];
  byServiceType: Breakdown[];
  money: { publishedBudgetFen: number; pricedProjects: number; pricedBudgetFen: number; awardedAmountFen: number; savingFen: number; savingRate: number | null };
  outcomes: { open: number; failed: number; awarded: number; decided: number; failedRate: number | null };
  workingDaysToAward: { count: number; average: number | null; max: number | null };
  evaluations: { count: number; averages: { quality: number; attitude: number; feeReasonableness: number; overall: number } | null };
  concentration: Concentration[];
  outOfRegion: { winners: number; outOfRegion: number; share: number | null };
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);

const breakdown = (counts: Record<string, number>, zh: Record<string, string>): Breakdown[] =>
  Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key, count]) => ({ key, zh: zh[key] ?? key, count }));

/** HHI (0–10000) and the top-5 share (0–1) of a set of award counts; null for none. */
export function marketConcentration(awards: Record<string, number>): { hhi: number | null; top5Share: number | null; total: number; ranked: [string, number][] } {
  const ranked = Object.entries(awards).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = ranked.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return { hhi: null, top5Share: null, total, ranked };
  const hhi = ranked.reduce((sum, [, n]) => sum + (100 * n / total) ** 2, 0);
  const top5 = ranked.slice(0, 5).reduce((sum, [, n]) => sum + n, 0);
  return { hhi: Math.min(10_000, round(hhi, 2)), top5Share: Math.min(1, round(top5 / total)), total, ranked };
}

export function finalizeStatistics(acc: StatsAccumulator): Statistics {
  const decided = acc.outcomes.failed + acc.outcomes.awarded;
  const e = acc.evaluations;
  const concentration = Object.values(acc.items).map((item): Concentration => {
    const c = marketConcentration(item.awards);
    return {
      item: { tenant: item.tenant, code: item.code, name: item.name, serviceType: item.serviceType },
      projects: item.projects, awards: c.total, agencies: c.ranked.length, hhi: c.hhi, top5Share: c.top5Share,
      top: c.ranked.slice(0, 5).map(([uscc, n]) => ({ uscc, awards: n, share: round(n / c.total) })),
    };
  }).sort((a, b) => (b.hhi ?? -1) - (a.hhi ?? -1) || b.awards - a.awards || a.item.code.localeCompare(b.item.code));
  const saving = acc.priced.budgetFen - acc.priced.amountFen;
  return {
    projects: acc.projects,
    byStatus: breakdown(acc.byStatus, PROJECT_STATUS_ZH as Record<ProjectStatus, string>),
    byMethod: breakdown(acc.byMethod, METHOD_ZH),
    byServiceType: breakdown(acc.byServiceType, SERVICE_TYPE_ZH),
    money: {
      publishedBudgetFen: acc.budgetFen, pricedProjects: acc.priced.count, pricedBudgetFen: acc.priced.budgetFen,
      awardedAmountFen: acc.priced.amountFen, savingFen: saving, savingRate: ratio(saving, acc.priced.budgetFen),
    },
    outcomes: { ...acc.outcomes, decided, failedRate: ratio(acc.outcomes.failed, decided) },
    workingDaysToAward: {
      count: acc.daysToAward.count,
      average: acc.daysToAward.count ? round(acc.daysToAward.sum / acc.daysToAward.count, 2) : null,
      max: acc.daysToAward.count ? acc.daysToAward.max : null,
    },
    evaluations: {
      count: e.count,
      averages: e.count ? {
        quality: round(e.quality / e.count, 2), attitude: round(e.attitude / e.count, 2), feeReasonableness: round(e.feeReasonableness / e.count, 2),
        overall: round((e.quality + e.attitude + e.feeReasonableness) / (3 * e.count), 2),
      } : null,
    },
    concentration,
    outOfRegion: { winners: acc.winners.count, outOfRegion: acc.winners.outOfRegion, share: ratio(acc.winners.outOfRegion, acc.winners.count) },
  };
}

/** The period a summary falls in: `from` and `to` are Beijing dates, both included. */
export const inPeriod = (s: Pick<ProjectSummary, 'day'>, from: string, to: string): boolean => s.day >= from && s.day <= to;

/** Statistics of the summaries published in [from, to] (the straightforward path; the stores merge month accumulators instead). */
export function statisticsOf(summaries: Iterable<ProjectSummary>, from: string, to: string): Statistics {
  return finalizeStatistics(foldSummaries([...summaries].filter((s) => inPeriod(s, from, to))));
}
