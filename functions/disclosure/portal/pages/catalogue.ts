import { SERVICE_TYPE_ZH } from '#functions/catalog/domain/service-item.ts';
import { visibleItems } from '#functions/catalog/visible-items.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { FUNDING_ZH } from '../format.ts';
import { html, query } from '../html.ts';
import { cityTenant, type PortalPage } from '../portal-context.ts';

const PAGE_SIZE = 30;
const PRICING_ZH: Record<string, string> = { market: '市场调节价', 'government-guided': '政府指导价', 'government-set': '政府定价' };

/** 事项清单: the intermediary services a tenant's approvals need (a county sees its city's items and its own), in force. */
export async function cataloguePage(tenantCode: string, q: { cursor?: string }): Promise<PortalPage> {
  const tenant = await cityTenant(tenantCode);
  const items = (await visibleItems(tenant.code)).filter((i) => i.status === 'active');
  let page;
  try {
    page = pageOf(items, PAGE_SIZE, q.cursor);
  } catch {
    page = pageOf(items, PAGE_SIZE, undefined);
  }
  const at = `/portal/tenants/${tenant.code}/service-items`;
  const body = html`<p>共 ${items.length} 项。每一项列明设立依据、对应的审批事项、收费方式和服务时限；未列入清单的中介服务，不得作为行政审批的受理条件。</p>
${page.items.map((i) => html`<section aria-labelledby="item-${i.code}"><h2 id="item-${i.code}">${i.name}</h2>
<table><tbody><tr><th scope="row">编码</th><td class="mono">${i.code}</td></tr><tr><th scope="row">服务类型</th><td>${SERVICE_TYPE_ZH[i.serviceType]}</td></tr>
<tr><th scope="row">审批事项</th><td>${i.approvalItem.name}（${i.department.name}）</td></tr><tr><th scope="row">设立依据</th><td>${i.legalBasis.join('；')}</td></tr>
<tr><th scope="row">资质要求</th><td>${i.qualificationRequirements.length ? i.qualificationRequirements.map((r) => `${r.type}${r.minGrade ? `（${r.minGrade}及以上）` : ''}`).join('；') : '无'}</td></tr>
<tr><th scope="row">收费</th><td>${PRICING_ZH[i.fee.pricing] ?? i.fee.pricing}：${i.fee.standard}</td></tr><tr><th scope="row">服务时限</th><td>${i.serviceTimeLimitWorkingDays} 个工作日</td></tr>
<tr><th scope="row">资金来源</th><td>${i.fundingTypes.map((f) => FUNDING_ZH[f] ?? f).join('、')}</td></tr></tbody></table></section>`)}
<nav class="pager" aria-label="分页">${q.cursor && html`<a href="${at}">第一页</a>`}${page.nextCursor && html`<a href="${at}${query({ cursor: page.nextCursor })}" rel="next">下一页</a>`}</nav>`;
  return { title: `${tenant.name}中介服务事项清单`, body, cacheSeconds: 300 };
}
