/**
 * Strategy: one block per method of DESIGN section 4. Each block pins a hand-computed ranking, then the method's
 * edge cases: ties (decided by ISM-DRAW-1 over exactly the tied codes — checked against a direct `drawRanking`
 * call, and the tie transcript verifies), invalid and missing quotes (excluded with a reason, never ranked), and
 * refused inputs. A fast-check property per method shuffles the pool, quotes and scores and expects the same result.
 */
import fc from 'fast-check';
import { drawRanking, verifyTranscript } from '../draw/ism-draw-1.ts';
import { rankAveragePrice } from './average-price.ts';
import { rankBestValue, type BestValueScore } from './best-value.ts';
import { rankDirect } from './direct.ts';
import { rankLowestPrice } from './lowest-price.ts';
import { rankRandom } from './random.ts';
import { SelectionInputError } from './ranking.ts';
import { selectRanking } from './select.ts';
import { A, B, C, CONTEXT, D, E, F, shuffled } from './test-fixtures.ts';

const FC = { seed: 20260402, numRuns: 100 };
const POOL = [A, B, C, D, E, F];
const codes = (r: { ranking: { code: string }[] }) => r.ranking.map((x) => x.code);
const tieOrder = (tied: string[]) => drawRanking({ ...CONTEXT, pool: tied }).ranking;
const rndArb = fc.array(fc.nat(), { minLength: 8, maxLength: 8 });

describe('random 随机选取', () => {
  it('ranks the whole pool by the ISM-DRAW-1 draw and publishes its transcript', () => {
    const r = rankRandom({ ...CONTEXT, pool: POOL });
    expect(codes(r)).toEqual(drawRanking({ ...CONTEXT, pool: POOL }).ranking);
    expect(r.draws).toHaveLength(1);
    expect(verifyTranscript(r.draws[0]).valid).toBe(true);
    expect(r.ranking[0]).toEqual({ rank: 1, code: r.draws[0].ranking[0], reason: expect.objectContaining({ code: 'random.drawn' }) });
  });
  it('does not depend on the pool order', () => {
    fc.assert(fc.property(rndArb, (rnd) => expect(rankRandom({ ...CONTEXT, pool: shuffled(POOL, rnd) })).toEqual(rankRandom({ ...CONTEXT, pool: POOL }))), FC);
  });
  it('refuses duplicates', () => {
    expect(() => rankRandom({ ...CONTEXT, pool: [A, B, A] })).toThrow(SelectionInputError);
  });
});

