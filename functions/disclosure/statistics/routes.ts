import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { IsoDate } from '../ocds/routes.ts';

const tags = ['statistics (统计分析)'];
const Stats = z.object({ scope: z.object({}).passthrough(), period: z.object({ from: z.string(), to: z.string() }), statistics: z.object({}).passthrough() }).passthrough();
const Period = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

export const statisticsRoutes = [
  {
    operationId: 'getTenantStatistics', method: 'GET', path: '/v1/tenants/{tenant}/stats', auth: 'public', tags,
    summary: '统计分析 of one tenant\'s projects published in [from, to] (Beijing dates; default: this year to today): by status, method, service type; budget, award and saving; working days to award; failed rate; evaluations; HHI and top-5 share per item; out-of-region award share',
    params: z.object({ tenant: DivisionCode }).strict(), query: Period, response: Stats,
  },
  {
    operationId: 'getCityStatistics', method: 'GET', path: '/v1/stats', auth: 'public', tags,
    summary: '统计分析 of the whole city (the city and its counties) for [from, to]; ?tenant= narrows to one of them',
    query: Period.extend({ tenant: DivisionCode.optional() }), response: Stats,
  },
] as const satisfies readonly RouteSpec[];
