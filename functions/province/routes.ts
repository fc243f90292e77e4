import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';

const tags = ['province (全省)'];

const Totals = z.object({
  awarded: z.number().int(), confirmed: z.number().int(), budgetFen: z.number().int(),
  priced: z.object({ projects: z.number().int(), budgetFen: z.number().int(), awardFen: z.number().int(), savingFen: z.number().int(), savingRate: z.number().nullable() })
    .describe('Projects whose winner\'s price is published (price methods): their budgets, award amounts and the saving'),
});

export const ProvinceCity = z.object({
  code: z.string(), name: z.string(),
  apiUrl: z.string().optional().describe('The city API (and its portal); absent until the city\'s stack has published it'),
});

export const ProvinceStats = z.object({
  province: z.object({ code: z.string(), name: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  tenants: z.array(z.string()).describe('Tenants with projects published in the period'),
  statistics: z.object({}).passthrough().describe('The cities\' statistics fold (by status, method, service type; budget, award and saving; working days to award; failed rate; evaluations; HHI and top-5 share; out-of-region share) over every project of the province published in the period'),
  byCity: z.array(z.object({ city: z.object({ code: z.string(), name: z.string() }), tenants: z.array(z.string()), statistics: z.object({}).passthrough() })),
  awards: z.object({
    total: Totals,
    byCity: z.record(z.string(), Totals), byTenant: z.record(z.string(), Totals), byMethod: z.record(z.string(), Totals),
  }).describe('Awards published in the period (中选公示, by Beijing day), from the award events every city forwards'),
  generatedAt: z.string(),
});

const Period = z.object({
  from: z.iso.date().optional().describe('First day (Beijing time), included; default 1 January of this year'),
  to: z.iso.date().optional().describe('Last day (Beijing time), included; default today'),
});

export const provinceRoutes = [
  {
    operationId: 'getProvinceHealth', method: 'GET', path: '/v1/health', auth: 'public', tags,
    summary: 'Liveness and readiness of the province stack (its read-model table reachable)',
    response: z.object({
      status: z.enum(['ok', 'degraded']), province: z.object({ code: z.string(), name: z.string() }), deploymentKind: z.enum(['sandbox', 'production']),
      checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })), time: z.string(),
    }),
  },
  {
    operationId: 'getProvinceOpenApi', method: 'GET', path: '/v1/openapi.json', auth: 'public', tags,
    summary: 'The province API\'s OpenAPI document, generated from the schemas that validate its requests',
  },
  {
    operationId: 'listProvinceCities', method: 'GET', path: '/v1/cities', auth: 'public', tags,
    summary: 'The cities of the province, with the URL of each city\'s API and portal', response: z.object({ items: z.array(ProvinceCity) }),
  },
  {
    operationId: 'getProvinceStats', method: 'GET', path: '/v1/stats', auth: 'public', tags,
    summary: 'Province statistics (统计分析) for a period: the cities\' statistics over every project of the province published in it, in total and per city, and the awards published in it per city, tenant and method',
    query: Period, response: ProvinceStats,
  },
] as const satisfies readonly RouteSpec[];
