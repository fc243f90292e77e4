import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';

/**
 * 全省门户: server-rendered Chinese HTML pages (text/html) of the province API, public, beside `/v1`, with the paths the
 * city portal uses for the same pages (functions/disclosure/portal/routes.ts), so a link reads the same everywhere.
 */
const tags = ['province portal (全省门户)'];
const page = { auth: 'public', tags, produces: 'text/html', response: z.string().describe('text/html; charset=utf-8') } as const;
const Cursor = z.string().max(1000).optional();

export const provincePortalRoutes = [
  { ...page, operationId: 'provincePortalHome', method: 'GET', path: '/', summary: '全省首页: the cities with links to their portals, the province\'s figures this year and the latest results of every city' },
  { ...page, operationId: 'provincePortalAgencies', method: 'GET', path: '/portal/agencies', query: z.object({ q: z.string().max(100).optional(), cursor: Cursor }), summary: 'The province\'s agency directory (名录); ?q= by name or code' },
  { ...page, operationId: 'provincePortalAgency', method: 'GET', path: '/portal/agencies/{uscc}', params: z.object({ uscc: z.string().max(64) }).strict(), summary: 'One agency: public profile and 信用脸谱' },
  { ...page, operationId: 'provincePortalCredit', method: 'GET', path: '/portal/credit', summary: 'Credit lists of the province: restricted and blacklisted agencies' },
  {
    ...page, operationId: 'provincePortalStatistics', method: 'GET', path: '/portal/statistics', query: z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() }),
    summary: '全省统计分析: charts (SVG, server-side) with their numbers as tables, and each city\'s figures',
  },
] as const satisfies readonly RouteSpec[];
