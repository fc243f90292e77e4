import { drawOf } from '#functions/procurement/draw-transcripts.ts';
import type { Transcript } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { PROJECT_STATUSES } from '#functions/procurement/domain/project/lifecycle.ts';
import { projectStore } from '#functions/procurement/adapters/project-store.ts';
import { PUBLIC_STATUSES, publicProjectView } from '#functions/procurement/project-views.ts';
import { ownerStore } from '#functions/owners/adapters/owner-store.ts';
import { publicOwnerView } from '#functions/owners/domain/owner-views.ts';
import { verificationPath } from '#functions/certificates/domain/certificate.ts';
import { problems } from '#shared/http/problems.ts';
import { projectSummaries } from '../adapters/portal-reads.ts';
import { beijingTime, FUNDING_ZH, methodZh, statusZh, TRADING_MODE_ZH, yuan } from '../format.ts';
import { type Html, html, query } from '../html.ts';
import { agencyNames, cityTenant, type PortalPage } from '../portal-context.ts';

const PAGE_SIZE = 20;
const projectNotFound = (id: string) => problems.notFound({ zh: `采购项目 ${id}`, en: `Project ${id}` });
const base = (tenant: string) => `/portal/tenants/${tenant}/projects`;
const agencyLink = (code: string, names: Map<string, string>) => {
  const name = names.get(code) ?? code;
  return name === code ? html`<span class="mono">${code}</span>` : html`<a href="/portal/agencies/${code}">${name}</a>`;
};

