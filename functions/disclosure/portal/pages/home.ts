import { type ProjectSummary, projectSummaries } from '../adapters/portal-reads.ts';
import { beijingTime, methodZh, yuan } from '../format.ts';
import { html } from '../html.ts';
import { agencyNames, cityTenants, type PortalPage } from '../portal-context.ts';

/** How many of each tenant's newest public projects the home page looks at: bounded, whatever the year holds. */
const RECENT_PER_TENANT = 60;
const SHOWN = 10;

/** The current award round (依次递补 adds rounds; the last one stands). */
const lastRound = (p: ProjectSummary) => p.award?.rounds.at(-1);

const projectLink = (p: ProjectSummary) => html`<a href="/portal/tenants/${p.tenant}/projects/${p.id}">${p.name}</a>`;

/**
 * 首页: what is open for registration now (with its deadline), the latest results (中选公示) and the latest 流标
 * notices, across the city and its counties, from each tenant's newest projects; then the ways in.
 */
export async function homePage(now = Date.now()): Promise<PortalPage> {
  const tenants = await cityTenants();
  const pages = await Promise.all(tenants.map((t) => projectSummaries(t.code, { limit: RECENT_PER_TENANT })));
  const names = new Map(tenants.map((t) => [t.code, t.name]));
  const recent = pages.flatMap((p) => p.items);
  const open = recent.filter((p) => p.status === 'published' && p.registration && Date.parse(p.registration.closesAt) > now)
    .sort((a, b) => a.registration!.closesAt.localeCompare(b.registration!.closesAt)).slice(0, SHOWN);
  const awarded = recent.filter((p) => p.award?.rounds?.length)
    .sort((a, b) => lastRound(b)!.awardedAt.localeCompare(lastRound(a)!.awardedAt)).slice(0, SHOWN);
  const failed = recent.filter((p) => p.status === 'failed')
    .sort((a, b) => (b.history.at(-1)?.at ?? '').localeCompare(a.history.at(-1)?.at ?? '')).slice(0, SHOWN);
  const winners = await agencyNames(awarded.map((p) => lastRound(p)!.code));

  const body = html`
<p>本市及各县（区）中介服务项目的采购公告、选取结果、流标公告、中介机构及其信用信息，任何人无需登录即可查阅；随机选取可当场复核，中选确认书可凭编号或二维码验证。</p>
<h2 id="open">正在报名的采购公告</h2>
${open.length ? html`<div class="wrap"><table><thead><tr><th scope="col">项目</th><th scope="col">地区</th><th scope="col">选取方式</th><th scope="col">预算</th><th scope="col">报名截止</th></tr></thead><tbody>
${open.map((p) => html`<tr><td>${projectLink(p)}<br><span class="muted">${p.serviceItem.name}</span></td><td>${names.get(p.tenant)}</td><td>${methodZh(p.selectionMethod)}</td><td>${yuan(p.budgetFen)}</td><td>${beijingTime(p.registration!.closesAt)}</td></tr>`)}
</tbody></table></div>` : html`<p>目前没有正在报名的项目。</p>`}
<h2 id="results">最新选取结果（中选公示）</h2>
${awarded.length ? html`<div class="wrap"><table><thead><tr><th scope="col">项目</th><th scope="col">中选机构</th><th scope="col">选取方式</th><th scope="col">公示时间</th></tr></thead><tbody>
${awarded.map((p) => { const r = lastRound(p)!; return html`<tr><td>${projectLink(p)}</td><td><a href="/portal/agencies/${r.code}">${winners.get(r.code)}</a></td><td>${methodZh(p.selectionMethod)}</td><td>${beijingTime(r.awardedAt)}</td></tr>`; })}
</tbody></table></div>` : html`<p>暂无选取结果。</p>`}
<h2 id="notices">流标公告</h2>
${failed.length ? html`<ul>${failed.map((p) => html`<li>${projectLink(p)}（${names.get(p.tenant)}，${beijingTime(p.history.at(-1)?.at)}）：${p.history.at(-1)?.reasons?.[0]?.zh ?? '流标'}</li>`)}</ul>` : html`<p>暂无流标公告。</p>`}
<h2 id="tenants">各地区</h2>
<ul>${tenants.map((t) => html`<li>${t.name}：<a href="/portal/tenants/${t.code}/projects">采购公告与结果</a> · <a href="/portal/tenants/${t.code}/projects?status=failed">流标项目</a> · <a href="/portal/tenants/${t.code}/service-items">事项清单</a></li>`)}</ul>
<h2 id="services">查询与验证</h2>
<ul><li><a href="/portal/agencies">中介机构名录与信用脸谱</a></li><li><a href="/portal/credit">失信惩戒名单（限制、黑名单）</a></li>
<li><a href="/portal/certificates">中选确认书验证</a></li><li><a href="/portal/statistics">统计分析</a></li><li><a href="/portal/open-data">开放数据（OCDS、CSV）</a></li></ul>`;
  return { title: '网上中介服务超市公开信息', body, cacheSeconds: 30 };
}