describe('lowest-price 竞价选取', () => {
  const limits = { budgetFen: 100_000_00, floorFen: 50_000_00 };
  const quotes = [
    { code: A, fen: 80_000_00 },
    { code: B, fen: 60_000_00 },
    { code: C, fen: 100_000_01 }, // one fen above the budget
    { code: D, fen: 49_999_99 }, // one fen below the floor
    { code: E, fen: 70_000_00 },
  ]; // F sends no quote

  it('ascending valid quotes; above-budget, below-floor and missing quotes excluded with reasons', () => {
    const r = rankLowestPrice({ ...CONTEXT, ...limits, pool: POOL, quotes });
    expect(codes(r)).toEqual([B, E, A]);
    expect(r.ranking.map((x) => x.quoteFen)).toEqual([60_000_00, 70_000_00, 80_000_00]);
    expect(r.ranking[0].reason).toEqual({ code: 'lowest-price.lowest', zh: '有效报价最低：60000.00 元', en: 'Lowest valid quote: 60000.00 yuan' });
    expect(r.excluded.map((x) => [x.code, x.reason.code])).toEqual([
      [F, 'quote.missing'],
      [C, 'quote.above-budget'],
      [D, 'quote.below-floor'],
    ].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
    expect(r.draws).toEqual([]);
  });

  it('quotes exactly at the floor and at the budget are valid', () => {
    const r = rankLowestPrice({ ...CONTEXT, ...limits, pool: [A, B], quotes: [{ code: A, fen: limits.budgetFen }, { code: B, fen: limits.floorFen }] });
    expect(codes(r)).toEqual([B, A]);
  });

  it('ties are ordered by ISM-DRAW-1 over exactly the tied codes; each tie draw verifies', () => {
    const tied = [
      { code: A, fen: 70_000_00 },
      { code: B, fen: 60_000_00 },
      { code: C, fen: 60_000_00 },
      { code: D, fen: 60_000_00 },
      { code: E, fen: 70_000_00 },
      { code: F, fen: 90_000_00 },
    ];
    const r = rankLowestPrice({ ...CONTEXT, ...limits, pool: POOL, quotes: tied });
    expect(codes(r)).toEqual([...tieOrder([B, C, D]), ...tieOrder([A, E]), F]);
    expect(r.draws.map((d) => d.pool)).toEqual([[B, C, D], [A, E]]);
    expect(r.draws.every((d) => verifyTranscript(d).valid)).toBe(true);
    expect(r.ranking[0].tieBreak).toEqual({ draw: 0, tiedWith: [B, C, D] });
    expect(r.ranking[5].tieBreak).toBeUndefined();
    expect(r.ranking[1].reason.zh).toContain('经 ISM-DRAW-1 抽签');
  });

  it('no valid quote: an empty ranking, everyone excluded (the lifecycle fails the project)', () => {
    const r = rankLowestPrice({ ...CONTEXT, ...limits, pool: [A, B], quotes: [{ code: A, fen: 1 }] });
    expect(r.ranking).toEqual([]);
    expect(r.excluded.map((x) => x.code)).toEqual([A, B]);
  });

  it('refuses a quote outside the pool, two quotes from one agency, a fractional fen, and bad limits', () => {
    const base = { ...CONTEXT, ...limits, pool: [A, B] };
    expect(() => rankLowestPrice({ ...base, quotes: [{ code: C, fen: 60_000_00 }] })).toThrow(expect.objectContaining({ code: 'selection.quote-not-in-pool' }));
    expect(() => rankLowestPrice({ ...base, quotes: [{ code: A, fen: 60_000_00 }, { code: A, fen: 61_000_00 }] })).toThrow(expect.objectContaining({ code: 'selection.quote-duplicate' }));
    expect(() => rankLowestPrice({ ...base, quotes: [{ code: A, fen: 60_000_00.5 }] })).toThrow(expect.objectContaining({ code: 'selection.quote-not-fen' }));
    expect(() => rankLowestPrice({ ...base, floorFen: limits.budgetFen + 1, quotes: [] })).toThrow(expect.objectContaining({ code: 'selection.floor-invalid' }));
    expect(() => rankLowestPrice({ ...base, budgetFen: 0, floorFen: undefined, quotes: [] })).toThrow(expect.objectContaining({ code: 'selection.budget-invalid' }));
  });

  it('does not depend on the order of the pool or the quotes', () => {
    const quoteArb = fc.array(fc.integer({ min: 49_000_00, max: 101_000_00 }).map((n) => Math.round(n / 500_000) * 500_000), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(quoteArb, rndArb, rndArb, (fens, r1, r2) => {
        const qs = POOL.map((code, i) => ({ code, fen: fens[i] }));
        const want = rankLowestPrice({ ...CONTEXT, ...limits, pool: POOL, quotes: qs });
        expect(rankLowestPrice({ ...CONTEXT, ...limits, pool: shuffled(POOL, r1), quotes: shuffled(qs, r2) })).toEqual(want);
        expect(want.ranking.length + want.excluded.length).toBe(POOL.length);
      }),
      FC,
    );
  });
});

describe('average-price 均价选取', () => {
  const limits = { budgetFen: 100_000_00 };

  it('fewer than 5 valid quotes: the plain mean; closest first', () => {
    // mean of 60,000 / 70,000 / 95,000 = 75,000
    const r = rankAveragePrice({ ...CONTEXT, ...limits, pool: [A, B, C], quotes: [{ code: A, fen: 60_000_00 }, { code: B, fen: 70_000_00 }, { code: C, fen: 95_000_00 }] });
    expect(r.mean).toEqual({ exact: '22500000/3', meanFen: 75_000_00, quotesInMean: 3, leftOut: [] });
    expect(codes(r)).toEqual([B, A, C]);
    expect(r.ranking[0].reason.code).toBe('average-price.closest');
  });

  it('5 or more valid quotes: one highest and one lowest left out of the mean, still ranked', () => {
    // valid: 10,000 / 50,000 / 60,000 / 70,000 / 99,000 → mean of 50,000 / 60,000 / 70,000 = 60,000
    const quotes = [
      { code: A, fen: 10_000_00 },
      { code: B, fen: 50_000_00 },
      { code: C, fen: 60_000_00 },
      { code: D, fen: 70_000_00 },
      { code: E, fen: 99_000_00 },
      { code: F, fen: 100_000_01 }, // invalid: not in the mean, not ranked
    ];
    const r = rankAveragePrice({ ...CONTEXT, ...limits, pool: POOL, quotes });
    expect(r.mean).toEqual({ exact: '18000000/3', meanFen: 60_000_00, quotesInMean: 3, leftOut: [A, E] });
    expect(codes(r).slice(0, 1)).toEqual([C]);
    expect(codes(r).slice(1, 3).sort()).toEqual([B, D]); // both 10,000 yuan away: tied
    expect(codes(r).slice(3)).toEqual([E, A]); // 39,000 and 50,000 away
    expect(r.excluded).toEqual([{ code: F, reason: expect.objectContaining({ code: 'quote.above-budget' }) }]);
  });

  it('equal distance above and below the mean is a tie, broken by ISM-DRAW-1', () => {
    const r = rankAveragePrice({ ...CONTEXT, ...limits, pool: [A, B], quotes: [{ code: A, fen: 60_000_00 }, { code: B, fen: 80_000_00 }] });
    expect(codes(r)).toEqual(tieOrder([A, B]));
    expect(r.draws).toHaveLength(1);
    expect(verifyTranscript(r.draws[0]).valid).toBe(true);
  });

  it('exact rational mean: a fraction of a fen decides, no rounding', () => {
    // 100.00, 100.01, 100.01 yuan → mean 30002/3 fen = 100.00666… yuan: 100.01 is closer (1/3 fen) than 100.00 (2/3 fen)
    const r = rankAveragePrice({ ...CONTEXT, ...limits, pool: [A, B, C], quotes: [{ code: A, fen: 100_00 }, { code: B, fen: 100_01 }, { code: C, fen: 100_01 }] });
    expect(r.mean).toEqual({ exact: '30002/3', meanFen: 100_01, quotesInMean: 3, leftOut: [] });
    expect(codes(r)[2]).toBe(A);
    // 100.00 and 100.01 → mean 100.005 exactly: shown half-up as 100.01, and the two are equidistant (a tie)
    const half = rankAveragePrice({ ...CONTEXT, ...limits, pool: [A, B], quotes: [{ code: A, fen: 100_00 }, { code: B, fen: 100_01 }] });
    expect(half.mean?.meanFen).toBe(100_01);
    expect(half.draws).toHaveLength(1); // equidistant from 100.005
  });

  it('no valid quote: empty ranking, no mean', () => {
    const r = rankAveragePrice({ ...CONTEXT, ...limits, pool: [A], quotes: [] });
    expect(r).toEqual({ method: 'average-price', ranking: [], excluded: [{ code: A, reason: expect.objectContaining({ code: 'quote.missing' }) }], draws: [] });
  });

  it('does not depend on the order of the pool or the quotes', () => {
    const quoteArb = fc.array(fc.integer({ min: 1, max: 20 }).map((n) => n * 5_000_00), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(quoteArb, rndArb, rndArb, (fens, r1, r2) => {
        const qs = POOL.map((code, i) => ({ code, fen: fens[i] }));
        expect(rankAveragePrice({ ...CONTEXT, ...limits, pool: shuffled(POOL, r1), quotes: shuffled(qs, r2) })).toEqual(rankAveragePrice({ ...CONTEXT, ...limits, pool: POOL, quotes: qs }));
      }),
      FC,
    );
  });
});

describe('best-value 择优选取', () => {
  const limits = { budgetFen: 100_000_00 };
  const weights = { price: 30, qualification: 30, evaluation: 20, credit: 20 };
  const score = (code: string, q: number, e: number, c: number): BestValueScore => ({ code, qualification: q, evaluation: e, credit: c });

  it('weighted score, highest first, price score = 100 × lowest / quote', () => {
    // A: price 100 (lowest), others 80/80/80 → 30 + 24 + 16 + 16 = 86.00
    // B: price 60,000/80,000 = 75 → 22.5 + 30 (100) + 18 (90) + 18 (90) = 88.50
    // C: price 60,000/75,000 = 80 → 24 + 27 (90) + 18 (90) + 16 (80) = 85.00
    const r = rankBestValue({
      ...CONTEXT,
      ...limits,
      weights,
      pool: [A, B, C],
      quotes: [{ code: A, fen: 60_000_00 }, { code: B, fen: 80_000_00 }, { code: C, fen: 75_000_00 }],
      scores: [score(A, 8000, 8000, 8000), score(B, 10000, 9000, 9000), score(C, 9000, 9000, 8000)],
    });
    expect(codes(r)).toEqual([B, A, C]);
    expect(r.ranking.map((x) => x.scoreHundredths)).toEqual([8850, 8600, 8500]);
    expect(r.ranking[0].reason).toEqual({ code: 'best-value.highest', zh: '综合得分最高：88.50 分', en: 'Highest weighted score: 88.50' });
  });

  it('exact fractions: a price score of 200/3 is not rounded before ranking', () => {
    // price only: A 60,000 → 100; B 90,000 → 66.666…; C 90,000 → tie with B
    const r = rankBestValue({
      ...CONTEXT,
      ...limits,
      weights: { price: 100, qualification: 0, evaluation: 0, credit: 0 },
      pool: [A, B, C],
      quotes: [{ code: A, fen: 60_000_00 }, { code: B, fen: 90_000_00 }, { code: C, fen: 90_000_00 }],
      scores: [score(A, 0, 0, 0), score(B, 0, 0, 0), score(C, 0, 0, 0)],
    });
    expect(codes(r)).toEqual([A, ...tieOrder([B, C])]);
    expect(r.ranking.map((x) => x.scoreHundredths)).toEqual([10000, 6667, 6667]);
  });

  it('equal totals from different components tie and are drawn', () => {
    const r = rankBestValue({
      ...CONTEXT,
      ...limits,
      weights: { price: 0, qualification: 50, evaluation: 50, credit: 0 },
      pool: [A, B, C],
      quotes: [],
      scores: [score(A, 9000, 7000, 0), score(B, 7000, 9000, 0), score(C, 9000, 9000, 0)],
    });
    expect(codes(r)).toEqual([C, ...tieOrder([A, B])]);
    expect(r.draws.map((d) => d.pool)).toEqual([[A, B]]);
  });

  it('invalid quote or missing score: excluded; the reference price is the lowest among those ranked', () => {
    const r = rankBestValue({
      ...CONTEXT,
      ...limits,
      weights: { price: 100, qualification: 0, evaluation: 0, credit: 0 },
      pool: [A, B, C, D],
      quotes: [{ code: A, fen: 100_000_01 }, { code: B, fen: 80_000_00 }, { code: C, fen: 40_000_00 }, { code: D, fen: 100_000_00 }],
      scores: [score(A, 0, 0, 0), score(B, 0, 0, 0), score(D, 0, 0, 0)],
    });
    expect(r.excluded.map((x) => [x.code, x.reason.code])).toEqual([[A, 'quote.above-budget'], [C, 'score.missing']]);
    expect(r.ranking.map((x) => [x.code, x.scoreHundredths])).toEqual([[B, 10000], [D, 8000]]);
  });

  it('refuses weights that do not sum to 100 and scores outside 0–10,000', () => {
    const base = { ...CONTEXT, ...limits, pool: [A], quotes: [{ code: A, fen: 1_00 }] };
    expect(() => rankBestValue({ ...base, weights: { ...weights, credit: 21 }, scores: [score(A, 0, 0, 0)] })).toThrow(expect.objectContaining({ code: 'selection.weights-invalid' }));
    expect(() => rankBestValue({ ...base, weights, scores: [score(A, 10001, 0, 0)] })).toThrow(expect.objectContaining({ code: 'selection.score-invalid' }));
    expect(() => rankBestValue({ ...base, weights, scores: [score(B, 0, 0, 0)] })).toThrow(expect.objectContaining({ code: 'selection.score-not-in-pool' }));
  });

  it('does not depend on the order of the pool, quotes or scores', () => {
    const s = fc.integer({ min: 0, max: 4 }).map((n) => n * 2500);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), s, s, s), { minLength: 6, maxLength: 6 }), rndArb, rndArb, rndArb, (rows, r1, r2, r3) => {
        const quotes = POOL.map((code, i) => ({ code, fen: rows[i][0] * 20_000_00 }));
        const scores = POOL.map((code, i) => score(code, rows[i][1], rows[i][2], rows[i][3]));
        const want = rankBestValue({ ...CONTEXT, ...limits, weights, pool: POOL, quotes, scores });
        expect(rankBestValue({ ...CONTEXT, ...limits, weights, pool: shuffled(POOL, r1), quotes: shuffled(quotes, r2), scores: shuffled(scores, r3) })).toEqual(want);
      }),
      FC,
    );
  });
});

