import { beijingDateTime, beijingNow, METHOD_NAMES_ZH } from './domain/certificate.ts';
import { yuanFigures } from './pdf/amount.ts';
import type { PublicVerification } from './verification.ts';

/**
 * The verification as a page, for whoever scans a certificate's QR code with a phone: the same answer as the
 * JSON (result, message, the signed fields), in Chinese first. Self-contained (no script, no external asset).
 */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BADGES: Record<PublicVerification['result'], { mark: string; colour: string; zh: string }> = {
  valid: { mark: '✓', colour: '#1a7f37', zh: '有效' },
  voided: { mark: '⊘', colour: '#b35900', zh: '已作废' },
  unknown: { mark: '?', colour: '#555', zh: '未找到' },
  invalid: { mark: '✗', colour: '#c62828', zh: '无效' },
};

export function verificationPage(v: PublicVerification): string {
  const badge = BADGES[v.result];
  const f = v.fields;
  const rows: [string, string][] = f
    ? [
      ['确认书编号', f.certificateNo], ['项目', `${f.project.name}（${f.project.id}）`], ['项目业主', f.owner.name],
      ['中选机构', `${f.agency.name}（${f.agency.uscc}）`], ['服务事项', f.serviceItem.name], ['选取方式', METHOD_NAMES_ZH[f.method]],
      ...(f.priceFen !== undefined ? [['中选价格', `${yuanFigures(f.priceFen)} 元`] as [string, string]] : []),
      ['确认时间', beijingDateTime(f.confirmedAt)], ['出具时间', beijingDateTime(f.issuedAt)], ['文件 SHA-256', f.pdfSha256],
    ]
    : [];
  if (v.voided) rows.push(['作废', `${beijingDateTime(beijingNow(Date.parse(v.voided.at)))} ${v.voided.reason}`]);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>中选确认书验证 ${escape(v.certificateNo)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1.5rem auto;padding:0 1rem;color:#222}
.badge{font-size:1.4rem;font-weight:600;color:${badge.colour}}td{padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top;word-break:break-all}
td:first-child{white-space:nowrap;color:#555}small{color:#666}</style></head>
<body><h1>中选确认书验证</h1>
<p class="badge">${badge.mark} ${badge.zh} <small>${escape(v.result)}</small></p>
<p>${escape(v.message.zh)}<br><small>${escape(v.message.en)}</small></p>
${rows.length ? `<table>${rows.map(([k, value]) => `<tr><td>${escape(k)}</td><td>${escape(value)}</td></tr>`).join('')}</table>` : ''}
${v.reasons.length ? `<ul>${v.reasons.map((r) => `<li><small>${escape(r)}</small></li>`).join('')}</ul>` : ''}
</body></html>`;
}
