/**
 * 统计分析 of the whole province for a period (Beijing days, both included; default: this year to today), as each
 * city computes its own (functions/disclosure/statistics): the same fold over the same project summaries, for every
 * tenant of the province that has some in the period — in total and per city — beside the awards published in the
 * period from the award events (adapters/award-store.ts).
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { periodOf, statisticsFor } from '#functions/disclosure/statistics/city-statistics.ts';
import { monthsOf } from '#functions/disclosure/statistics/domain/period.ts';
import { provinceCities } from '../adapters/cities.ts';
import { awardStore } from './adapters/award-store.ts';
import { summaryMonths } from './adapters/summary-months.ts';
import { awardStatistics } from './domain/award.ts';

export async function provinceStatistics(query: { from?: string; to?: string }) {
  const code = requireEnv(ENV.provinceCode);
  const period = periodOf(query);
  const tenants = await summaryMonths.tenants(code, monthsOf(period.from, period.to).map((m) => m.month));
  const cities = provinceCities();
  const [statistics, byCity, awards] = await Promise.all([
    statisticsFor(tenants.map((t) => t.tenant), period.from, period.to),
    Promise.all(cities.map(async (c) => {
      const own = tenants.filter((t) => t.city === c.code).map((t) => t.tenant);
      return { city: { code: c.code, name: c.name }, tenants: own, statistics: await statisticsFor(own, period.from, period.to) };
    })),
    awardStore.between(code, period),
  ]);
  const { from: _f, to: _t, ...awardTotals } = awardStatistics(awards, period);
  void _f; void _t;
  return {
    province: { code, name: requireEnv(ENV.provinceName) }, period, tenants: tenants.map((t) => t.tenant),
    statistics, byCity, awards: awardTotals, generatedAt: new Date().toISOString(),
  };
}
