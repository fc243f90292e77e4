/**
 * Strategy: a pinned known-answer vector (seed = bytes 00..1f, five real-shaped codes, with and without a beacon),
 * re-derived here step by step straight from node:crypto so the pin is not self-confirming (it was also checked
 * once with Python's hashlib/hmac, which gave the same key and ranking). Then properties with fast-check (fixed
 * seed, so no run differs from the last): the ranking is a permutation of the pool, independent of input order;
 * each input changes the key; every one-character change of any transcript field fails verification. Then the
 * refusals (duplicates, malformed codes, ambiguous project ids) and the empty pool.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { DrawInputError, commitmentOf, drawKeyOf, drawRanking, newSeed, poolHashOf, sortPool, verifyTranscript, type Transcript } from './ism-draw-1.ts';

const FC = { seed: 20260401, numRuns: 200 };
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeArb = fc.array(fc.constantFrom(...CHARSET), { minLength: 18, maxLength: 18 }).map((cs) => cs.join(''));
const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const projectIdArb = fc.stringMatching(/^[0-9A-Za-z-]{1,24}$/);
const poolArb = (min = 0, max = 12) => fc.uniqueArray(codeArb, { minLength: min, maxLength: max });

const KAT = {
  seed: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  projectId: '445200-2026-0001',
  pool: ['91445202MA51XQ0D4G', '91445200MA4W3K2L9P', '12440600MB2C07549J', '91440500MA4UHY7B1W', '91110000600037341L'],
  commitment: '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd',
  poolHash: '8d2c6e4e07a1a23ec59b36965bbee19eb99a7e717d27e390a758c40024e9ce47',
  noBeacon: {
    key: '7cdc0af09901ff9958ab9dda3b7155d327a873276542b1bdca41c60a577553c9',
    ranking: ['91440500MA4UHY7B1W', '12440600MB2C07549J', '91445202MA51XQ0D4G', '91110000600037341L', '91445200MA4W3K2L9P'],
    firstTicket: '009b15c8bf29f9bc2dc3890a8c234029aabfa6afbefc381c0f8973f5d3d3b22b',
  },
  withBeacon: {
    beacon: 'drand:quicknet:12345678',
    key: '8bb420fc5f53fea898ad925f46ecb198bdb3a87c7e3494716769bd5961c3ca63',
    ranking: ['91110000600037341L', '91445202MA51XQ0D4G', '91445200MA4W3K2L9P', '12440600MB2C07549J', '91440500MA4UHY7B1W'],
  },
};

/** DESIGN section 4 read literally, with nothing from the module under test. */
function independentDraw(seedHex: string, projectId: string, codes: string[], beacon: string) {
  const s = Buffer.from(seedHex, 'hex');
  const commitment = createHash('sha256').update(s).digest('hex');
  const pool = [...codes];
  // bytewise ascending on the ASCII bytes, written without relying on String comparison
  pool.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const poolHash = createHash('sha256').update(Buffer.from(pool.join('\n'), 'utf8')).digest('hex');
  const key = createHmac('sha256', s).update(Buffer.from(`ISM-DRAW-1|${projectId}|${poolHash}|${beacon}`, 'utf8')).digest();
  const tickets = new Map(pool.map((c) => [c, createHmac('sha256', key).update(Buffer.from(c, 'utf8')).digest()]));
  const ranking = [...pool].sort((a, b) => Buffer.compare(tickets.get(a)!, tickets.get(b)!));
  return { commitment, pool, poolHash, key: key.toString('hex'), ranking, tickets };
}