describe('direct 直接选取', () => {
  it("the owner's pick first with the written reason, the rest in ascending code order as substitutes", () => {
    const r = rankDirect({ pool: [E, C, A, D], choice: { code: D, reason: '  该机构曾承担本项目前期评估，熟悉现场情况  ' } });
    expect(codes(r)).toEqual([D, A, C, E]);
    expect(r.ranking[0].reason).toEqual({ code: 'direct.chosen', zh: '业主直接选取，理由：该机构曾承担本项目前期评估，熟悉现场情况', en: 'Chosen directly by the owner: 该机构曾承担本项目前期评估，熟悉现场情况' });
    expect(r.ranking.slice(1).every((x) => x.reason.code === 'direct.substitute')).toBe(true);
    expect(r.draws).toEqual([]);
  });
  it('refuses a pick outside the pool and a missing reason', () => {
    expect(() => rankDirect({ pool: [A, B], choice: { code: C, reason: '理由' } })).toThrow(expect.objectContaining({ code: 'selection.choice-not-eligible' }));
    expect(() => rankDirect({ pool: [A, B], choice: { code: A, reason: '   ' } })).toThrow(expect.objectContaining({ code: 'selection.choice-reason-missing' }));
  });
  it('does not depend on the pool order', () => {
    fc.assert(fc.property(rndArb, (rnd) => expect(rankDirect({ pool: shuffled(POOL, rnd), choice: { code: C, reason: 'r' } })).toEqual(rankDirect({ pool: POOL, choice: { code: C, reason: 'r' } }))), FC);
  });
});

describe('selectRanking', () => {
  it('dispatches on the method', () => {
    expect(selectRanking({ method: 'random', ...CONTEXT, pool: POOL })).toEqual(rankRandom({ ...CONTEXT, pool: POOL }));
    expect(selectRanking({ method: 'direct', pool: POOL, choice: { code: A, reason: 'r' } }).method).toBe('direct');
    expect(selectRanking({ method: 'lowest-price', ...CONTEXT, pool: [A], budgetFen: 100, quotes: [{ code: A, fen: 100 }] }).ranking[0].code).toBe(A);
  });
});
