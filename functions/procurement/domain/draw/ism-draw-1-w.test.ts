/**
 * ISM-DRAW-1-W (weighted): reproducibility, order independence, weight w ≈ w chances, and the verifier catching
 * every tampered field. The statistical test uses deterministic seeds (SHA-256 of a counter), so it cannot flake;
 * its bound (±0.02 on a share, about 9 standard deviations at 20,000 draws) is generous on purpose: it catches a
 * wrong rule (weights ignored, squared, off by one), not noise.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { drawRanking } from './ism-draw-1.ts';
import { drawWeighted, MAX_WEIGHT, verifyWeightedTranscript, type WeightedCandidate } from './ism-draw-1-w.ts';

const CODES = ['91445202MA51XQ0D4G', '91445200MA4W3K2L9P', '12440600MB2C07549J', '91440500MA4UHY7B1W', '91110000600037341L'];
const SEED = 'a1'.repeat(32);

const counterSeed = (i: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(i));
  return createHash('sha256').update(b).digest('hex');
};

const codeArb = fc.stringMatching(/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/);
const candidatesArb = fc.uniqueArray(fc.record({ code: codeArb, weight: fc.integer({ min: 1, max: 6 }) }), { selector: (c) => c.code, minLength: 0, maxLength: 12 });
const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

describe('ISM-DRAW-1-W', () => {
  it('is reproducible and does not depend on the order of the pool', () => {
    fc.assert(fc.property(candidatesArb, seedArb, fc.integer({ min: 0, max: 15 }), (candidates, seed, count) => {
      const a = drawWeighted({ seed, drawId: 'SC-445203-20261121-ABCDEF', candidates, count });
      const b = drawWeighted({ seed, drawId: 'SC-445203-20261121-ABCDEF', candidates: [...candidates].reverse(), count });
      expect(b).toEqual(a);
      expect([...a.ranking].sort()).toEqual(candidates.map((c) => c.code).sort());
      expect(a.drawn).toBe(Math.min(count, candidates.length));
      expect(verifyWeightedTranscript(a).valid).toBe(true);
    }), { numRuns: 200 });
  });

  it('follows the written steps byte for byte (an independent recomputation of one draw)', () => {
    const candidates = [{ code: CODES[0], weight: 3 }, { code: CODES[1], weight: 1 }];
    const t = drawWeighted({ seed: SEED, drawId: 'SC-1', candidates, count: 1 });
    const pool = [`${CODES[1]}*1`, `${CODES[0]}*3`].sort();
    expect(t.pool).toEqual(pool);
    const poolHash = createHash('sha256').update(pool.join('\n')).digest('hex');
    expect(t.poolHash).toBe(poolHash);
    const key = createHmac('sha256', Buffer.from(SEED, 'hex')).update(`ISM-DRAW-1-W|SC-1|${poolHash}|`).digest();
    const ticketOf = (code: string, w: number) => Array.from({ length: w }, (_, i) => createHmac('sha256', key).update(`${code}#${i + 1}`).digest('hex')).sort()[0];
    const expected = candidates.map((c) => ({ code: c.code, ticket: ticketOf(c.code, c.weight) })).sort((x, y) => (x.ticket < y.ticket ? -1 : 1));
    expect(t.ranking).toEqual(expected.map((e) => e.code));
    expect(t.tickets.map((x) => x.ticket)).toEqual(expected.map((e) => e.ticket));
    expect(t.commitment).toBe(createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'));
  });

  it('gives weight w exactly w chances: first-rank shares match w / Σw (20,000 deterministic draws)', () => {
    const candidates: WeightedCandidate[] = CODES.slice(0, 4).map((code, i) => ({ code, weight: i + 1 })); // 1, 2, 3, 4 → Σ 10
    const wins = new Map(candidates.map((c) => [c.code, 0]));
    const N = 20_000;
    for (let i = 0; i < N; i++) {
      const t = drawWeighted({ seed: counterSeed(i), drawId: 'SC-FAIRNESS', candidates, count: 1 });
      wins.set(t.ranking[0], wins.get(t.ranking[0])! + 1);
    }
    for (const c of candidates) expect(Math.abs(wins.get(c.code)! / N - c.weight / 10)).toBeLessThan(0.02);
  });

  it('is not an ISM-DRAW-1 draw in disguise: the key message names the protocol', () => {
    const weighted = drawWeighted({ seed: SEED, drawId: 'P-1', candidates: CODES.map((code) => ({ code, weight: 1 })), count: 5 });
    const plain = drawRanking({ seed: SEED, projectId: 'P-1', pool: CODES });
    expect(weighted.tickets.map((t) => t.ticket)).not.toEqual(plain.tickets!.map((t) => t.ticket));
  });

  it('refuses weights outside 1…MAX_WEIGHT, duplicates and bad codes', () => {
    for (const weight of [0, -1, 1.5, MAX_WEIGHT + 1, Number.NaN]) {
      expect(() => drawWeighted({ seed: SEED, drawId: 'X', candidates: [{ code: CODES[0], weight }], count: 1 })).toThrow(/weight/i);
    }
    expect(() => drawWeighted({ seed: SEED, drawId: 'X', candidates: [{ code: CODES[0], weight: 1 }, { code: CODES[0], weight: 2 }], count: 1 })).toThrow(/Duplicate/);
    expect(() => drawWeighted({ seed: SEED, drawId: 'X', candidates: [{ code: 'nope', weight: 1 }], count: 1 })).toThrow();
    expect(() => drawWeighted({ seed: SEED, drawId: 'a|b', candidates: [], count: 1 })).toThrow();
  });

  it('the verifier fails a transcript with any field changed', () => {
    const t = drawWeighted({ seed: SEED, drawId: 'SC-2', candidates: CODES.map((code, i) => ({ code, weight: (i % 3) + 1 })), count: 2 });
    expect(verifyWeightedTranscript(t)).toEqual(expect.objectContaining({ valid: true }));
    const tampered: Record<string, unknown>[] = [
      { ...t, seed: 'b2'.repeat(32) },
      { ...t, projectId: 'SC-3' },
      { ...t, beacon: 'x' },
      { ...t, pool: t.pool.map((e, i) => (i === 0 ? e.replace(/\*\d+$/, '*9') : e)) },
      { ...t, ranking: [...t.ranking].reverse() },
      { ...t, tickets: t.tickets.map((x, i) => (i === 0 ? { ...x, entry: x.entry + 1 } : x)) },
      { ...t, drawn: t.pool.length + 1 },
      { ...t, protocol: 'ISM-DRAW-1' },
    ];
    for (const bad of tampered) expect(verifyWeightedTranscript(bad).valid).toBe(false);
    expect(verifyWeightedTranscript(null).valid).toBe(false);
  });
});
