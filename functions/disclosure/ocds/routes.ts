import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';

const tags = ['open data (公开数据, OCDS 1.1.5)'];
const Any = z.object({}).passthrough();
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date YYYY-MM-DD' });
const IsoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), { message: 'an ISO 8601 time, e.g. 2026-11-21T00:00:00+08:00' });
const Csv = z.string().describe('text/csv; charset=utf-8, with a byte-order mark');

export const openDataRoutes = [
  {
    operationId: 'listOcdsReleases', method: 'GET', path: '/v1/ocds/releases', auth: 'public', tags,
    summary: 'OCDS release package of every project stage of the city\'s tenants, oldest first; `since` = releases dated after that time (a change feed); opaque cursor; 204 when nothing (more) is there',
    query: z.object({ since: IsoTime.optional(), limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.string().max(400).optional() }),
    response: Any,
  },
  {
    operationId: 'getOcdsRecord', method: 'GET', path: '/v1/ocds/records/{ocid}', auth: 'public', tags,
    summary: 'OCDS record package of one contracting process (a project): its releases and the compiled release',
    params: z.object({ ocid: z.string().min(8).max(80).regex(/^[A-Za-z0-9-]+$/) }).strict(), response: Any,
  },
  {
    operationId: 'downloadProjectsCsv', method: 'GET', path: '/v1/tenants/{tenant}/projects.csv', auth: 'public', tags, produces: 'text/csv',
    summary: 'A tenant\'s projects (published on) as CSV, UTF-8 with BOM (opens in Excel with the Chinese intact)',
    params: z.object({ tenant: DivisionCode }).strict(), response: Csv,
  },
  {
    operationId: 'downloadAwardsCsv', method: 'GET', path: '/v1/awards.csv', auth: 'public', tags, produces: 'text/csv',
    summary: 'Awards (中选结果) of the city\'s tenants published in [from, to] as CSV, UTF-8 with BOM; ?tenant= filters',
    query: z.object({ from: IsoDate.optional(), to: IsoDate.optional(), tenant: DivisionCode.optional() }), response: Csv,
  },
] as const satisfies readonly RouteSpec[];
