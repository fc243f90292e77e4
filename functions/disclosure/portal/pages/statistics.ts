import { renderStatisticsCharts } from '#functions/disclosure/statistics/charts.ts';
import { cityTenants as statisticsTenants, periodOf, statisticsFor } from '#functions/disclosure/statistics/city-statistics.ts';
import { html, raw } from '../html.ts';
import { cityTenants, type PortalPage } from '../portal-context.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 统计分析 for a chosen period and the city or one of its tenants: the open-data context's statistics (precomputed per
 * month, statisticsFor) drawn as server-side SVG charts (renderStatisticsCharts, ECharts SSR), each with its numbers
 * as a table beside it — a phone and a screen reader read the table. The form is plain GET (no script).
 */
export async function statisticsPage(q: { tenant?: string; from?: string; to?: string }): Promise<PortalPage> {
  const tenants = await cityTenants();
  const chosen = tenants.find((t) => t.code === q.tenant);
  const { from, to } = periodOf({ from: q.from && DAY.test(q.from) ? q.from : undefined, to: q.to && DAY.test(q.to) ? q.to : undefined });
  const stats = await statisticsFor(await statisticsTenants(chosen?.code), from, to);
  const charts = renderStatisticsCharts(stats);
  const scope = chosen?.name ?? `${tenants[0].name}（含各县区）`;
  const body = html`
<form method="get" action="/portal/statistics"><label for="tenant">地区</label>
<select id="tenant" name="tenant"><option value="">全市（含各县区）</option>${tenants.map((t) => html`<option value="${t.code}"${t.code === chosen?.code ? html` selected` : ''}>${t.name}</option>`)}</select>
<label for="from">起始日期</label><input id="from" name="from" type="date" value="${from}">
<label for="to">截止日期</label><input id="to" name="to" type="date" value="${to}">
<p><button type="submit">统计</button></p></form>
<p>${scope}，${from} 至 ${to}（按发布日期，北京时间）：共 ${stats.projects} 个项目。</p>
${charts.map((c) => html`<section aria-labelledby="chart-${c.id}"><h2 id="chart-${c.id}">${c.title}</h2>
<figure>${raw(c.svg)}<figcaption class="muted">图表数据见下表</figcaption></figure>
<div class="wrap"><table><thead><tr>${c.table.headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>
${c.table.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody></table></div></section>`)}
<h2>下载</h2><ul><li><a href="/v1/awards.csv">中选结果（CSV）</a></li>${tenants.map((t) => html`<li><a href="/v1/tenants/${t.code}/projects.csv">${t.name}采购项目（CSV）</a></li>`)}
<li><a href="/v1/stats">统计数据（JSON）</a></li></ul>`;
  return { title: `统计分析：${scope}`, body, cacheSeconds: 300 };
}
