/**
 * Spot checks (双随机): the pool (scope, region, cleared and blacklisted agencies out), credit weights, the draw
 * (reproducible, independent of storage order, never sending a conflicted inspector, verifiable from the published
 * body alone) and results.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { Agency } from '#functions/agencies/domain/agency.ts';
import { thrown } from '#test/support/domain-error.ts';

function expectDomainError(fn: () => unknown, status: number, code: string) {
  const error = thrown(fn);
  expect([error.status, error.code]).toEqual([status, code]);
  return error;
}
import { newInspectorId, type Inspector } from './inspector.ts';
import {
  assertMayRun, drawSpotCheck, scopeIndustries, planSpotCheck, publicSpotCheck, recordResult, spotCheckPool, spotCheckWeight, TooFewInspectors,
  type PoolMember, type SpotCheck, type VisibleItems,
} from './spot-check.ts';
import { verifySpotCheck } from './verify-spot-check.ts';

const TENANT = '445203';
const AT = '2026-11-21T10:00:00+08:00';
const NOW = Date.parse(AT);
const SEED = '5e'.repeat(32);
const commitment = createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex');
const VISIBLE: VisibleItems = new Map([
  ['445200/ZJ-445200-0001', { industry: 'environment' }],
  ['445200/ZJ-445200-0002', { industry: 'housing' }],
  ['445203/ZJ-445203-0101', { industry: 'housing' }],
]);

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A code of the protocol's shape (not a real USCC: the draw does not check the check character). */
const codeOf = (n: number) => `91445200MA${Array.from({ length: 8 }, (_, i) => CHARS[Math.floor(n / 31 ** i) % 31]).join('')}`;

function agency(n: number, over: Partial<Agency> = {}): Agency {
  return {
    uscc: codeOf(n), name: `机构${n}`, practiceRegions: ['445200'], branches: [], status: 'active',
    serviceItems: [{ tenant: '445200', code: 'ZJ-445200-0002', status: 'active' }], ...over,
  } as unknown as Agency;
}

const inspectorIdOf = (n: number) => newInspectorId(TENANT, Uint8Array.from([0, 0, 0, 0, 0, 0, (n >>> 8) & 255, n & 255]));
function inspector(n: number, over: Partial<Inspector> = {}): Inspector {
  return { id: inspectorIdOf(n), tenant: TENANT, name: `检查员${n}`, unit: '揭东区住建局', industries: ['housing'], conflicts: [], status: 'active', version: 1, createdAt: AT, updatedAt: AT, updatedBy: 'op', ...over };
}

const plan = (over: Partial<Parameters<typeof planSpotCheck>[2]> = {}): SpotCheck =>
  planSpotCheck('SC-445203-20261121-ABCDEF', TENANT, { name: '2026年第四季度房屋安全鉴定机构双随机抽查', scope: { kind: 'all' }, sampleSize: 2, inspectorsPerAgency: 2, beacon: '', ...over }, commitment, 'op', AT);

const member = (n: number, weight = 1): PoolMember => ({ code: codeOf(n), name: `机构${n}`, weight, basis: [], industries: ['housing'] });

describe('credit weights', () => {
  it('weighs general dishonesty ×3, grade C/D ×2, both ×6; no row ×1; blacklisted out', () => {
    expect(spotCheckWeight(undefined, undefined, NOW)).toEqual({ weight: 1, basis: [] });
    expect(spotCheckWeight({ grade: 'A', level: 'good' }, undefined, NOW)).toEqual({ weight: 1, basis: [] });
    expect(spotCheckWeight({ grade: 'B', level: 'general' }, undefined, NOW)).toMatchObject({ weight: 3 });
    expect(spotCheckWeight({ grade: 'C', level: 'good' }, undefined, NOW)).toMatchObject({ weight: 2 });
    expect(spotCheckWeight({ grade: 'D', level: 'general' }, undefined, NOW)).toMatchObject({ weight: 6 });
    expect(spotCheckWeight(undefined, { restricted: true, level: 'general', until: '2027-01-01T00:00:00+08:00' }, NOW)).toMatchObject({ weight: 3 });
    // The province's credit policy sets the general weight (carried on the profile row).
    expect(spotCheckWeight({ grade: 'C', level: 'general', spotCheckWeight: 4 }, undefined, NOW)).toMatchObject({ weight: 8 });
    // A restriction that has lapsed no longer weighs.
    expect(spotCheckWeight(undefined, { restricted: true, level: 'general', until: '2026-01-01T00:00:00+08:00' }, NOW)).toMatchObject({ weight: 1 });
    expect(spotCheckWeight({ blacklisted: true, level: 'serious', grade: 'D' }, undefined, NOW)).toHaveProperty('excluded.code', 'credit.blacklisted');
    expect(spotCheckWeight(undefined, { restricted: true, level: 'serious' }, NOW)).toHaveProperty('excluded');
  });
});

