/**
 * 全省门户 (the province portal). Trigger: API Gateway routes of ./routes.ts, public (no login). Input: path and query
 * only. Output: a server-rendered Chinese HTML page with Cache-Control (the city portal's pageRenderer, in the
 * province's frame). The directory, agency and credit pages are the city portal's own page functions
 * (functions/disclosure/portal/pages/agencies.ts) over the province's replica; the home and statistics pages are the
 * province's (./pages.ts). Reads only; a domain error is an HTML page with its status.
 */
import { pageRenderer } from '#functions/disclosure/portal/page-response.ts';
import { agencyDirectoryPage, agencyPage, creditListsPage } from '#functions/disclosure/portal/pages/agencies.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { provincePage } from './layout.ts';
import { provinceHomePage, provinceStatisticsPage } from './pages.ts';
import { provincePortalRoutes } from './routes.ts';

const render = pageRenderer((title, body) => provincePage({ title, body, province: { code: requireEnv(ENV.provinceCode), name: requireEnv(ENV.provinceName) } }));

export const handler = httpHandler(provincePortalRoutes, {
  provincePortalHome: () => render(() => provinceHomePage()),
  provincePortalAgencies: ({ query }) => render(() => agencyDirectoryPage(query)),
  provincePortalAgency: ({ params }) => render(() => agencyPage(params.uscc)),
  provincePortalCredit: () => render(() => creditListsPage()),
  provincePortalStatistics: ({ query }) => render(() => provinceStatisticsPage(query)),
});
