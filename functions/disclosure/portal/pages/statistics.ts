import { html } from '../html.ts';
import type { PortalPage } from '../portal-context.ts';

/** 统计分析 — being built on the open-data context's statistics (functions/disclosure/statistics). */
export async function statisticsPage(_q: { tenant?: string; from?: string; to?: string }): Promise<PortalPage> {
  return { title: '统计分析', body: html`<p>统计分析正在建设中。</p>`, cacheSeconds: 60 };
}