describe('the pool', () => {
  it('holds agencies offering an in-scope item in the tenant and practising there; cleared and blacklisted apart', () => {
    const agencies = [
      agency(1),
      agency(2, { practiceRegions: ['440500'] }), // practises in 汕头 only
      agency(3, { serviceItems: [{ tenant: '445200', code: 'ZJ-445200-0001', status: 'active' }] } as Partial<Agency>), // environment
      agency(4, { status: 'cleared' }),
      agency(5),
      agency(6, { serviceItems: [{ tenant: '445200', code: 'ZJ-445200-0002', status: 'suspended' }] } as Partial<Agency>),
      agency(7, { practiceRegions: ['440500'], branches: [{ regions: ['445203'] }] } as unknown as Partial<Agency>),
    ];
    const credit = (uscc: string) => (uscc === codeOf(5) ? { profile: { blacklisted: true, level: 'serious' as const } } : uscc === codeOf(1) ? { profile: { grade: 'C' } } : {});
    const all = spotCheckPool(agencies, { kind: 'all' }, TENANT, VISIBLE, credit, NOW);
    expect(all.pool.map((m) => [m.code, m.weight])).toEqual([[codeOf(1), 2], [codeOf(3), 1], [codeOf(7), 1]].sort());
    expect(all.excluded.map((e) => [e.code, e.reason.code])).toEqual([[codeOf(4), 'agency.cleared'], [codeOf(5), 'credit.blacklisted']]);
    const housing = spotCheckPool(agencies, { kind: 'industry', industry: 'housing' }, TENANT, VISIBLE, credit, NOW);
    expect(housing.pool.map((m) => m.code)).toEqual([codeOf(1), codeOf(7)]);
    const item = spotCheckPool(agencies, { kind: 'service-items', items: [{ tenant: '445200', code: 'ZJ-445200-0001' }] }, TENANT, VISIBLE, credit, NOW);
    expect(item.pool.map((m) => m.code)).toEqual([codeOf(3)]);
  });
});

describe('who may run a scope', () => {
  it('lets a regulator run its own industries only, operators any; refuses items the tenant does not show', () => {
    const housing = { role: 'regulator', industries: ['housing'] };
    expect(() => assertMayRun(housing, { kind: 'industry', industry: 'housing' }, VISIBLE)).not.toThrow();
    expect(() => assertMayRun(housing, { kind: 'service-items', items: [{ tenant: '445200', code: 'ZJ-445200-0002' }, { tenant: '445203', code: 'ZJ-445203-0101' }] }, VISIBLE)).not.toThrow();
    expectDomainError(() => assertMayRun(housing, { kind: 'industry', industry: 'environment' }, VISIBLE), 403, 'auth.forbidden');
    expectDomainError(() => assertMayRun(housing, { kind: 'service-items', items: [{ tenant: '445200', code: 'ZJ-445200-0001' }] }, VISIBLE), 403, 'auth.forbidden');
    expectDomainError(() => assertMayRun(housing, { kind: 'all' }, VISIBLE), 403, 'auth.forbidden');
    expect(() => assertMayRun({ role: 'operator', industries: [] }, { kind: 'all' }, VISIBLE)).not.toThrow();
    expect(scopeIndustries({ kind: 'service-items', items: [{ tenant: '445200', code: 'ZJ-445200-0001' }, { tenant: '445200', code: 'ZJ-445200-0002' }] }, VISIBLE)).toEqual(['environment', 'housing']);
    expectDomainError(() => scopeIndustries({ kind: 'service-items', items: [{ tenant: '445200', code: 'ZJ-445200-0099' }] }, VISIBLE), 400, 'request.invalid');
  });
});

