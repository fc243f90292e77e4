import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { publicProfile } from '#functions/agencies/domain/public-profile.ts';
import { projectStore } from '#functions/procurement/adapters/project-store.ts';
import { summarizeEvaluations } from '#functions/procurement/domain/evaluation/agency-evaluations.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { creditStore } from '#functions/credit/adapters/credit-store.ts';
import { computeProfile, listedAgencies } from '#functions/credit/credit-service.ts';
import { effectiveState, LEVEL_ZH, STATE_ZH } from '#functions/credit/domain/record.ts';
import { beijingTime } from '../format.ts';
import { html, query } from '../html.ts';
import { type PortalPage, province } from '../portal-context.ts';

const PAGE_SIZE = 30;
const STATUS_ZH: Record<string, string> = { active: '正常', suspended: '暂停', cleared: '已清退' };

/** 中介机构名录: every admitted agency of the province this city knows (一地入驻、全省通行), by name; `q` finds by name or code. */
export async function agencyDirectoryPage(q: { q?: string; cursor?: string }): Promise<PortalPage> {
  const term = q.q?.trim().slice(0, 50);
  const all = (await agencyStore.list(province()))
    .filter((a) => a.status !== 'cleared' && (!term || a.uscc === term.toUpperCase() || a.name.includes(term)))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.uscc.localeCompare(b.uscc));
  let page;
  try {
    page = pageOf(all, PAGE_SIZE, q.cursor);
  } catch {
    page = pageOf(all, PAGE_SIZE, undefined);
  }
  const body = html`
<form method="get" action="/portal/agencies" role="search"><label for="q">机构名称或统一社会信用代码</label>
<input id="q" name="q" type="search" value="${term ?? ''}" maxlength="50"> <button type="submit">查询</button></form>
<p>共 ${all.length} 家入驻机构（全省通用）。</p>
${page.items.length ? html`<div class="wrap"><table><thead><tr><th scope="col">机构名称</th><th scope="col">统一社会信用代码</th><th scope="col">服务事项</th><th scope="col">状态</th></tr></thead><tbody>
${page.items.map((a) => html`<tr><td><a href="/portal/agencies/${a.uscc}">${a.name}</a></td><td class="mono">${a.uscc}</td><td>${a.serviceItems.length} 项</td><td>${STATUS_ZH[a.status] ?? a.status}</td></tr>`)}
</tbody></table></div>` : html`<p>没有找到符合条件的机构。</p>`}
<nav class="pager" aria-label="分页">${q.cursor && html`<a href="/portal/agencies${query({ q: term })}">第一页</a>`}${page.nextCursor && html`<a href="/portal/agencies${query({ q: term, cursor: page.nextCursor })}" rel="next">下一页</a>`}</nav>`;
  return { title: '中介机构名录', body, cacheSeconds: 60 };
}

/**
 * 信用脸谱 as the credit context computes it on read (computeProfile: score, grade, level, the explanation line by line
 * and the restriction, as GET /v1/agencies/{uscc}/credit answers), with its records' public fields (kind, facts, basis,
 * level, state, dates — never evidence or who issued them). "暂无信用记录" when the agency has neither a record nor an
 * evaluation to score.
 */
async function creditSection(uscc: string) {
  const now = new Date();
  const [records, stored] = await Promise.all([creditStore.records(province(), uscc), creditStore.profile(province(), uscc)]);
  const { profile } = await computeProfile(uscc, records, now);
  if (!stored && records.length === 0 && profile.evaluations.count === 0) return html`<h2>信用脸谱</h2><p>暂无信用记录。</p>`;
  const visible = records.filter((r) => r.state !== 'withdrawn' && r.state !== 'repaired').sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt));
  return html`<h2>信用脸谱</h2>
<table><tbody><tr><th scope="row">信用分</th><td><strong>${profile.score.toFixed(2)}</strong>（满分 100）</td></tr><tr><th scope="row">信用等级</th><td><strong>${profile.grade}</strong></td></tr>
<tr><th scope="row">失信程度</th><td>${profile.levelZh}</td></tr>
<tr><th scope="row">限制参与</th><td>${profile.restricted ? html`<span class="bad">是</span>${profile.restriction.reason ? `：${profile.restriction.reason}` : ''}${profile.restriction.until ? `（至 ${beijingTime(profile.restriction.until)}）` : ''}` : '否'}</td></tr>
<tr><th scope="row">黑名单</th><td>${profile.blacklisted ? html`<span class="bad">是</span>` : '否'}</td></tr></tbody></table>
<h3>得分说明</h3><ul>${profile.explanation.map((e) => html`<li>${e.rule}：${e.hundredths >= 0 ? '+' : ''}${(e.hundredths / 100).toFixed(2)} 分</li>`)}</ul>
<h3>信用记录</h3>${visible.length ? html`<ul>${visible.map((r) => html`<li>${beijingTime(r.effectiveAt)} <strong>${LEVEL_ZH[r.level]}</strong>（${STATE_ZH[effectiveState(r, now)]}）：${r.facts}<br><span class="muted">依据：${r.basis}；有效期至 ${beijingTime(r.validUntil)}</span></li>`)}</ul>` : html`<p>暂无信用记录。</p>`}
<p class="muted">同样的信息（JSON）：<a href="/v1/agencies/${uscc}/credit">/v1/agencies/${uscc}/credit</a></p>`;
}

