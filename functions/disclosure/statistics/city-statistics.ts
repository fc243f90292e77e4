/**
 * Statistics of a period for some tenants of this city, from the precomputed rows (adapters/summary-store.ts):
 * one BatchGet for the accumulators of the whole months of every tenant, plus the day accumulators of the partial
 * months at the period's ends (one query per tenant and partial month) — never every project of the period. Also the summaries themselves, for the CSV of awards.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { problems } from '#shared/http/problems.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { emptyAccumulator, finalizeStatistics, inPeriod, mergeAccumulators, type Statistics } from './domain/fold.ts';
import { defaultPeriod, monthsOf } from './domain/period.ts';
import type { ProjectSummary } from './domain/summary.ts';
import { summaryStore } from './adapters/summary-store.ts';

export const city = () => requireEnv(ENV.cityCode);

/** The city tenant and its counties, or just `only` (404 when it is not one of them). */
export async function cityTenants(only?: string): Promise<string[]> {
  const c = city();
  if (only) {
    const t = await tenantStore.get(only);
    if (!t || (t.code !== c && t.parent !== c)) throw problems.notFound({ zh: `本市的租户 ${only}`, en: `Tenant ${only} of this city` });
    return [only];
  }
  return [c, ...(await tenantStore.listCounties()).map((t) => t.code)];
}

export function periodOf(query: { from?: string; to?: string }): { from: string; to: string } {
  const today = formatShanghaiInstant(Date.now()).slice(0, 10);
  const d = defaultPeriod(today);
  const from = query.from ?? d.from;
  const to = query.to ?? (query.from && !query.to ? today : d.to);
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0 || span > 366 * 5) {
    throw problems.validation([{ path: 'query.from', code: 'period.invalid', message: { zh: '统计期间须满足 from ≤ to，且不超过五年', en: 'The period needs from ≤ to and at most five years' } }]);
  }
  return { from, to };
}

export async function statisticsFor(tenants: string[], from: string, to: string): Promise<Statistics> {
  const months = monthsOf(from, to);
  const whole = months.filter((m) => m.whole);
  const partial = months.filter((m) => !m.whole);
  const [accs, parts] = await Promise.all([
    summaryStore.monthAccumulators(tenants.flatMap((tenant) => whole.map((m) => ({ tenant, month: m.month })))),
    Promise.all(tenants.flatMap((tenant) => partial.map((m) => summaryStore.dayAccumulators(tenant, from > `${m.month}-01` ? from : `${m.month}-01`, to < `${m.month}-31` ? to : `${m.month}-31`)))),
  ]);
  let acc = emptyAccumulator();
  for (const a of accs.values()) acc = mergeAccumulators(acc, a);
  for (const a of parts.flat()) acc = mergeAccumulators(acc, a);
  return finalizeStatistics(acc);
}

export async function summariesFor(tenants: string[], from: string, to: string): Promise<ProjectSummary[]> {
  const months = monthsOf(from, to);
  const rows = await Promise.all(tenants.flatMap((tenant) => months.map((m) => summaryStore.monthSummaries(tenant, m.month))));
  return rows.flat().filter((s) => inPeriod(s, from, to)).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.projectId.localeCompare(b.projectId));
}
