import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';

/**
 * 公开门户: server-rendered Chinese HTML pages (text/html), public, on the city API beside `/v1`. Parameters are
 * loose strings here: a malformed one is answered by the page as an HTML 404/400, not as problem+json, since a
 * person in a browser reads the answer.
 */
const Segment = z.string().max(64);
const Cursor = z.string().max(1000).optional();
const Html = z.string().describe('text/html; charset=utf-8');
const TenantParams = z.object({ tenant: Segment }).strict();
const ProjectParams = z.object({ tenant: Segment, id: Segment }).strict();
const tags = ['portal (公开门户)'];
const page = { auth: 'public', tags, produces: 'text/html', response: Html } as const;

export const portalRoutes = [
  { ...page, operationId: 'portalHome', method: 'GET', path: '/', summary: '首页: open announcements with their deadlines, the latest results and 流标 notices of the city and its counties' },
  {
    ...page, operationId: 'portalProjects', method: 'GET', path: '/portal/tenants/{tenant}/projects', params: TenantParams,
    query: z.object({ status: z.string().max(20).optional(), cursor: Cursor }), summary: 'A tenant\'s public projects, newest first, paginated; ?status= (e.g. failed: 流标)',
  },
  { ...page, operationId: 'portalProject', method: 'GET', path: '/portal/tenants/{tenant}/projects/{id}', params: ProjectParams, summary: 'One project: announcement, close, award notice with the draw transcript, certificate, contract, evaluation' },
  {
    ...page, operationId: 'portalDrawVerification', method: 'GET', path: '/portal/tenants/{tenant}/projects/{id}/draw-verification', params: ProjectParams,
    summary: 'ISM-DRAW-1 recomputed on the server for the project\'s published transcripts, check by check',
  },
  { ...page, operationId: 'portalCatalogue', method: 'GET', path: '/portal/tenants/{tenant}/service-items', params: TenantParams, query: z.object({ cursor: Cursor }), summary: '事项清单 of a tenant' },
  { ...page, operationId: 'portalAgencies', method: 'GET', path: '/portal/agencies', query: z.object({ q: z.string().max(100).optional(), cursor: Cursor }), summary: 'Agency directory (名录); ?q= by name or code' },
  { ...page, operationId: 'portalAgency', method: 'GET', path: '/portal/agencies/{uscc}', params: z.object({ uscc: Segment }).strict(), summary: 'One agency: public profile, 信用脸谱, evaluations' },
  { ...page, operationId: 'portalCredit', method: 'GET', path: '/portal/credit', summary: 'Credit lists: restricted and blacklisted agencies' },
  { ...page, operationId: 'portalCertificates', method: 'GET', path: '/portal/certificates', query: z.object({ no: z.string().max(100).optional() }), summary: 'Certificate verification by number (303 to /v1/certificates/{no}/verification)' },
  {
    ...page, operationId: 'portalStatistics', method: 'GET', path: '/portal/statistics', query: z.object({ tenant: z.string().max(6).optional(), from: z.string().max(10).optional(), to: z.string().max(10).optional() }),
    summary: '统计分析: charts (SVG, server-side) with their numbers as tables',
  },
  {
    operationId: 'portalFavicon', method: 'GET', path: '/favicon.ico', auth: 'public', tags, produces: 'image/svg+xml', response: z.string(),
    summary: 'The site icon browsers ask for on every page of the API (the portal\'s and the certificate verification page)',
  },
  { ...page, operationId: 'portalOpenData', method: 'GET', path: '/portal/open-data', summary: 'Links to the open data: OCDS release packages and CSV downloads' },
] as const satisfies readonly RouteSpec[];
