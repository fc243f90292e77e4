/**
 * Strategy: a hand-computed mean with rounding half-up (…50 goes up, …49 down, the third of a hundredth down and
 * two thirds up), then each refusal with its stable code, then resubmission before and after the deadline, and
 * fast-check properties (fixed seed): the mean lies between the lowest and highest score, equals the exact mean
 * within half a hundredth, does not depend on the order of submissions or of scores within one, and feeds
 * rankBestValue as it is.
 */
import fc from 'fast-check';
import { rankBestValue, type BestValueScore } from '#functions/procurement/domain/selection/best-value.ts';
import { thrown } from '#test/support/domain-error.ts';
import { aggregateScores, meanHalfUp, recordSubmission, type ScoreSubmission } from './score-aggregation.ts';
import { ANJU, expert, GREEN, SEED, ZHENGHENG } from './test-fixtures.ts';

const FC = { seed: 20260404, numRuns: 150 };
const POOL = [GREEN, ZHENGHENG, ANJU];
const [X, Y, Z] = [expert(1), expert(2), expert(3)];
const SCORERS = [X, Y, Z];
const score = (code: string, qualification: number, evaluation: number, credit: number): BestValueScore => ({ code, qualification, evaluation, credit });
const uniform = (scorerId: string, q: number, e = q, c = q): ScoreSubmission => ({ scorerId, scores: POOL.map((code) => score(code, q, e, c)) });

describe('aggregateScores', () => {
  it('averages each component across the scorers, rounded half-up to a whole hundredth', () => {
    const subs = [uniform(X.id, 8000, 7001, 1), uniform(Y.id, 8001, 7000, 0), uniform(Z.id, 8001, 7000, 1)];
    // 24002/3 = 8000.67 → 8001; 21001/3 = 7000.33 → 7000; 2/3 = 0.67 → 1
    expect(aggregateScores(subs, SCORERS, POOL)).toEqual([...POOL].sort().map((code) => score(code, 8001, 7000, 1)));
  });

  it('rounds exactly half a hundredth up, and just under it down', () => {
    expect(meanHalfUp(8001, 2)).toBe(4001); // 4000.5
    expect(meanHalfUp(7999, 2)).toBe(4000); // 3999.5
    expect(meanHalfUp(1, 3)).toBe(0);
    expect(meanHalfUp(2, 3)).toBe(1);
    expect(meanHalfUp(30_000, 3)).toBe(10_000);
  });

  it('takes scorers as experts or as ids, and returns the pool ascending by code', () => {
    const subs = [uniform(X.id, 100), uniform(Y.id, 200)];
    const byIds = aggregateScores(subs, [X.id, Y.id], [ZHENGHENG, GREEN, ANJU]);
    expect(byIds.map((s) => s.code)).toEqual([...POOL].sort());
    expect(aggregateScores(subs, [X, Y], POOL)).toEqual(byIds);
  });

  it('refuses a submission from someone not drawn', () => {
    expect(thrown(() => aggregateScores([uniform(X.id, 1), uniform(expert(9).id, 1)], [X], POOL))).toMatchObject({ status: 403, code: 'scores.not-a-scorer' });
  });
  it('refuses a candidate not in the pool, a missing candidate, a candidate scored twice, a score out of range', () => {
    const stranger = '91440500MA4UQ8HDXM';
    expect(thrown(() => aggregateScores([{ scorerId: X.id, scores: [...uniform(X.id, 1).scores, score(stranger, 1, 1, 1)] }], [X], POOL)).code).toBe('scores.candidate-not-in-pool');
    const missing = thrown(() => aggregateScores([{ scorerId: X.id, scores: uniform(X.id, 1).scores.slice(1) }], [X], POOL));
    expect(missing).toMatchObject({ code: 'scores.candidate-missing', extra: { missing: [POOL[0]] } });
    expect(thrown(() => aggregateScores([{ scorerId: X.id, scores: [...uniform(X.id, 1).scores, score(GREEN, 1, 1, 1)] }], [X], POOL)).code).toBe('scores.candidate-duplicate');
    for (const bad of [-1, 10_001, 12.5, Number.NaN]) {
      expect(thrown(() => aggregateScores([{ scorerId: X.id, scores: POOL.map((c) => score(c, 1, bad, 1)) }], [X], POOL)).code).toBe('scores.score-invalid');
    }
  });
  it('refuses two submissions from one scorer (the store keeps one per scorer: recordSubmission)', () => {
    expect(thrown(() => aggregateScores([uniform(X.id, 1), uniform(Y.id, 1), uniform(X.id, 2)], SCORERS, POOL))).toMatchObject({ status: 409, code: 'scores.duplicate-submission' });
  });
  it('needs every drawn scorer by default; the timeline may accept fewer after the deadline', () => {
    const two = [uniform(X.id, 100), uniform(Y.id, 201)];
    expect(thrown(() => aggregateScores(two, SCORERS, POOL))).toMatchObject({ code: 'scores.incomplete', extra: { needed: 3, received: 2 } });
    expect(aggregateScores(two, SCORERS, POOL, { minSubmissions: 2 })[0]).toEqual(score([...POOL].sort()[0], 151, 151, 151));
    expect(thrown(() => aggregateScores([], SCORERS, POOL, { minSubmissions: 0 })).code).toBe('scores.incomplete');
  });
});