/** One agency: its public profile (publicProfile: never an ID number, a contact person or a document), credit and evaluations. */
export async function agencyPage(uscc: string): Promise<PortalPage> {
  const agency = /^[0-9A-Z]{18}$/.test(uscc) ? await agencyStore.get(province(), uscc) : undefined;
  if (!agency) throw problems.notFound({ zh: `入驻机构 ${uscc}`, en: `Admitted agency ${uscc}` });
  const a = publicProfile(agency);
  const [credit, evaluations] = await Promise.all([creditSection(uscc), projectStore.agencyEvaluations(province(), uscc)]);
  const summary = summarizeEvaluations(uscc, evaluations, 10);
  const body = html`
<table><tbody><tr><th scope="row">统一社会信用代码</th><td class="mono">${a.uscc}</td></tr><tr><th scope="row">法定代表人</th><td>${a.legalRepresentative}</td></tr>
<tr><th scope="row">地址</th><td>${a.address}</td></tr>${a.officePhone && html`<tr><th scope="row">办公电话</th><td>${a.officePhone}</td></tr>`}
<tr><th scope="row">状态</th><td>${STATUS_ZH[a.status] ?? a.status}${a.clearedReason ? `（${a.clearedReason}）` : ''}</td></tr><tr><th scope="row">入驻时间</th><td>${beijingTime(a.admittedAt)}</td></tr>
<tr><th scope="row">执业区域</th><td>${a.practiceRegions.join('、') || '—'}</td></tr></tbody></table>
${credit}
<h2>服务评价</h2>
${summary.count ? html`<p>共 ${summary.count} 次评价；平均：服务质量 ${summary.averages.quality}，服务态度 ${summary.averages.attitude}，收费合理性 ${summary.averages.feeReasonableness}，综合 ${summary.averages.overall}（满分 5）。</p>
<ul>${summary.recent.map((e) => html`<li><a href="/portal/tenants/${e.tenant}/projects/${e.projectId}">${e.serviceItem.name}</a>（${beijingTime(e.at)}）：${e.quality}/${e.attitude}/${e.feeReasonableness}${e.comment ? `，${e.comment}` : ''}</li>`)}</ul>` : html`<p>暂无服务评价。</p>`}
<h2>服务事项</h2><ul>${a.serviceItems.map((i) => html`<li class="mono">${i.code}${i.status === 'suspended' ? '（暂停）' : ''}</li>`)}</ul>
<h2>资质</h2>${a.qualifications.length ? html`<div class="wrap"><table><thead><tr><th scope="col">类型</th><th scope="col">证书编号</th><th scope="col">等级</th><th scope="col">发证机关</th><th scope="col">有效期</th></tr></thead><tbody>
${a.qualifications.map((q) => html`<tr><td>${q.type}</td><td class="mono">${q.number}</td><td>${q.grade ?? '—'}</td><td>${q.issuer}</td><td>${q.validFrom} 至 ${q.validTo}</td></tr>`)}</tbody></table></div>` : html`<p>无需资质或未登记。</p>`}
<h2>执业人员</h2>${a.practitioners.length ? html`<ul>${a.practitioners.map((p) => html`<li>${p.name}（${p.certificate.type} ${p.certificate.number}）</li>`)}</ul>` : html`<p>未登记。</p>`}
${a.branches.length ? html`<h2>分支机构</h2><ul>${a.branches.map((b) => html`<li>${b.name}：${b.address}</li>`)}</ul>` : ''}`;
  return { title: a.name, body, cacheSeconds: 60 };
}

/**
 * 失信惩戒名单: restricted and blacklisted agencies as the credit API lists them (listedAgencies: recomputed on read, so
 * a ban that has ended is off this page too), with the restriction's reason and end.
 */
export async function creditListsPage(): Promise<PortalPage> {
  const rows = (await listedAgencies((p) => p.restricted || p.blacklisted))
    .map(({ profile, name }) => ({ profile, name: name ?? profile.uscc, restriction: profile.restriction }));
  rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const list = (shown: typeof rows, empty: string) => shown.length
    ? html`<div class="wrap"><table><thead><tr><th scope="col">机构</th><th scope="col">信用等级</th><th scope="col">原因</th><th scope="col">期限</th></tr></thead><tbody>
${shown.map(({ profile: p, name, restriction: r }) => html`<tr><td><a href="/portal/agencies/${p.uscc}">${name}</a></td><td>${p.grade}（${LEVEL_ZH[p.level] ?? p.level}）</td><td>${r?.reason ?? '—'}</td><td>${r?.until ? `至 ${beijingTime(r.until)}` : '至信用修复或记录期满'}</td></tr>`)}</tbody></table></div>`
    : html`<p>${empty}</p>`;
  const body = html`<p>一地失信、全省受限：名单内的机构在全省范围内受到限制。</p>
<h2>限制参与名单</h2>${list(rows.filter((r) => !r.profile.blacklisted), '目前没有被限制参与的机构。')}
<h2>黑名单</h2>${list(rows.filter((r) => r.profile.blacklisted), '目前没有列入黑名单的机构。')}
<p class="muted">同样的名单（JSON）：<a href="/v1/credit/restricted">限制参与</a> · <a href="/v1/credit/blacklist">黑名单</a></p>`;
  return { title: '信用信息：失信惩戒名单', body, cacheSeconds: 60 };
}