describe('the draw', () => {
  const poolArb = fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 0, maxLength: 10 })
    .chain((ns) => fc.tuple(fc.constant(ns), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: ns.length, maxLength: ns.length })))
    .map(([ns, ws]) => ns.map((n, i) => member(n, ws[i])));
  const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

  it('never sends a conflicted, suspended or unqualified inspector, is reproducible and order-independent, and verifies', () => {
    let drawnRuns = 0;
    fc.assert(fc.property(poolArb, seedArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 ** 30 }), (pool, seed, sampleSize, perAgency, salt) => {
      // A roster of 12 with conflicts, suspensions and other industries spread over the pool by `salt`.
      const roster = Array.from({ length: 12 }, (_, k) => inspector(k + 1, {
        conflicts: pool.filter((_, j) => ((salt >> ((k + j) % 30)) & 1) === 1).map((m) => m.code),
        status: k % 7 === 6 ? 'suspended' : 'active',
        industries: k % 5 === 4 ? ['environment'] : ['housing'],
      }));
      const p = { ...plan({ sampleSize, inspectorsPerAgency: perAgency }), commitment: createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex') };
      let drawn: SpotCheck;
      try {
        drawn = drawSpotCheck(p, { seed, pool, excluded: [], inspectors: roster, at: AT, by: 'op' });
      } catch (e) {
        expect(e).toBeInstanceOf(TooFewInspectors); // decided before any draw: the roster cannot staff every agency
        return;
      }
      const again = drawSpotCheck(p, { seed, pool: [...pool].reverse(), excluded: [], inspectors: [...roster].reverse(), at: AT, by: 'op' });
      expect(again.draw).toEqual(drawn.draw);
      expect(drawn.draw!.assignments).toHaveLength(Math.min(sampleSize, pool.length));
      const byId = new Map(roster.map((i) => [i.id, i]));
      for (const a of drawn.draw!.assignments) {
        expect(a.inspectors).toHaveLength(perAgency);
        for (const sent of a.inspectors) {
          const i = byId.get(sent.id)!;
          expect(i.conflicts).not.toContain(a.agency);
          expect(i.status).toBe('active');
          expect(i.industries).toContain('housing');
        }
      }
      expect(verifySpotCheck(JSON.parse(JSON.stringify(publicSpotCheck(drawn)))).valid).toBe(true);
      if (drawn.draw!.assignments.length > 0) drawnRuns++;
    }), { numRuns: 150 });
    expect(drawnRuns).toBeGreaterThan(50); // most runs do draw: the property is not vacuous
  });

  it('refuses before drawing when any agency of the pool cannot be staffed (naming them, not who would be drawn)', () => {
    const pool = [member(1), member(2), member(3)];
    const roster = [inspector(1), inspector(2, { conflicts: [codeOf(3)] })];
    const error = expectDomainError(() => drawSpotCheck(plan({ sampleSize: 1, inspectorsPerAgency: 2 }), { seed: SEED, pool, excluded: [], inspectors: roster, at: AT, by: 'op' }), 409, 'spot-check.too-few-inspectors');
    expect((error as TooFewInspectors).short).toEqual([{ agency: codeOf(3), eligible: 1 }]);
  });

  it('draws weighted agencies: a ×6 agency is drawn about six times as often as a ×1 one (4,000 deterministic seeds)', () => {
    const pool = [member(1, 6), member(2, 1), member(3, 1)];
    const roster = [inspector(1), inspector(2)];
    let heavy = 0;
    const N = 4000;
    for (let i = 0; i < N; i++) {
      const seed = createHash('sha256').update(`seed-${i}`).digest('hex');
      const d = drawSpotCheck(plan({ sampleSize: 1, inspectorsPerAgency: 1 }), { seed, pool, excluded: [], inspectors: roster, at: AT, by: 'op' });
      if (d.draw!.assignments[0].agency === codeOf(1)) heavy++;
    }
    expect(Math.abs(heavy / N - 6 / 8)).toBeLessThan(0.04);
  });

  it('the verifier fails a published body whose drawn list or inspectors were changed', () => {
    const roster = [inspector(1), inspector(2), inspector(3)];
    const drawn = drawSpotCheck(plan({ sampleSize: 2, inspectorsPerAgency: 1 }), { seed: SEED, pool: [member(1), member(2, 3), member(3)], excluded: [], inspectors: roster, at: AT, by: 'op' });
    const body = JSON.parse(JSON.stringify(publicSpotCheck(drawn)));
    expect(verifySpotCheck(body).valid).toBe(true);
    const swapped = structuredClone(body);
    swapped.draw.drawn[0].agency = body.draw.transcripts.agencies.ranking[2];
    expect(verifySpotCheck(swapped).valid).toBe(false);
    const other = structuredClone(body);
    other.draw.drawn[0].inspectors = [{ id: roster.map((i) => i.id).find((id) => id !== body.draw.drawn[0].inspectors[0].id) }];
    expect(verifySpotCheck(other).valid).toBe(false);
    const weights = structuredClone(body);
    weights.draw.pool[0].weight = 9;
    expect(verifySpotCheck(weights).valid).toBe(false);
    expect(verifySpotCheck({ ...body, commitment: '0'.repeat(64) }).valid).toBe(false);
    expect(verifySpotCheck({ ...body, beacon: 'drand-round-1' }).valid).toBe(false);
    expect(verifySpotCheck({ id: 'x' }).valid).toBe(false);
    // Anything at all, and the published body with any one value replaced by anything: a verdict, never a crash.
    fc.assert(fc.property(fc.anything(), (junk) => expect(verifySpotCheck(junk).valid).toBe(false)));
    const paths: string[][] = [['draw', 'pool', '0'], ['draw', 'drawn', '0', 'inspectors'], ['draw', 'transcripts', 'inspectors', '0', 'transcript'], ['draw', 'transcripts', 'agencies', 'tickets'], ['results']];
    fc.assert(fc.property(fc.constantFrom(...paths), fc.anything(), (path, junk) => {
      const copy = structuredClone(body);
      let at = copy;
      for (const key of path.slice(0, -1)) at = at[key];
      at[path.at(-1)!] = junk;
      expect(typeof verifySpotCheck(copy).valid).toBe('boolean');
    }), { numRuns: 300 });
  });
});