describe('recordSubmission', () => {
  const context = { scorers: SCORERS, pool: POOL, deadline: '2026-11-23T17:00:00+08:00' };

  it('accepts before the deadline and replaces a scorer\'s earlier submission', () => {
    const first = recordSubmission([], uniform(X.id, 100), { ...context, now: '2026-11-23T09:00:00+08:00' });
    const other = recordSubmission(first, uniform(Y.id, 300), { ...context, now: '2026-11-23T09:30:00+08:00' });
    const corrected = recordSubmission(other, uniform(X.id, 200), { ...context, now: '2026-11-23T16:59:59.999+08:00' });
    expect(corrected.map((s) => [s.scorerId, s.scores[0].qualification])).toEqual([[Y.id, 300], [X.id, 200]]);
    expect(other).toHaveLength(2); // the input is not changed
    expect(aggregateScores(corrected, SCORERS, POOL, { minSubmissions: 2 })[0].qualification).toBe(250);
  });
  it('refuses at or after the deadline (server clock), and checks the submission like aggregateScores', () => {
    expect(thrown(() => recordSubmission([], uniform(X.id, 1), { ...context, now: '2026-11-23T17:00:00+08:00' }))).toMatchObject({ code: 'scores.deadline-passed' });
    expect(thrown(() => recordSubmission([], uniform(expert(7).id, 1), { ...context, now: '2026-11-23T09:00:00+08:00' })).code).toBe('scores.not-a-scorer');
  });
});

describe('properties', () => {
  const value = fc.integer({ min: 0, max: 10_000 });
  const casesArb = fc.record({
    table: fc.array(fc.array(fc.tuple(value, value, value), { minLength: POOL.length, maxLength: POOL.length }), { minLength: 1, maxLength: 7 }),
  });
  const scorers = Array.from({ length: 7 }, (_, i) => expert(i + 1));
  const submissionsOf = (table: [number, number, number][][]) => table.map((row, i) => ({ scorerId: scorers[i].id, scores: row.map(([q, e, c], j) => score(POOL[j], q, e, c)) }));
  const reversed = (subs: ScoreSubmission[]) => [...subs].reverse().map((s) => ({ ...s, scores: [...s.scores].reverse() }));

  it('each mean is within [min, max], within half a hundredth of the exact mean, and order-independent', () => {
    fc.assert(fc.property(casesArb, ({ table }) => {
      const subs = submissionsOf(table);
      const drawn = scorers.slice(0, subs.length);
      const result = aggregateScores(subs, drawn, POOL);
      expect(aggregateScores(reversed(subs), drawn, [...POOL].reverse())).toEqual(result);
      for (const r of result) {
        const j = POOL.indexOf(r.code);
        (['qualification', 'evaluation', 'credit'] as const).forEach((k, component) => {
          const values = table.map((row) => row[j][component]);
          const exact = values.reduce((a, b) => a + b, 0) / values.length;
          expect(r[k]).toBeGreaterThanOrEqual(Math.min(...values));
          expect(r[k]).toBeLessThanOrEqual(Math.max(...values));
          expect(r[k] - exact).toBeGreaterThan(-0.5 - 1e-9);
          expect(r[k] - exact).toBeLessThanOrEqual(0.5 + 1e-9);
        });
      }
    }), FC);
  });

  it('the aggregate is what rankBestValue takes: it ranks the whole pool', () => {
    fc.assert(fc.property(casesArb, ({ table }) => {
      const subs = submissionsOf(table);
      const scores = aggregateScores(subs, scorers.slice(0, subs.length), POOL);
      const ranked = rankBestValue({ seed: SEED, projectId: 'P-1', pool: POOL, scores, quotes: [], budgetFen: 100_000, weights: { price: 0, qualification: 40, evaluation: 30, credit: 30 } });
      expect(ranked.ranking.map((r) => r.code).sort()).toEqual([...POOL].sort());
    }), FC);
  });
});