describe('ISM-DRAW-1 known-answer vector', () => {
  it('matches the pinned values (no beacon)', () => {
    const t = drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: KAT.pool });
    expect(t.commitment).toBe(KAT.commitment);
    expect(t.poolHash).toBe(KAT.poolHash);
    expect(t.pool).toEqual([...KAT.pool].sort());
    expect(drawKeyOf(KAT.seed, KAT.projectId, KAT.poolHash, '')).toBe(KAT.noBeacon.key);
    expect(t.ranking).toEqual(KAT.noBeacon.ranking);
    expect(t.tickets?.[0]).toEqual({ code: KAT.noBeacon.ranking[0], ticket: KAT.noBeacon.firstTicket });
    expect(Object.keys(t)).toEqual(['protocol', 'projectId', 'commitment', 'seed', 'pool', 'poolHash', 'beacon', 'ranking', 'tickets']);
  });

  it('matches the pinned values (with a beacon)', () => {
    const t = drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: KAT.pool, beacon: KAT.withBeacon.beacon });
    expect(drawKeyOf(KAT.seed, KAT.projectId, KAT.poolHash, KAT.withBeacon.beacon)).toBe(KAT.withBeacon.key);
    expect(t.ranking).toEqual(KAT.withBeacon.ranking);
  });

  it('the pinned values are what an independent step-by-step implementation computes', () => {
    for (const [beacon, want] of [['', KAT.noBeacon], [KAT.withBeacon.beacon, KAT.withBeacon]] as const) {
      const ind = independentDraw(KAT.seed, KAT.projectId, KAT.pool, beacon);
      expect(ind.commitment).toBe(KAT.commitment);
      expect(ind.poolHash).toBe(KAT.poolHash);
      expect(ind.key).toBe(want.key);
      expect(ind.ranking).toEqual(want.ranking);
    }
  });

  it('agrees with the independent implementation on random inputs, tickets included', () => {
    fc.assert(
      fc.property(seedArb, projectIdArb, poolArb(0, 10), fc.string({ maxLength: 30 }), (seed, projectId, pool, beacon) => {
        const t = drawRanking({ seed, projectId, pool, beacon });
        const ind = independentDraw(seed, projectId, pool, beacon);
        expect(t.ranking).toEqual(ind.ranking);
        expect(t.pool).toEqual(ind.pool);
        expect(t.tickets).toEqual(ind.ranking.map((code) => ({ code, ticket: ind.tickets.get(code)!.toString('hex') })));
      }),
      FC,
    );
  });

  it('verifies', () => {
    expect(verifyTranscript(drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: KAT.pool }))).toEqual({ valid: true, checks: expect.any(Array) });
  });
});

describe('seed, commitment, pool hash', () => {
  it('newSeed gives 32 fresh bytes as lowercase hex', () => {
    const a = newSeed();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newSeed()).not.toBe(a);
  });

  it('the commitment hashes the raw seed bytes, not the hex text', () => {
    expect(commitmentOf(KAT.seed)).toBe(createHash('sha256').update(Buffer.from(KAT.seed, 'hex')).digest('hex'));
    expect(commitmentOf(KAT.seed)).not.toBe(createHash('sha256').update(KAT.seed).digest('hex'));
  });

  it('refuses a seed that is not 64 lowercase hex digits', () => {
    for (const bad of ['', KAT.seed.slice(2), KAT.seed.toUpperCase(), `${KAT.seed}00`, 'g'.repeat(64)]) {
      expect(() => commitmentOf(bad)).toThrow(DrawInputError);
    }
  });

  it('poolHashOf sorts first and joins with "\\n" without a trailing newline; the empty pool hashes ""', () => {
    expect(poolHashOf([...KAT.pool].reverse())).toBe(KAT.poolHash);
    expect(poolHashOf([])).toBe(createHash('sha256').update('').digest('hex'));
    expect(sortPool(['91445202MA51XQ0D4G', '12440600MB2C07549J'])).toEqual(['12440600MB2C07549J', '91445202MA51XQ0D4G']);
  });
});

