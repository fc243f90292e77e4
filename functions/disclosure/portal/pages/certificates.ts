import { CERTIFICATE_NO, verificationPath } from '#functions/certificates/domain/certificate.ts';
import { html } from '../html.ts';
import type { PortalPage } from '../portal-context.ts';

/**
 * 中选确认书验证 by number: a plain GET form; a well-formed number goes (303) to the certificates API's verification,
 * which answers a browser with a page — the same page the certificate's QR code opens. A malformed one is refused here.
 */
export function certificateLookup(no: string | undefined): PortalPage | { redirect: string } {
  const wanted = no?.trim().toUpperCase();
  if (wanted && CERTIFICATE_NO.test(wanted)) return { redirect: verificationPath(wanted) };
  const body = html`<p>输入中选确认书上的编号即可查验其真伪与状态（有效、已作废）。用手机扫描确认书上的二维码，会打开同一个验证页面。</p>
<form method="get" action="/portal/certificates"><label for="no">确认书编号</label>
<input id="no" name="no" type="text" value="${no ?? ''}" placeholder="ZXQR-445203-2026-000001" maxlength="40" autocomplete="off" aria-describedby="no-help${wanted ? ' no-error' : ''}">
<p id="no-help" class="muted">格式：ZXQR-地区代码-年份-序号</p>
${wanted && html`<p id="no-error" class="bad" role="alert">编号格式不正确，请核对后重新输入。</p>`}
<button type="submit">验证</button></form>
<p class="muted">离线验证：下载确认书 PDF 与本市公钥（<a href="/.well-known/jwks.json">jwks.json</a>），运行 <span class="mono">npx tsx bin/verify-certificate.ts</span>。</p>`;
  return { title: '中选确认书验证', body, cacheSeconds: 300, ...(wanted ? { status: 400 } : {}) };
}
