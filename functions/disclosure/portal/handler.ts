/**
 * Public portal (公开门户). Trigger: API Gateway routes of ./routes.ts, public (no login). Input: path and query only.
 * Output: a server-rendered Chinese HTML page (no script, no external asset) with Cache-Control for the CDN and the
 * browser. Reads only — projects, agencies, catalogue, credit and statistics through their own stores and public
 * projections — so every request is idempotent. A domain error (an unknown project, tenant or agency) is an HTML page
 * with its status, since a person reads it.
 */
import { httpHandler, type HttpResult } from '#shared/http/http-handler.ts';
import { DomainError } from '#shared/http/problems.ts';
import { logger } from '#shared/observability.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { agencyDirectoryPage, agencyPage, creditListsPage } from './pages/agencies.ts';
import { cataloguePage } from './pages/catalogue.ts';
import { certificateLookup } from './pages/certificates.ts';
import { homePage } from './pages/home.ts';
import { openDataPage } from './pages/open-data.ts';
import { drawVerificationPage, projectListPage, projectPage } from './pages/projects.ts';
import { statisticsPage } from './pages/statistics.ts';
import { city, type PortalPage } from './portal-context.ts';
import { portalRoutes } from './routes.ts';

/** 超 on the portal's red: browsers ask every page's origin for /favicon.ico (a 404 there is a console error). */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#8f1d1d"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff">超</text></svg>';

function respond(p: PortalPage): HttpResult {
  return {
    status: p.status ?? 200,
    binary: { contentType: 'text/html; charset=utf-8', data: Buffer.from(page({ title: p.title, body: p.body, city: city() })) },
    headers: { 'cache-control': p.cacheSeconds > 0 ? `public, max-age=${p.cacheSeconds}` : 'no-store' },
  };
}

/** Renders a page; a DomainError becomes an HTML page with its status (404 for what is not public or not there). */
async function render(load: () => Promise<PortalPage>): Promise<HttpResult> {
  try {
    return respond(await load());
  } catch (error) {
    if (!(error instanceof DomainError)) {
      logger.error('portal page failed', error as Error);
      return respond({ title: '服务暂时不可用', body: html`<p>页面暂时无法显示，请稍后再试。</p><p><a href="/">返回首页</a></p>`, cacheSeconds: 0, status: 500 });
    }
    const title = error.status === 404 ? '未找到' : '请求有误';
    return respond({ title, body: html`<p>${error.zh}</p><p><a href="/">返回首页</a></p>`, cacheSeconds: 0, status: error.status });
  }
}

export const handler = httpHandler(portalRoutes, {
  portalHome: () => render(() => homePage()),
  portalProjects: ({ params, query }) => render(() => projectListPage(params.tenant, query)),
  portalProject: ({ params }) => render(() => projectPage(params.tenant, params.id)),
  portalDrawVerification: ({ params }) => render(() => drawVerificationPage(params.tenant, params.id)),
  portalCatalogue: ({ params, query }) => render(() => cataloguePage(params.tenant, query)),
  portalAgencies: ({ query }) => render(() => agencyDirectoryPage(query)),
  portalAgency: ({ params }) => render(() => agencyPage(params.uscc)),
  portalCredit: () => render(() => creditListsPage()),
  async portalCertificates({ query }) {
    const lookup = certificateLookup(query.no);
    if ('redirect' in lookup) return { status: 303, headers: { location: lookup.redirect, 'cache-control': 'no-store' }, binary: { contentType: 'text/html; charset=utf-8', data: Buffer.from(`<a href="${lookup.redirect}">${lookup.redirect}</a>`) } };
    return respond(lookup);
  },
  portalStatistics: ({ query }) => render(() => statisticsPage(query)),
  portalOpenData: () => render(() => openDataPage()),
  async portalFavicon() {
    return { binary: { contentType: 'image/svg+xml', data: Buffer.from(FAVICON) }, headers: { 'cache-control': 'public, max-age=604800' } };
  },
});
