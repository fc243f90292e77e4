/**
 * Public portal (公开门户). Trigger: API Gateway routes of ./routes.ts, public (no login). Input: path and query only.
 * Output: a server-rendered Chinese HTML page (no script, no external asset) with Cache-Control for the CDN and the
 * browser. Reads only — projects, agencies, catalogue, credit and statistics through their own stores and public
 * projections — so every request is idempotent. A domain error (an unknown project, tenant or agency) is an HTML page
 * with its status, since a person reads it.
 */
import { httpHandler } from '#shared/http/http-handler.ts';
import { page } from './layout.ts';
import { pageRenderer } from './page-response.ts';
import { agencyDirectoryPage, agencyPage, creditListsPage } from './pages/agencies.ts';
import { cataloguePage } from './pages/catalogue.ts';
import { certificateLookup } from './pages/certificates.ts';
import { homePage } from './pages/home.ts';
import { openDataPage } from './pages/open-data.ts';
import { drawVerificationPage, projectListPage, projectPage } from './pages/projects.ts';
import { statisticsPage } from './pages/statistics.ts';
import { city } from './portal-context.ts';
import { portalRoutes } from './routes.ts';

/** 超 on the portal's red: browsers ask every page's origin for /favicon.ico (a 404 there is a console error). */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#8f1d1d"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff">超</text></svg>';

const render = pageRenderer((title, body) => page({ title, body, city: city() }));

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
    return render(() => lookup);
  },
  portalStatistics: ({ query }) => render(() => statisticsPage(query)),
  portalOpenData: () => render(() => openDataPage()),
  async portalFavicon() {
    return { binary: { contentType: 'image/svg+xml', data: Buffer.from(FAVICON) }, headers: { 'cache-control': 'public, max-age=604800' } };
  },
});