/** 采购公告与结果: a tenant's public projects, newest first, a page at a time; `status` keeps one (流标: failed). */
export async function projectListPage(tenantCode: string, q: { status?: string; cursor?: string }): Promise<PortalPage> {
  const tenant = await cityTenant(tenantCode);
  const status = q.status && PUBLIC_STATUSES.has(q.status) ? q.status : undefined;
  const page = await projectSummaries(tenant.code, { limit: PAGE_SIZE, status, cursor: q.cursor });
  const options = PROJECT_STATUSES.filter((s) => PUBLIC_STATUSES.has(s));
  const body = html`
<form method="get" action="${base(tenant.code)}"><label for="status">项目状态</label>
<select id="status" name="status"><option value="">全部</option>${options.map((s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${statusZh(s)}</option>`)}</select>
<button type="submit">筛选</button></form>
${page.items.length ? html`<div class="wrap"><table><thead><tr><th scope="col">项目</th><th scope="col">状态</th><th scope="col">选取方式</th><th scope="col">预算</th><th scope="col">发布时间</th><th scope="col">报名截止</th></tr></thead><tbody>
${page.items.map((p) => html`<tr><td><a href="${base(p.tenant)}/${p.id}">${p.name}</a><br><span class="muted">${p.serviceItem.name}</span></td><td>${statusZh(p.status)}</td><td>${methodZh(p.selectionMethod)}</td><td>${yuan(p.budgetFen)}</td><td>${beijingTime(p.publishedAt)}</td><td>${beijingTime(p.registration?.closesAt)}</td></tr>`)}
</tbody></table></div>` : html`<p>没有符合条件的项目。</p>`}
<nav class="pager" aria-label="分页">${q.cursor && html`<a href="${base(tenant.code)}${query({ status })}">第一页</a>`}${page.nextCursor && html`<a href="${base(tenant.code)}${query({ status, cursor: page.nextCursor })}" rel="next">下一页</a>`}</nav>`;
  return { title: `${tenant.name}采购公告与结果${status ? `（${statusZh(status)}）` : ''}`, body, cacheSeconds: 30 };
}

async function publicProject(tenantCode: string, id: string) {
  await cityTenant(tenantCode);
  const project = /^\d{6}-\d{8}-[0-9A-Z]{6}$/.test(id) ? await projectStore.get(tenantCode, id) : undefined;
  if (!project || !PUBLIC_STATUSES.has(project.status)) throw projectNotFound(id);
  return project;
}

/** The verifier's check names (English, as bin/verify-draw.ts prints them), in Chinese first. */
const CHECK_ZH: Record<string, string> = {
  'transcript is a JSON object': '记录格式', 'protocol is ISM-DRAW-1': '协议为 ISM-DRAW-1', 'fields are well-formed': '各字段格式正确',
  'commitment = SHA-256(seed)': '承诺值 = SHA-256(种子)', 'pool is ascending without duplicates': '候选池按代码升序且无重复',
  'poolHash = SHA-256(pool joined by "\\n")': '候选池哈希 = SHA-256(候选池)', 'ranking = pool ordered by HMAC-SHA256(key, code)': '排序 = 按 HMAC-SHA256(key, 代码) 排列的候选池',
  'tickets = HMAC-SHA256(key, code), in ranking order': '每家机构的签值 = HMAC-SHA256(key, 代码)',
};

const rows = (pairs: [string, Html | string | number | undefined][]) => html`<table><tbody>${pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;

/**
 * One project, from the procurement context's public projection only (publicProjectView): the announcement with its
 * deadline and ISM-DRAW-1 commitment, the close (pool, exclusions), 流标, the award notice with the ranking and the
 * draw transcript with a verify button, the certificate, the contract, the service and the evaluation.
 */
export async function projectPage(tenantCode: string, id: string): Promise<PortalPage> {
  const p = publicProjectView(await publicProject(tenantCode, id));
  const owner = await ownerStore.get(p.tenant, p.ownerId);
  const ownerName = owner ? publicOwnerView(owner).name : p.ownerId;
  const codes = [...(p.closing?.pool ?? []), ...(p.closing?.excluded ?? []).map((e) => e.code), ...(p.award?.ranking ?? []).map((r) => r.code), ...(p.directOffer ? [p.directOffer.agencyUscc] : [])];
  const names = await agencyNames(codes);
  const failure = p.status === 'failed' ? p.history.filter((t) => t.to === 'failed').at(-1) : undefined;
  const draw = p.award ? await drawOf(await publicProject(tenantCode, id)) : undefined;
  const selection = draw?.transcripts.find((t) => t.purpose === 'selection')?.transcript as Transcript | undefined;
  const round = p.award?.rounds.at(-1);

  const body = html`
<p><span class="tag">${statusZh(p.status)}</span> 项目编号 <span class="mono">${p.id}</span>${p.sandbox ? html` <span class="tag">演示/测试地区</span>` : ''}</p>
<h2>采购公告</h2>
${rows([
    ['项目业主', ownerName], ['服务事项', `${p.serviceItem.name}（${p.serviceItem.code}）`], ['服务内容', p.serviceContent],
    ['资金来源', FUNDING_ZH[p.fundingType] ?? p.fundingType], ['预算金额', yuan(p.budgetFen)], ['交易模式', TRADING_MODE_ZH[p.tradingMode] ?? p.tradingMode],
    ['选取方式', methodZh(p.selectionMethod)], ['服务时限', `${p.serviceTimeLimitWorkingDays} 个工作日`],
    ['资质要求', p.qualificationRequirements.length ? p.qualificationRequirements.map((r) => `${r.type}${r.minGrade ? `（${r.minGrade}及以上）` : ''}`).join('；') : '无'],
    ['最低限价', p.priceFloorFen !== undefined ? yuan(p.priceFloorFen) : undefined], ['密封报价', p.sealedQuotes ? '是（报名截止后开启）' : undefined],
    ['发布时间', beijingTime(p.publishedAt)],
    ['报名截止', p.registration ? html`<strong>${beijingTime(p.registration.closesAt)}</strong>${p.registration.accelerated ? html`<br><span class="muted">演示加速；按工作日计算的法定截止时间为 ${beijingTime(p.registration.deadline.at)}</span>` : ''}` : undefined],
    ['随机数承诺值（ISM-DRAW-1）', p.draw?.commitment ? html`<span class="mono">${p.draw.commitment}</span><br><span class="muted">发布时公开的 SHA-256(种子)；选取后公开种子，任何人可复核</span>` : undefined],
  ])}
${p.closing && html`<h2>报名截止</h2>
${rows([['截止时间', beijingTime(p.closing.closedAt)], ['有效报名', `${p.closing.pool.length} 家`], ['候选池哈希', html`<span class="mono">${p.closing.poolHash}</span>`]])}
${p.closing.pool.length ? html`<ul>${p.closing.pool.map((c) => html`<li>${agencyLink(c, names)}</li>`)}</ul>` : ''}
${p.closing.excluded.length ? html`<h3>未进入候选池的报名</h3><ul>${p.closing.excluded.map((e) => html`<li>${agencyLink(e.code, names)}：${e.reasons.map((r) => r.zh).join('；')}</li>`)}</ul>` : ''}`}
${failure && html`<h2>流标公告</h2><p>${beijingTime(failure.at)} 流标：${(failure.reasons ?? []).map((r) => r.zh).join('；') || '有效报名不足'}</p>`}
${p.award && round && html`<h2>中选公示</h2>
${rows([['中选机构', agencyLink(round.code, names)], ['公示时间', beijingTime(round.awardedAt)], ['公示期至', beijingTime(round.publicity.dueAt)], ['确认时间', p.award.confirmedAt ? beijingTime(p.award.confirmedAt) : undefined]])}
<h3>排序结果</h3><div class="wrap"><table><thead><tr><th scope="col">名次</th><th scope="col">机构</th><th scope="col">报价</th><th scope="col">说明</th></tr></thead><tbody>
${p.award.ranking.map((r) => html`<tr><td>${r.rank}</td><td>${agencyLink(r.code, names)}</td><td>${r.quoteFen !== undefined ? yuan(r.quoteFen) : '—'}</td><td>${r.reason.zh}</td></tr>`)}</tbody></table></div>
${p.award.excluded.length ? html`<h3>依次递补</h3><ul>${p.award.excluded.map((e) => html`<li>${beijingTime(e.at)} ${agencyLink(e.code, names)}：${e.reason}</li>`)}</ul>` : ''}`}
${selection && html`<h2>随机选取记录（ISM-DRAW-1）</h2>
${rows([['承诺值', html`<span class="mono">${selection.commitment}</span>`], ['种子', html`<span class="mono">${selection.seed}</span>`], ['候选池哈希', html`<span class="mono">${selection.poolHash}</span>`], ['信标', selection.beacon || '（无）']])}
<ol>${(selection.tickets ?? selection.ranking.map((code) => ({ code, ticket: '' }))).map((t) => html`<li>${agencyLink(t.code, names)} <span class="mono muted">${t.ticket}</span></li>`)}</ol>`}
${draw?.transcripts.length ? html`<form method="get" action="${base(p.tenant)}/${p.id}/draw-verification"><button type="submit">复核选取过程</button></form>
<p class="muted">在服务器上按 ISM-DRAW-1 重新计算并显示每一步结果；也可下载 <a href="/v1/tenants/${p.tenant}/projects/${p.id}/draw">选取记录（JSON）</a>，用 <span class="mono">npx tsx bin/verify-draw.ts</span> 离线复核。</p>` : ''}
${p.award?.certificate && html`<h2>中选确认书</h2>
${rows([['编号', p.award.certificate.certificateNo], ['出具时间', beijingTime(p.award.certificate.issuedAt)], ['状态', p.award.certificate.voided ? `已作废（${p.award.certificate.voided.reason}）` : '有效']])}
<p><a class="button" href="${verificationPath(p.award.certificate.certificateNo)}">验证中选确认书</a> <a href="/v1/certificates/${p.award.certificate.certificateNo}.pdf">下载 PDF</a></p>`}
${p.award?.contract && html`<h2>合同</h2>${rows([['签订期限', beijingTime(p.award.contract.due.dueAt)], ['签订时间', p.award.contract.signedAt ? beijingTime(p.award.contract.signedAt) : '未签订'], ['合同金额', p.award.contract.amountFen !== undefined ? yuan(p.award.contract.amountFen) : undefined], ['逾期', p.award.contract.overdue ? '是' : undefined]])}`}
${p.service && html`<h2>服务</h2>${rows([['开始', beijingTime(p.service.startedAt)], ['完成', p.service.completedAt ? beijingTime(p.service.completedAt) : '进行中']])}`}
${p.evaluation && html`<h2>服务评价</h2>${rows([['服务质量', `${p.evaluation.quality} / 5`], ['服务态度', `${p.evaluation.attitude} / 5`], ['收费合理性', `${p.evaluation.feeReasonableness} / 5`], ['评价意见', p.evaluation.comment], ['评价时间', beijingTime(p.evaluation.at)]])}`}
<h2>办理过程</h2><ol>${p.history.map((t) => html`<li>${beijingTime(t.at)} ${statusZh(t.to)}${t.reasons?.length ? `：${t.reasons.map((r) => r.zh).join('；')}` : ''}</li>`)}</ol>
<p><a href="${base(p.tenant)}">返回采购公告列表</a></p>`;
  return { title: p.name, body, cacheSeconds: 30 };
}

/**
 * 复核: ISM-DRAW-1 recomputed on the server for each published transcript (the procurement verifier), and the two
 * checks only the announcement can give: the commitment is the one published before anyone registered, and the pool
 * is the one frozen at close. Works without JavaScript: the project page's button is a plain GET form.
 */
export async function drawVerificationPage(tenantCode: string, id: string): Promise<PortalPage> {
  const project = await publicProject(tenantCode, id);
  const draw = await drawOf(project);
  if (!draw.published || draw.transcripts.length === 0) throw problems.notFound({ zh: `项目 ${id} 的选取记录（尚未公示）`, en: `The draw of project ${id} (not published yet)` });
  const PURPOSE_ZH: Record<string, string> = { selection: '随机选取', 'tie-break': '同分抽签', scorers: '评审专家抽取' };
  const sections = draw.transcripts.map(({ purpose, transcript, verification }) => {
    const t = transcript as Transcript;
    const extra = purpose === 'scorers' ? [] : [
      { name: '承诺值与发布公告时公开的一致', ok: t.commitment === project.draw?.commitment },
      ...(purpose === 'selection' ? [{ name: '候选池与报名截止时公布的一致', ok: JSON.stringify(t.pool) === JSON.stringify(project.closing?.pool) },
        { name: '排序与中选公示一致', ok: JSON.stringify(t.ranking) === JSON.stringify(project.award?.ranking.map((r) => r.code)) }] : []),
    ];
    const checks: { name: string; ok: boolean; detail?: string }[] = [...verification.checks, ...extra];
    const valid = checks.every((c) => c.ok);
    return html`<h2>${PURPOSE_ZH[purpose] ?? purpose}</h2>
<p class="${valid ? 'ok' : 'bad'}">${valid ? '✓ 复核通过：结果由公开的种子和候选池唯一确定' : '✗ 复核未通过'}</p>
<table><thead><tr><th scope="col">检查项</th><th scope="col">结果</th></tr></thead><tbody>${checks.map((c) => html`<tr><td>${CHECK_ZH[c.name] ?? c.name}${CHECK_ZH[c.name] ? html` <span class="muted">${c.name}</span>` : ''}${c.detail ? html`<br><span class="muted">${c.detail}</span>` : ''}</td><td class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓ 通过' : '✗ 不通过'}</td></tr>`)}</tbody></table>`;
  });
  const body = html`<p>项目 <a href="${base(project.tenant)}/${project.id}">${project.name}</a>（<span class="mono">${project.id}</span>）。服务器刚刚按 ISM-DRAW-1 重新计算了以下选取记录。</p>
${sections}
<p class="muted">ISM-DRAW-1：key = HMAC-SHA256(种子, "ISM-DRAW-1|项目编号|候选池哈希|信标")，每家机构按 HMAC-SHA256(key, 统一社会信用代码) 由小到大排序。</p>`;
  return { title: '选取过程复核', body, cacheSeconds: 0 };
}
