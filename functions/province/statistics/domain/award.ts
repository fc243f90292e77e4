import { formatShanghaiInstant, epochMsOf } from '#functions/tenancy/domain/calendar/local-date.ts';

/**
 * A project's award as the province knows it, folded from the award events its city forwards (AwardPublished for
 * each round — the first selection and every substitution 依次递补 — and AwardConfirmed). Events may arrive in any
 * order and more than once: the fold keeps the highest round's winner and each agency's confirmation, so the same
 * set of events gives the same record whatever the order.
 */
export interface AwardPublishedData {
  projectId: string;
  round: number;
  agency: string;
  method?: string;
  serviceItem?: { tenant: string; code: string };
  budgetFen?: number;
  priceFen?: number;
  /** On a substitution: the agency replaced. */
  substituted?: string;
}

export interface AwardConfirmedData {
  projectId: string;
  agency: string;
  confirmedAt: string;
  certificateNo?: string;
}

export type AwardEvent =
  | { type: 'AwardPublished'; tenant: string; city: string; occurredAt: string; data: AwardPublishedData }
  | { type: 'AwardConfirmed'; tenant: string; city: string; occurredAt: string; data: AwardConfirmedData };

export interface ProvinceAward {
  projectId: string;
  tenant: string;
  city: string;
  /** The current winner: rank 1, or the substitute of the highest round. */
  agency: string;
  round: number;
  method?: string;
  serviceItem?: { tenant: string; code: string };
  budgetFen?: number;
  /** The winner's price where its round's event carried one (price methods); a substitute's is not published. */
  priceFen?: number;
  /** When the first award was published (中选公示), and its day in Asia/Shanghai: the day statistics count the project by. */
  awardedAt: string;
  awardedOn: string;
  /** Confirmations (中选确认) by agency: a confirmed winner may abandon and its substitute be confirmed later. */
  confirmations: Record<string, { at: string; certificateNo?: string }>;
  status: 'awarded' | 'confirmed';
  /** Incremented on every change: the store writes over the revision it read. */
  revision: number;
}

const statusOf = (a: Omit<ProvinceAward, 'status'>): ProvinceAward['status'] => (a.confirmations[a.agency] ? 'confirmed' : 'awarded');

export function foldAward(current: ProvinceAward | undefined, event: AwardEvent): ProvinceAward {
  const base: Omit<ProvinceAward, 'status'> = current ?? {
    projectId: event.data.projectId, tenant: event.tenant, city: event.city, agency: event.data.agency, round: 0,
    awardedAt: event.occurredAt, awardedOn: shanghaiDateOf(event.occurredAt), confirmations: {}, revision: 0,
  };
  let next: Omit<ProvinceAward, 'status'> = { ...base, revision: base.revision + 1 };
  if (event.type === 'AwardPublished') {
    const d = event.data;
    const first = !current || epochMsOf(event.occurredAt) < epochMsOf(next.awardedAt);
    next = {
      ...next, ...(first ? { awardedAt: event.occurredAt, awardedOn: shanghaiDateOf(event.occurredAt) } : {}),
      method: next.method ?? d.method, serviceItem: next.serviceItem ?? d.serviceItem, budgetFen: next.budgetFen ?? d.budgetFen,
    };
    if (d.round > next.round) next = { ...next, round: d.round, agency: d.agency, priceFen: d.priceFen };
    else if (d.round === next.round && next.priceFen === undefined) next = { ...next, priceFen: d.priceFen };
    if (next.round === 0) next = { ...next, round: d.round };
  } else {
    const d = event.data;
    next = { ...next, confirmations: { ...next.confirmations, [d.agency]: { at: d.confirmedAt, ...(d.certificateNo ? { certificateNo: d.certificateNo } : {}) } } };
    // A confirmation known before any publication: the confirmed agency is the winner until a round says otherwise.
    if (next.round === 0) next = { ...next, agency: d.agency };
  }
  const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Omit<ProvinceAward, 'status'>;
  return { ...clean, status: statusOf(clean) };
}

export interface AwardTotals {
  awarded: number;
  confirmed: number;
  /** Budget of the awarded projects that published one (分). */
  budgetFen: number;
  /** Award amounts where the winner's price is known (分), beside the budget of those same projects and the saving. */
  priced: { projects: number; budgetFen: number; awardFen: number; savingFen: number; savingRate: number | null };
}

export interface AwardStatistics {
  from?: string;
  to?: string;
  total: AwardTotals;
  byCity: Record<string, AwardTotals>;
  byTenant: Record<string, AwardTotals>;
  byMethod: Record<string, AwardTotals>;
}

const emptyTotals = (): AwardTotals => ({ awarded: 0, confirmed: 0, budgetFen: 0, priced: { projects: 0, budgetFen: 0, awardFen: 0, savingFen: 0, savingRate: null } });

function add(t: AwardTotals, a: ProvinceAward): void {
  t.awarded += 1;
  if (a.status === 'confirmed') t.confirmed += 1;
  t.budgetFen += a.budgetFen ?? 0;
  if (a.priceFen !== undefined && a.budgetFen !== undefined) {
    t.priced.projects += 1;
    t.priced.budgetFen += a.budgetFen;
    t.priced.awardFen += a.priceFen;
    t.priced.savingFen = t.priced.budgetFen - t.priced.awardFen;
    t.priced.savingRate = t.priced.budgetFen > 0 ? Math.round((t.priced.savingFen / t.priced.budgetFen) * 10_000) / 10_000 : null;
  }
}

/** Province-wide totals of the awards published from `from` to `to` (Shanghai dates, both included, either open), per city, tenant and method. */
export function awardStatistics(awards: ProvinceAward[], period: { from?: string; to?: string } = {}): AwardStatistics {
  const stats: AwardStatistics = { ...period, total: emptyTotals(), byCity: {}, byTenant: {}, byMethod: {} };
  for (const a of awards) {
    if (!inPeriod(a.awardedOn, period)) continue;
    add(stats.total, a);
    add((stats.byCity[a.city] ??= emptyTotals()), a);
    add((stats.byTenant[a.tenant] ??= emptyTotals()), a);
    add((stats.byMethod[a.method ?? 'unknown'] ??= emptyTotals()), a);
  }
  return stats;
}

export const inPeriod = (day: string, period: { from?: string; to?: string }): boolean =>
  (!period.from || day >= period.from) && (!period.to || day <= period.to);

const shanghaiDateOf = (at: string): string => formatShanghaiInstant(epochMsOf(at)).slice(0, 10);