describe('results', () => {
  it('are recorded once per drawn agency; the check completes with the last', () => {
    const drawn = drawSpotCheck(plan({ sampleSize: 2, inspectorsPerAgency: 1 }), { seed: SEED, pool: [member(1), member(2), member(3)], excluded: [], inspectors: [inspector(1)], at: AT, by: 'op' });
    const [a, b] = drawn.draw!.assignments.map((x) => x.agency);
    const notDrawn = [codeOf(1), codeOf(2), codeOf(3)].find((c) => c !== a && c !== b)!;
    expectDomainError(() => recordResult(plan(), { agencyUscc: a, outcome: 'passed', note: '未发现问题' }, 'op', AT), 409, 'spot-check.not-drawn');
    expectDomainError(() => recordResult(drawn, { agencyUscc: notDrawn, outcome: 'passed', note: '未发现问题' }, 'op', AT), 409, 'spot-check.agency-not-drawn');
    const one = recordResult(drawn, { agencyUscc: a, outcome: 'problems-found', note: '报告签字人员无执业资格' }, 'op', AT);
    expect(one.status).toBe('drawn');
    expectDomainError(() => recordResult(one, { agencyUscc: a, outcome: 'passed', note: '改为通过' }, 'op', AT), 409, 'spot-check.result-recorded');
    const two = recordResult(one, { agencyUscc: b, outcome: 'passed', note: '未发现问题' }, 'op', AT);
    expect(two.status).toBe('completed');
    expect(JSON.stringify(publicSpotCheck(two))).not.toMatch(/"by"|createdBy|excludedInspectors"/);
  });
});
