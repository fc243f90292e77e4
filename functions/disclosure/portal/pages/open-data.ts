import { html } from '../html.ts';
import { cityTenants, type PortalPage } from '../portal-context.ts';

/** 开放数据: where the machine-readable data is — the open-data context's OCDS feed and CSV downloads, and the JSON API. */
export async function openDataPage(): Promise<PortalPage> {
  const tenants = await cityTenants();
  const body = html`<p>本站公开的数据均可自由下载、使用，无需登录。</p>
<h2>开放合同数据标准（OCDS 1.1.5）</h2>
<ul><li><a href="/v1/ocds/releases">全部项目的发布包（release package）</a>：每个项目每个阶段一条发布，可用 <span class="mono">?since=</span> 只取变更；单个项目的记录：<span class="mono">/v1/ocds/records/{ocid}</span></li></ul>
<h2>表格（CSV）</h2>
<ul><li><a href="/v1/awards.csv">中选结果</a></li>${tenants.map((t) => html`<li><a href="/v1/tenants/${t.code}/projects.csv">${t.name}采购项目</a></li>`)}</ul>
<h2>接口（JSON）</h2>
<ul><li><a href="/v1/openapi.json">接口说明（OpenAPI）</a></li><li><a href="/v1/stats">统计数据</a></li><li><a href="/v1/agencies">入驻机构名录</a></li>
${tenants.map((t) => html`<li>${t.name}：<a href="/v1/tenants/${t.code}/projects">采购项目</a> · <a href="/v1/tenants/${t.code}/service-items">事项清单</a></li>`)}</ul>`;
  return { title: '开放数据', body, cacheSeconds: 300 };
}
