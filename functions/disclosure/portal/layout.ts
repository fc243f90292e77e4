import { type Html, html, raw } from './html.ts';

/**
 * Every portal page: Chinese, one small inline style sheet and no script or external asset (it loads in one request
 * and works without JavaScript), readable on a phone (viewport, one column, wrapping tables), accessible (a skip link,
 * one h1 per page — the page's own — landmarks, focus outlines, text contrast ≥ 7:1 and links ≥ 4.5:1 on white).
 */
export const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#fff}
a{color:#0b4fc4}a:focus,button:focus,input:focus,select:focus{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.3rem .6rem}
header{background:#8f1d1d;color:#fff;padding:.6rem 1rem}header a{color:#fff}header .site{font-weight:700;font-size:1.1rem;text-decoration:none}
nav ul{list-style:none;margin:.3rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
main{max-width:60rem;margin:0 auto;padding:.5rem 1rem 2rem}h1{font-size:1.5rem;margin:.8rem 0}h2{font-size:1.2rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f4f6}.wrap{overflow-x:auto}.mono{font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}
.ok{color:#116329;font-weight:700}.bad{color:#a40e26;font-weight:700}.muted{color:#57606a}.tag{display:inline-block;padding:0 .4rem;border:1px solid #57606a;border-radius:.3rem;font-size:.85rem}
form{margin:.5rem 0}label{display:block;font-weight:600}input,select,button{font:inherit;padding:.3rem .5rem;max-width:100%}button,.button{background:#0b4fc4;color:#fff;border:0;border-radius:.3rem;padding:.35rem .9rem;text-decoration:none;display:inline-block}
.pager{display:flex;gap:1rem;margin:1rem 0}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
footer{border-top:1px solid #d0d7de;padding:1rem;color:#57606a;font-size:.9rem;max-width:60rem;margin:0 auto}`;

export interface PageOptions {
  /** The page's h1 and the start of its <title>. */
  title: string;
  body: Html;
  /** The city whose API serves the portal (its name in the header). */
  city: { code: string; name: string };
}

export function page({ title, body, city }: PageOptions): string {
  return `<!doctype html>\n${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.ico" type="image/svg+xml"><title>${title} — ${city.name}网上中介服务超市</title><style>${raw(CSS)}</style></head>
<body><a class="skip" href="#main">跳到正文</a>
<header><a class="site" href="/">${city.name}网上中介服务超市</a>
<nav aria-label="主导航"><ul><li><a href="/">首页</a></li><li><a href="/portal/tenants/${city.code}/projects">采购公告</a></li><li><a href="/portal/tenants/${city.code}/service-items">事项清单</a></li>
<li><a href="/portal/agencies">中介机构</a></li><li><a href="/portal/credit">信用信息</a></li><li><a href="/portal/certificates">确认书验证</a></li>
<li><a href="/portal/statistics">统计分析</a></li><li><a href="/portal/open-data">开放数据</a></li></ul></nav></header>
<main id="main"><h1>${title}</h1>
${body}
</main>
<footer>让中介服务超市在阳光下运行：除国家秘密、商业秘密和个人隐私外，本站信息全部公开。时间均为北京时间，金额单位为元。</footer>
</body></html>`.text}`;
}
