import fc from 'fast-check';
import { emptyAccumulator, finalizeStatistics, foldSummaries, marketConcentration, mergeAccumulators, statisticsOf } from './fold.ts';
import { isOutOfRegion, type ProjectSummary } from './summary.ts';

const USCCS = ['91445200MAARGYWF6E', '91445202MAH5N7N54Q', '91440500MAMW0PF0XB', '91440507MAQH6TTKXW', '91440100MA5CXXXX1A', '91445203MA51XFHG7T', '91445200MA17RT3W24'];
const ITEMS = [{ tenant: '445200', code: 'ZJ-445200-0006', name: '节能评估', serviceType: 'assessment' }, { tenant: '445203', code: 'ZJ-445203-0101', name: '测绘', serviceType: 'testing' }];

const summaryArb: fc.Arbitrary<ProjectSummary> = fc.record({
  n: fc.integer({ min: 0, max: 1_000_000 }),
  tenant: fc.constantFrom('445202', '445203', '445200'),
  day: fc.integer({ min: 1, max: 28 }),
  monthN: fc.integer({ min: 1, max: 12 }),
  method: fc.constantFrom('random', 'lowest-price', 'average-price', 'best-value', 'direct'),
  outcome: fc.constantFrom('open', 'failed', 'awarded') as fc.Arbitrary<'open' | 'failed' | 'awarded'>,
  item: fc.constantFrom(...ITEMS),
  winner: fc.constantFrom(...USCCS),
  budgetFen: fc.integer({ min: 100_000, max: 10_000_000 }),
  pct: fc.integer({ min: 30, max: 100 }),
  priced: fc.boolean(),
  days: fc.integer({ min: 1, max: 40 }),
  evaluation: fc.option(fc.record({ quality: fc.integer({ min: 1, max: 5 }), attitude: fc.integer({ min: 1, max: 5 }), feeReasonableness: fc.integer({ min: 1, max: 5 }) }), { nil: undefined }),
}).map((r) => {
  const day = `2026-${String(r.monthN).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
  const awarded = r.outcome === 'awarded';
  const s: ProjectSummary = {
    schemaVersion: 1, version: 3, projectId: `${r.tenant}-20260101-${String(r.n).padStart(6, '0')}`, tenant: r.tenant, city: '445200', province: '440000',
    name: 'p', publishedAt: `${day}T09:00:00.000+08:00`, day, month: day.slice(0, 7),
    status: awarded ? 'awarded' : r.outcome === 'failed' ? 'failed' : 'published', method: r.method, tradingMode: 'many-to-one', fundingType: 'fiscal',
    serviceItem: r.item, budgetFen: r.budgetFen, outcome: r.outcome, summarizedAt: day,
  };
  if (awarded) {
    s.winner = { uscc: r.winner, homeRegion: r.winner.slice(2, 8), outOfRegion: isOutOfRegion(r.winner, r.tenant) };
    s.awardedAt = s.publishedAt;
    s.workingDaysToAward = r.days;
    if (r.priced) s.awardFen = Math.floor(r.budgetFen * r.pct / 100);
    if (r.evaluation) s.evaluation = r.evaluation;
  }
  return s;
});

describe('statistics fold', () => {
  it('HHI is in [0, 10000], the top-5 share in [0, 1], shares of an item sum to at most 1', () => {
    fc.assert(fc.property(fc.array(summaryArb, { maxLength: 60 }), (summaries) => {
      const stats = finalizeStatistics(foldSummaries(summaries));
      for (const c of stats.concentration) {
        if (c.awards === 0) {
          expect(c.hhi).toBeNull();
          continue;
        }
        expect(c.hhi!).toBeGreaterThanOrEqual(0);
        expect(c.hhi!).toBeLessThanOrEqual(10_000);
        expect(c.top5Share!).toBeGreaterThan(0);
        expect(c.top5Share!).toBeLessThanOrEqual(1);
        expect(c.top.reduce((s, t) => s + t.share, 0)).toBeLessThanOrEqual(1.0001);
        // HHI ≥ 10000 / agencies (equal shares) — the floor of concentration.
        expect(c.hhi!).toBeGreaterThanOrEqual(10_000 / c.agencies - 0.01);
      }
      if (stats.outOfRegion.share !== null) expect(stats.outOfRegion.share).toBeLessThanOrEqual(1);
      if (stats.outcomes.failedRate !== null) expect(stats.outcomes.failedRate).toBeLessThanOrEqual(1);
    }));
  });

  it('totals equal the sum of their parts', () => {
    fc.assert(fc.property(fc.array(summaryArb, { maxLength: 60 }), (summaries) => {
      const stats = finalizeStatistics(foldSummaries(summaries));
      const sum = (xs: { count: number }[]) => xs.reduce((s, x) => s + x.count, 0);
      expect(stats.projects).toBe(summaries.length);
      expect(sum(stats.byStatus)).toBe(stats.projects);
      expect(sum(stats.byMethod)).toBe(stats.projects);
      expect(sum(stats.byServiceType)).toBe(stats.projects);
      expect(stats.outcomes.open + stats.outcomes.failed + stats.outcomes.awarded).toBe(stats.projects);
      expect(stats.money.publishedBudgetFen).toBe(summaries.reduce((s, x) => s + x.budgetFen, 0));
      expect(stats.money.savingFen).toBe(stats.money.pricedBudgetFen - stats.money.awardedAmountFen);
      expect(stats.concentration.reduce((s, c) => s + c.projects, 0)).toBe(stats.projects);
      expect(stats.concentration.reduce((s, c) => s + c.awards, 0)).toBe(stats.outOfRegion.winners);
    }));
  });

  it('folding the parts and merging equals folding the whole (month aggregates may be stored and merged), in any order', () => {
    fc.assert(fc.property(fc.array(summaryArb, { maxLength: 60 }), fc.nat(), (summaries, cut) => {
      const k = summaries.length ? cut % (summaries.length + 1) : 0;
      const whole = foldSummaries(summaries);
      const a = foldSummaries(summaries.slice(0, k));
      const b = foldSummaries(summaries.slice(k));
      expect(finalizeStatistics(mergeAccumulators(a, b))).toEqual(finalizeStatistics(whole));
      expect(finalizeStatistics(mergeAccumulators(b, a))).toEqual(finalizeStatistics(whole));
      expect(finalizeStatistics(mergeAccumulators(emptyAccumulator(), whole))).toEqual(finalizeStatistics(whole));
    }));
  });

  it('the period filter keeps the days from `from` to `to`, both included', () => {
    fc.assert(fc.property(fc.array(summaryArb, { maxLength: 40 }), (summaries) => {
      const stats = statisticsOf(summaries, '2026-03-01', '2026-05-31');
      expect(stats.projects).toBe(summaries.filter((s) => s.month >= '2026-03' && s.month <= '2026-05').length);
    }));
  });

  it('known answers: one agency winning everything is 10000; four equal agencies 2500; saving and rates', () => {
    expect(marketConcentration({ A: 7 })).toMatchObject({ hhi: 10_000, top5Share: 1 });
    expect(marketConcentration({ A: 1, B: 1, C: 1, D: 1 })).toMatchObject({ hhi: 2500, top5Share: 1 });
    expect(marketConcentration({ A: 1, B: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 1, I: 1, J: 1 })).toMatchObject({ hhi: 1000, top5Share: 0.5 });
    expect(marketConcentration({})).toMatchObject({ hhi: null, top5Share: null });
    // seed 002: 117.7万 published, 62.02万 awarded → a saving of 55.68万 (47.31 %) when every project was priced.
    const acc = emptyAccumulator();
    acc.projects = 2; acc.budgetFen = 117_700_00; acc.priced = { count: 2, budgetFen: 117_700_00, amountFen: 62_020_00 };
    const stats = finalizeStatistics(acc);
    expect(stats.money).toMatchObject({ savingFen: 55_680_00, savingRate: 0.4731 });
  });

  it('a winner registered in another city is out of region; one of the same city is not', () => {
    expect(isOutOfRegion('91440500MAMW0PF0XB', '445203')).toBe(true);
    expect(isOutOfRegion('91445202MAH5N7N54Q', '445203')).toBe(false);
    expect(isOutOfRegion('91445200MAARGYWF6E', '445200')).toBe(false);
  });
});
