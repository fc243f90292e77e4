/**
 * For the portal (functions/disclosure/portal): the statistics as server-side SVG charts, each with its numbers as a
 * table beside it.
 *
 *   renderStatisticsCharts(stats: Statistics, opts?) → StatisticsChart[]
 *     { id, title (zh), svg, table: { headers, rows } }
 *
 * `stats` is what `GET /v1/stats` / `GET /v1/tenants/{t}/stats` return under `statistics` (domain/fold.ts
 * `finalizeStatistics`). Charts are drawn with Apache ECharts' server-side SVG renderer (no DOM, no browser, no
 * script in the output); only the bar and pie charts, the grid and the SVG renderer are imported (echarts/core): about
 * 520 KB minified, most of it ECharts' core — a bundle that imports this file grows by that much. Each SVG is accessible: role="img", an aria-label naming the chart, and a <title>; the same
 * numbers are in `table` (render it beside the chart: a screen reader and a phone read the table). Amounts in
 * tables are in 万元 with two decimals.
 */
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { Statistics } from './domain/fold.ts';

echarts.use([BarChart, PieChart, GridComponent, SVGRenderer]);

export interface StatisticsChart {
  id: string;
  title: string;
  svg: string;
  table: { headers: string[]; rows: (string | number)[][] };
}

const wan = (fen: number) => (fen / 1_000_000).toFixed(2);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
/** Dark, distinct colours (contrast ≥ 4.5:1 on white for each), not ECharts' pastel default. */
const PALETTE = ['#1f5fa8', '#b22222', '#2e7d32', '#a0522d', '#6a1b9a', '#455a64', '#00695c', '#ad1457'];
const FONT = 'Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif';
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

function draw(option: Record<string, unknown>, title: string, summary: string, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT, color: '#222' }, ...option });
    const svg = chart.renderToSVGString();
    const label = escapeXml(`${title}：${summary}`);
    // role="img" + aria-label + <title>: announced as one image with its summary; the table carries the detail.
    return svg.replace(/^<svg\b/, `<svg role="img" aria-label="${label}"`).replace(/(<svg\b[^>]*>)/, `$1<title>${escapeXml(title)}</title>`);
  } finally {
    chart.dispose();
  }
}

const bar = (names: string[], values: number[], color = '#b22222') => ({
  grid: { left: 48, right: 16, top: 24, bottom: 64 },
  xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: values, itemStyle: { color }, label: { show: true, position: 'top' } }],
});

// No legend component (bundle size): each slice is labelled with its name and count.
const pie = (data: { name: string; value: number }[]) => ({
  series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '50%'], data, label: { formatter: '{b}: {c}' } }],
});

export function renderStatisticsCharts(stats: Statistics, opts: { width?: number; height?: number } = {}): StatisticsChart[] {
  const width = opts.width ?? 640;
  const height = opts.height ?? 320;
  const charts: StatisticsChart[] = [];
  const add = (id: string, title: string, summary: string, option: Record<string, unknown>, table: StatisticsChart['table']) =>
    charts.push({ id, title, svg: draw(option, title, summary, width, height), table });

  add('by-status', '项目状态分布', `共 ${stats.projects} 个项目`, pie(stats.byStatus.map((b) => ({ name: b.zh, value: b.count }))),
    { headers: ['状态', '项目数'], rows: stats.byStatus.map((b) => [b.zh, b.count]) });
  add('by-method', '选取方式', stats.byMethod.map((b) => `${b.zh} ${b.count}`).join('，') || '无', bar(stats.byMethod.map((b) => b.zh), stats.byMethod.map((b) => b.count)),
    { headers: ['选取方式', '项目数'], rows: stats.byMethod.map((b) => [b.zh, b.count]) });
  add('by-service-type', '服务类型', stats.byServiceType.map((b) => `${b.zh} ${b.count}`).join('，') || '无', bar(stats.byServiceType.map((b) => b.zh), stats.byServiceType.map((b) => b.count), '#1f5fa8'),
    { headers: ['服务类型', '项目数'], rows: stats.byServiceType.map((b) => [b.zh, b.count]) });

  const m = stats.money;
  add('money', '预算、中选金额与节约资金（万元）', `发布预算 ${wan(m.publishedBudgetFen)} 万元，中选 ${wan(m.awardedAmountFen)} 万元，节约 ${wan(m.savingFen)} 万元（${pct(m.savingRate)}）`,
    bar(['发布预算', '有中选金额项目预算', '中选金额', '节约资金'], [m.publishedBudgetFen, m.pricedBudgetFen, m.awardedAmountFen, m.savingFen].map((f) => Number(wan(f))), '#2e7d32'),
    { headers: ['项目', '金额（万元）'], rows: [['发布预算', wan(m.publishedBudgetFen)], ['有中选金额的项目预算', wan(m.pricedBudgetFen)], ['中选金额', wan(m.awardedAmountFen)], ['节约资金', wan(m.savingFen)], ['节约率', pct(m.savingRate)]] });

  const o = stats.outcomes;
  add('outcomes', '成交与流标', `已决 ${o.decided} 个，流标率 ${pct(o.failedRate)}`, pie([{ name: '中选', value: o.awarded }, { name: '流标', value: o.failed }, { name: '进行中', value: o.open }]),
    { headers: ['结果', '项目数'], rows: [['中选', o.awarded], ['流标', o.failed], ['进行中', o.open], ['流标率', pct(o.failedRate)], ['发布至中选平均工作日', stats.workingDaysToAward.average ?? '—']] });

  const items = stats.concentration.filter((c) => c.hhi !== null).slice(0, 10);
  add('concentration', '市场集中度（HHI，按事项）', items.length ? items.map((c) => `${c.item.name} ${c.hhi}`).join('，') : '无中选项目',
    bar(items.map((c) => c.item.name), items.map((c) => c.hhi!), '#8e24aa'),
    { headers: ['中介服务事项', '中选次数', '中选机构数', 'HHI', '前五名份额'], rows: stats.concentration.map((c) => [c.item.name, c.awards, c.agencies, c.hhi ?? '—', pct(c.top5Share)]) });

  const r = stats.outOfRegion;
  add('out-of-region', '市外机构中选占比（地方保护）', `${r.winners} 个中选中市外机构 ${r.outOfRegion} 个（${pct(r.share)}）`,
    pie([{ name: '本市机构', value: r.winners - r.outOfRegion }, { name: '市外机构', value: r.outOfRegion }]),
    { headers: ['中选机构', '次数'], rows: [['本市机构', r.winners - r.outOfRegion], ['市外机构', r.outOfRegion], ['市外占比', pct(r.share)]] });

  const e = stats.evaluations;
  if (e.averages) {
    add('evaluations', '服务评价平均分（满分5分）', `${e.count} 个评价，综合 ${e.averages.overall} 分`,
      { ...bar(['服务质量', '服务态度', '收费合理性', '综合'], [e.averages.quality, e.averages.attitude, e.averages.feeReasonableness, e.averages.overall], '#ef6c00'), yAxis: { type: 'value', max: 5 } },
      { headers: ['评价项', '平均分'], rows: [['服务质量', e.averages.quality], ['服务态度', e.averages.attitude], ['收费合理性', e.averages.feeReasonableness], ['综合', e.averages.overall], ['评价数', e.count]] });
  }
  return charts;
}
