import { CSS } from '#functions/disclosure/portal/layout.ts';
import { type Html, html, raw } from '#functions/disclosure/portal/html.ts';

/**
 * The frame of every province portal page: the city portal's style sheet and conventions (functions/disclosure/portal/
 * layout.ts: one h1, a skip link, landmarks, no script), with the province's name and its own navigation.
 */
export function provincePage({ title, body, province }: { title: string; body: Html; province: { code: string; name: string } }): string {
  return `<!doctype html>\n${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${title} — ${province.name}网上中介服务超市</title><style>${raw(CSS)}</style></head>
<body><a class="skip" href="#main">跳到正文</a>
<header><a class="site" href="/">${province.name}网上中介服务超市</a>
<nav aria-label="主导航"><ul><li><a href="/">全省首页</a></li><li><a href="/#cities">各市门户</a></li><li><a href="/portal/agencies">中介机构</a></li>
<li><a href="/portal/credit">信用信息</a></li><li><a href="/portal/statistics">统计分析</a></li></ul></nav></header>
<main id="main"><h1>${title}</h1>
${body}
</main>
<footer>一地入驻、全省通行；一地失信、全省受限。本页汇总全省各市公开的信息，采购公告与选取结果以各市门户为准。时间均为北京时间，金额单位为元。</footer>
</body></html>`.text}`;
}