describe('refusals and edge cases', () => {
  const base = { seed: KAT.seed, projectId: KAT.projectId };
  it('refuses duplicates in the pool', () => {
    expect(() => drawRanking({ ...base, pool: [KAT.pool[0], KAT.pool[1], KAT.pool[0]] })).toThrow(expect.objectContaining({ code: 'draw.code-duplicate' }));
  });
  it('refuses codes outside the GB 32100 shape (lower case, 17 characters, I/O/Z/S/V, non-ASCII)', () => {
    for (const bad of ['91445202ma51xq0d4g', '91445202MA51XQ0D4', '91445202MA51XQ0D4GG', '91445202MA51XQ0DIG', '91445202MA51XQ0D４G']) {
      expect(() => drawRanking({ ...base, pool: [bad] })).toThrow(expect.objectContaining({ code: 'draw.code-invalid' }));
    }
  });
  it('refuses project ids that would make the key message ambiguous', () => {
    for (const bad of ['', 'a|b', 'a\nb', 'x'.repeat(201)]) {
      expect(() => drawRanking({ ...base, projectId: bad, pool: KAT.pool })).toThrow(expect.objectContaining({ code: 'draw.project-id-invalid' }));
    }
  });
  it('an empty pool gives an empty ranking that verifies', () => {
    const t = drawRanking({ ...base, pool: [] });
    expect(t.ranking).toEqual([]);
    expect(t.tickets).toEqual([]);
    expect(verifyTranscript(t).valid).toBe(true);
  });
  it('a pool of one ranks that one', () => {
    expect(drawRanking({ ...base, pool: [KAT.pool[2]] }).ranking).toEqual([KAT.pool[2]]);
  });
});

describe('properties', () => {
  it('the ranking is a permutation of the pool', () => {
    fc.assert(
      fc.property(seedArb, projectIdArb, poolArb(), (seed, projectId, pool) => {
        const { ranking } = drawRanking({ seed, projectId, pool });
        expect([...ranking].sort()).toEqual([...pool].sort());
      }),
      FC,
    );
  });

  it('does not depend on the order the pool is given in', () => {
    fc.assert(
      fc.property(seedArb, projectIdArb, poolArb(2), fc.infiniteStream(fc.nat()), (seed, projectId, pool, rnd) => {
        const shuffled = [...pool];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rnd.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(drawRanking({ seed, projectId, pool: shuffled })).toEqual(drawRanking({ seed, projectId, pool }));
      }),
      FC,
    );
  });

  it('changing the seed, project id, beacon or pool changes the key', () => {
    fc.assert(
      fc.property(seedArb, seedArb, projectIdArb, projectIdArb, fc.string(), fc.string(), poolArb(1), codeArb, (s1, s2, p1, p2, b1, b2, pool, extra) => {
        const key = (seed: string, projectId: string, codes: string[], beacon: string) => drawKeyOf(seed, projectId, poolHashOf(codes), beacon);
        const k = key(s1, p1, pool, b1);
        if (s1 !== s2) expect(key(s2, p1, pool, b1)).not.toBe(k);
        if (p1 !== p2) expect(key(s1, p2, pool, b1)).not.toBe(k);
        if (b1 !== b2) expect(key(s1, p1, pool, b2)).not.toBe(k);
        if (!pool.includes(extra)) expect(key(s1, p1, [...pool, extra], b1)).not.toBe(k);
        expect(key(s1, p1, pool.slice(1), b1)).not.toBe(k);
      }),
      FC,
    );
  });
});

/** Every string-valued place in a transcript: [field, index in the array or -1, sub-field of a ticket]. */
type Place = { field: keyof Transcript; index: number; sub?: 'code' | 'ticket' };
function placesOf(t: Transcript): Place[] {
  const places: Place[] = [];
  for (const field of ['protocol', 'projectId', 'commitment', 'seed', 'poolHash', 'beacon'] as const) if ((t[field] as string).length > 0) places.push({ field, index: -1 });
  t.pool.forEach((_, index) => places.push({ field: 'pool', index }));
  t.ranking.forEach((_, index) => places.push({ field: 'ranking', index }));
  t.tickets?.forEach((_, index) => places.push({ field: 'tickets', index, sub: 'code' }, { field: 'tickets', index, sub: 'ticket' }));
  return places;
}
function changeOneCharacter(t: Transcript, place: Place, at: number, replacement: string): Transcript | undefined {
  const copy: Transcript = JSON.parse(JSON.stringify(t));
  const edit = (s: string) => {
    const i = at % s.length;
    return s[i] === replacement ? undefined : s.slice(0, i) + replacement + s.slice(i + 1);
  };
  if (place.index < 0) {
    const v = edit(copy[place.field] as string);
    if (v === undefined) return undefined;
    (copy as unknown as Record<string, unknown>)[place.field] = v;
  } else if (place.sub) {
    const v = edit(copy.tickets![place.index][place.sub]);
    if (v === undefined) return undefined;
    copy.tickets![place.index][place.sub] = v;
  } else {
    const list = copy[place.field] as string[];
    const v = edit(list[place.index]);
    if (v === undefined) return undefined;
    list[place.index] = v;
  }
  return copy;
}

