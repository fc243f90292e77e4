import type { HttpResult } from '#shared/http/http-handler.ts';
import { DomainError } from '#shared/http/problems.ts';
import { logger } from '#shared/observability.ts';
import { type Html, html } from './html.ts';
import type { PortalPage } from './portal-context.ts';

/**
 * A portal page as an HTTP answer, for any portal (the city's, the province's): `frame` puts the page in its site's
 * layout; Cache-Control from the page (public pages are cacheable, verifications are not). A DomainError (an unknown
 * project, tenant or agency, a bad period) is an HTML page with its status, since a person reads it; anything else is
 * logged and a 500 page.
 */
export function pageRenderer(frame: (title: string, body: Html) => string) {
  const respond = (p: PortalPage): HttpResult => ({
    status: p.status ?? 200,
    binary: { contentType: 'text/html; charset=utf-8', data: Buffer.from(frame(p.title, p.body)) },
    headers: { 'cache-control': p.cacheSeconds > 0 ? `public, max-age=${p.cacheSeconds}` : 'no-store' },
  });
  return async function render(load: () => PortalPage | Promise<PortalPage>): Promise<HttpResult> {
    try {
      return respond(await load());
    } catch (error) {
      if (!(error instanceof DomainError)) {
        logger.error('portal page failed', error as Error);
        return respond({ title: '服务暂时不可用', body: html`<p>页面暂时无法显示，请稍后再试。</p><p><a href="/">返回首页</a></p>`, cacheSeconds: 0, status: 500 });
      }
      return respond({ title: error.status === 404 ? '未找到' : '请求有误', body: html`<p>${error.zh}</p><p><a href="/">返回首页</a></p>`, cacheSeconds: 0, status: error.status });
    }
  };
}
