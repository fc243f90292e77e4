/**
 * 全省门户 (the province portal). Trigger: API Gateway routes of ./routes.ts, public (no login). Input: path and query
 * only. Output: a server-rendered Chinese HTML page with Cache-Control. The directory, agency and credit pages are the
 * city portal's own page functions (functions/disclosure/portal/pages/agencies.ts) over the province's replica; the
 * home and statistics pages are the province's (./pages.ts). Reads only; a domain error is an HTML page with its status.
 */
import { agencyDirectoryPage, agencyPage, creditListsPage } from '#functions/disclosure/portal/pages/agencies.ts';
import { html } from '#functions/disclosure/portal/html.ts';
import type { PortalPage } from '#functions/disclosure/portal/portal-context.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler, type HttpResult } from '#shared/http/http-handler.ts';
import { DomainError } from '#shared/http/problems.ts';
import { logger } from '#shared/observability.ts';
import { provincePage } from './layout.ts';
import { provinceHomePage, provinceStatisticsPage } from './pages.ts';
import { provincePortalRoutes } from './routes.ts';

function respond(p: PortalPage): HttpResult {
  const province = { code: requireEnv(ENV.provinceCode), name: requireEnv(ENV.provinceName) };
  return {
    status: p.status ?? 200,
    binary: { contentType: 'text/html; charset=utf-8', data: Buffer.from(provincePage({ title: p.title, body: p.body, province })) },
    headers: { 'cache-control': p.cacheSeconds > 0 ? `public, max-age=${p.cacheSeconds}` : 'no-store' },
  };
}

async function render(load: () => Promise<PortalPage>): Promise<HttpResult> {
  try {
    return respond(await load());
  } catch (error) {
    if (!(error instanceof DomainError)) {
      logger.error('province portal page failed', error as Error);
      return respond({ title: '服务暂时不可用', body: html`<p>页面暂时无法显示，请稍后再试。</p><p><a href="/">返回首页</a></p>`, cacheSeconds: 0, status: 500 });
    }
    return respond({ title: error.status === 404 ? '未找到' : '请求有误', body: html`<p>${error.zh}</p><p><a href="/">返回首页</a></p>`, cacheSeconds: 0, status: error.status });
  }
}

export const handler = httpHandler(provincePortalRoutes, {
  provincePortalHome: () => render(() => provinceHomePage()),
  provincePortalAgencies: ({ query }) => render(() => agencyDirectoryPage(query)),
  provincePortalAgency: ({ params }) => render(() => agencyPage(params.uscc)),
  provincePortalCredit: () => render(() => creditListsPage()),
  provincePortalStatistics: ({ query }) => render(() => provinceStatisticsPage(query)),
});