describe('tampering: any one-character change of a transcript field fails verification', () => {
  // Replacements include hex digits (a plausible forgery stays well-formed), code characters and case changes.
  const replacementArb = fc.constantFrom(...'0123456789abcdefABCDEF', ...CHARSET, 'x', '|', ' ', '中');

  it('with tickets (as the platform publishes): every field, any pool size including 1', () => {
    fc.assert(
      fc.property(seedArb, projectIdArb, poolArb(1, 8), fc.string({ maxLength: 10 }), fc.nat(), fc.nat(), replacementArb, (seed, projectId, pool, beacon, which, at, replacement) => {
        const t = drawRanking({ seed, projectId, pool, beacon });
        const places = placesOf(t);
        const tampered = changeOneCharacter(t, places[which % places.length], at, replacement);
        fc.pre(tampered !== undefined);
        expect(verifyTranscript(tampered).valid).toBe(false);
      }),
      { ...FC, numRuns: 1000 },
    );
  });

  it('without tickets (DESIGN fields only): every field, on pools large enough that a fresh key reorders them (1/12! ≈ 2·10⁻⁹)', () => {
    fc.assert(
      fc.property(seedArb, projectIdArb, poolArb(12, 16), fc.string({ maxLength: 10 }), fc.nat(), fc.nat(), replacementArb, (seed, projectId, pool, beacon, which, at, replacement) => {
        const { tickets: _omitted, ...t } = drawRanking({ seed, projectId, pool, beacon });
        const places = placesOf(t);
        const tampered = changeOneCharacter(t, places[which % places.length], at, replacement);
        fc.pre(tampered !== undefined);
        expect(verifyTranscript(tampered).valid).toBe(false);
      }),
      { ...FC, numRuns: 500 },
    );
  });

  it('a changed beacon on a one-agency pool without tickets still verifies — why the platform publishes tickets', () => {
    const { tickets: _omitted, ...t } = drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: [KAT.pool[0]] });
    expect(verifyTranscript({ ...t, beacon: 'x' }).valid).toBe(true);
    expect(verifyTranscript({ ...t, beacon: 'x', tickets: drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: [KAT.pool[0]] }).tickets }).valid).toBe(false);
  });

  it('names the failing checks', () => {
    const t = drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: KAT.pool });
    const swapped = { ...t, ranking: [t.ranking[1], t.ranking[0], ...t.ranking.slice(2)] };
    const failed = verifyTranscript(swapped).checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual(['ranking = pool ordered by HMAC-SHA256(key, code)']);
    const otherSeed = verifyTranscript({ ...t, seed: newSeed() }).checks.filter((c) => !c.ok).map((c) => c.name);
    expect(otherSeed).toContain('commitment = SHA-256(seed)');
    const unsorted = verifyTranscript({ ...t, pool: [...t.pool].reverse() }).checks.filter((c) => !c.ok).map((c) => c.name);
    expect(unsorted).toEqual(expect.arrayContaining(['pool is ascending without duplicates', 'poolHash = SHA-256(pool joined by "\\n")']));
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(verifyTranscript(v).valid).toBe(false);
      }),
      FC,
    );
    const t = drawRanking({ seed: KAT.seed, projectId: KAT.projectId, pool: KAT.pool });
    expect(verifyTranscript({ ...t, pool: [...t.pool, t.pool[4]] }).valid).toBe(false);
    expect(verifyTranscript({ ...t, tickets: 'x' }).valid).toBe(false);
    expect(verifyTranscript({ ...t, ranking: null }).valid).toBe(false);
  });
});
