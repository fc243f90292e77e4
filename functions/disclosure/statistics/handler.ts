/**
 * 统计分析, public JSON: per tenant (`/v1/tenants/{t}/stats`, that tenant's own projects) and per city (`/v1/stats`,
 * the city and its counties; `?tenant=` narrows). Served from the month accumulators the disclosure projector keeps
 * (city-statistics.ts), so a year of thousands of projects is a handful of reads. Charts: ./charts.ts.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { cityTenants, periodOf, statisticsFor } from './city-statistics.ts';
import { statisticsRoutes } from './routes.ts';

export const handler = httpHandler(statisticsRoutes, {
  async getTenantStatistics({ params, query }) {
    const tenants = await cityTenants(params.tenant);
    const period = periodOf(query);
    return { body: { scope: { city: requireEnv(ENV.cityCode), tenant: params.tenant }, period, statistics: await statisticsFor(tenants, period.from, period.to), generatedAt: new Date().toISOString() } };
  },

  async getCityStatistics({ query }) {
    const tenants = await cityTenants(query.tenant);
    const period = periodOf(query);
    return {
      body: { scope: { city: requireEnv(ENV.cityCode), tenants, ...(query.tenant ? { tenant: query.tenant } : {}) }, period, statistics: await statisticsFor(tenants, period.from, period.to), generatedAt: new Date().toISOString() },
      headers: { 'cache-control': 'public, max-age=60' },
    };
  },
});
