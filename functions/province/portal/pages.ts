import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { beijingTime, methodZh, yuan } from '#functions/disclosure/portal/format.ts';
import { type Html, html, query, raw } from '#functions/disclosure/portal/html.ts';
import type { PortalPage } from '#functions/disclosure/portal/portal-context.ts';
import { renderStatisticsCharts } from '#functions/disclosure/statistics/charts.ts';
import type { Statistics } from '#functions/disclosure/statistics/domain/fold.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { provinceCities } from '../adapters/cities.ts';
import { awardStore } from '../statistics/adapters/award-store.ts';
import { provinceStatistics } from '../statistics/province-statistics.ts';

const LATEST = 10;
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** A city's portal page, when the province knows where the city's portal is. */
const cityLink = (city: { apiUrl?: string }, path: string) => (city.apiUrl ? `${city.apiUrl.replace(/\/$/, '')}${path}` : undefined);

function figuresTable(rows: { name: Html; s: Statistics }[]) {
  return html`<div class="wrap"><table><thead><tr><th scope="col">地区</th><th scope="col">发布项目</th><th scope="col">中选</th><th scope="col">流标</th><th scope="col">流标率</th><th scope="col">发布预算</th><th scope="col">节约资金</th></tr></thead><tbody>
${rows.map(({ name, s }) => html`<tr><td>${name}</td><td>${s.projects}</td><td>${s.outcomes.awarded}</td><td>${s.outcomes.failed}</td><td>${pct(s.outcomes.failedRate)}</td><td>${yuan(s.money.publishedBudgetFen)}</td><td>${yuan(s.money.savingFen)}（${pct(s.money.savingRate)}）</td></tr>`)}
</tbody></table></div>`;
}

/** 全省首页: each city with a link to its portal and its figures this year, then the latest results of the whole province. */
export async function provinceHomePage(): Promise<PortalPage> {
  const province = requireEnv(ENV.provinceCode);
  const cities = provinceCities();
  const stats = await provinceStatistics({});
  const latest = (await awardStore.between(province, { from: stats.period.from })).sort((a, b) => b.awardedAt.localeCompare(a.awardedAt)).slice(0, LATEST);
  const names = new Map(await Promise.all([...new Set(latest.map((a) => a.agency))].map(async (u) => [u, (await agencyStore.get(province, u))?.name ?? u] as const)));
  const byCode = new Map(cities.map((c) => [c.code, c]));
  const body = html`
<p>本省各市中介服务超市的入驻机构、信用信息和统计数据在此汇总公开；采购公告、选取结果、随机选取复核和中选确认书验证请进入各市门户。</p>
<h2 id="cities">各市门户</h2>
<ul>${cities.map((c) => { const href = cityLink(c, '/'); return html`<li>${href ? html`<a href="${href}">${c.name}网上中介服务超市</a>` : html`${c.name}（门户地址未配置）`}</li>`; })}</ul>
<h2 id="figures">本年度数据（${stats.period.from} 至 ${stats.period.to}）</h2>
${figuresTable([...stats.byCity.map((b) => ({ name: html`${b.city.name}`, s: b.statistics })), { name: html`<strong>全省</strong>`, s: stats.statistics }])}
<p><a href="/portal/statistics">查看全省统计分析（图表）</a></p>
<h2 id="results">全省最新选取结果</h2>
${latest.length ? html`<div class="wrap"><table><thead><tr><th scope="col">项目编号</th><th scope="col">地区</th><th scope="col">中选机构</th><th scope="col">选取方式</th><th scope="col">公示时间</th></tr></thead><tbody>
${latest.map((a) => {
    const city = byCode.get(a.city);
    const href = city && cityLink(city, `/portal/tenants/${a.tenant}/projects/${a.projectId}`);
    return html`<tr><td>${href ? html`<a href="${href}">${a.projectId}</a>` : a.projectId}</td><td>${city?.name ?? a.city}（${a.tenant}）</td><td><a href="/portal/agencies/${a.agency}">${names.get(a.agency)}</a></td><td>${a.method ? methodZh(a.method) : '—'}</td><td>${beijingTime(a.awardedAt)}</td></tr>`;
  })}
</tbody></table></div>` : html`<p>本年度尚无选取结果。</p>`}`;
  return { title: `${requireEnv(ENV.provinceName)}网上中介服务超市`, body, cacheSeconds: 60 };
}

/** 全省统计分析: the province's statistics as charts with their tables (charts.ts of the open-data context), then each city's figures. */
export async function provinceStatisticsPage(q: { from?: string; to?: string }): Promise<PortalPage> {
  const period = { from: /^\d{4}-\d{2}-\d{2}$/.test(q.from ?? '') ? q.from : undefined, to: /^\d{4}-\d{2}-\d{2}$/.test(q.to ?? '') ? q.to : undefined };
  const stats = await provinceStatistics(period);
  const charts = renderStatisticsCharts(stats.statistics as Statistics);
  const body = html`
<form method="get" action="/portal/statistics"><label for="from">开始日期</label><input id="from" name="from" type="date" value="${stats.period.from}">
<label for="to">结束日期</label><input id="to" name="to" type="date" value="${stats.period.to}"> <button type="submit">统计</button></form>
<p>统计期间：${stats.period.from} 至 ${stats.period.to}（按项目发布日期），全省 ${stats.statistics.projects} 个项目，涉及 ${stats.tenants.length} 个地区。</p>
<h2 id="cities">各市数据</h2>
${figuresTable(stats.byCity.map((b) => ({ name: html`${b.city.name}`, s: b.statistics as Statistics })))}
${charts.map((c) => html`<h2 id="${c.id}">${c.title}</h2><figure>${raw(c.svg)}<figcaption class="muted">数据见下表</figcaption></figure>
<div class="wrap"><table><thead><tr>${c.table.headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${c.table.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody></table></div>`)}
<p><a href="/v1/stats${query({ from: stats.period.from, to: stats.period.to })}">JSON 数据</a></p>`;
  return { title: '全省统计分析', body, cacheSeconds: 60 };
}
