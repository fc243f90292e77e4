import { foldSummaries, finalizeStatistics } from './domain/fold.ts';
import type { ProjectSummary } from './domain/summary.ts';
import { renderStatisticsCharts } from './charts.ts';

const summary = (i: number, over: Partial<ProjectSummary> = {}): ProjectSummary => ({
  schemaVersion: 1, version: 1, projectId: `445203-20260301-00000${i}`, tenant: '445203', city: '445200', province: '440000', name: `项目${i}`,
  publishedAt: '2026-03-01T09:00:00.000+08:00', day: '2026-03-01', month: '2026-03', status: 'evaluated', method: i % 2 ? 'random' : 'lowest-price',
  tradingMode: 'many-to-one', fundingType: 'fiscal', serviceItem: { tenant: '445200', code: 'ZJ-445200-0006', name: '节能评估 <&>', serviceType: 'assessment' },
  budgetFen: 5_000_000, outcome: 'awarded', winner: { uscc: i % 3 ? '91445200MAARGYWF6E' : '91440500MAMW0PF0XB', homeRegion: '445200', outOfRegion: i % 3 === 0 },
  awardedAt: '2026-03-09T09:00:00.000+08:00', workingDaysToAward: 6, awardFen: 4_000_000, evaluation: { quality: 5, attitude: 4, feeReasonableness: 4 }, summarizedAt: '2026-03-10', ...over,
});

describe('statistics charts (echarts SSR)', () => {
  const stats = finalizeStatistics(foldSummaries([1, 2, 3, 4, 5].map((i) => summary(i)).concat([summary(6, { status: 'failed', outcome: 'failed', winner: undefined, awardFen: undefined, evaluation: undefined })])));
  const charts = renderStatisticsCharts(stats);

  it('one accessible SVG per chart, with its numbers as a table', () => {
    expect(charts.map((c) => c.id)).toEqual(['by-status', 'by-method', 'by-service-type', 'money', 'outcomes', 'concentration', 'out-of-region', 'evaluations']);
    for (const c of charts) {
      expect(c.svg.startsWith('<svg role="img" aria-label="')).toBe(true);
      expect(c.svg).toContain(`<title>${c.title}</title>`);
      expect(c.svg.trim().endsWith('</svg>')).toBe(true);
      expect(c.svg).not.toMatch(/<script/i);
      expect(c.table.rows.length).toBeGreaterThan(0);
      for (const row of c.table.rows) expect(row).toHaveLength(c.table.headers.length);
      // Well-formed enough for an XML parser: every opened element is closed.
      const opened = (c.svg.match(/<(?!\/|!|\?)[a-zA-Z][^>]*[^/]>/g) ?? []).length;
      const closed = (c.svg.match(/<\/[a-zA-Z]+>/g) ?? []).length;
      expect(closed).toBe(opened);
    }
  });

  it('the tables carry the statistics (escaped in the SVG)', () => {
    const money = charts.find((c) => c.id === 'money')!;
    expect(money.table.rows).toContainEqual(['发布预算', '30.00']);
    expect(money.table.rows).toContainEqual(['中选金额', '20.00']);
    const conc = charts.find((c) => c.id === 'concentration')!;
    expect(conc.table.rows[0]).toEqual(['节能评估 <&>', 5, 2, stats.concentration[0].hhi!, '100.0%']);
    expect(conc.svg).not.toContain('<&>');
  });
});
