import fc from 'fast-check';
import { CREDIT_KINDS, DEFAULT_CREDIT_POLICY, type CreditKind } from '#functions/tenancy/domain/policy/credit-policy.ts';
import { evaluationsOf, profileOf, reachesRepeatedAbandonment, restrictionOf, socialComponent } from './profile.ts';
import { type CreditRecord, decideObjection, newRecord, object, STORED_STATES } from './record.ts';

const policy = DEFAULT_CREDIT_POLICY;
const NOW = new Date('2026-11-21T02:00:00Z');
const USCC = '91445200MAARGYWF6E';
const DAY = 86_400_000;

function record(kind: CreditKind, daysAgo: number, i = 0, source: CreditRecord['source'] = kind === 'service-evaluation' ? 'social' : kind === 'commendation' || ['fake-documents', 'administrative-penalty', 'court-enforcement'].includes(kind) ? 'regulator' : 'system'): CreditRecord {
  return newRecord({
    ...(source === 'social' ? { evaluation: { projectId: `P${i}`, quality: 1 + (i % 5), attitude: 1 + ((i + 2) % 5), feeReasonableness: 1 + ((i + 4) % 5) } } : {}),
    id: `CR-${USCC}-0000000${i % 10}`, province: '440000', uscc: USCC, agencyName: '某机构', source, kind, facts: `事实 ${i}`,
    effectiveAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(), issuedBy: { tenant: '445200', city: '445200', sub: 'u', role: 'regulator' },
  }, policy, new Date(NOW.getTime() - daysAgo * DAY));
}

const recordArb = fc.record({
  kind: fc.constantFrom(...CREDIT_KINDS), daysAgo: fc.integer({ min: 0, max: 1500 }), state: fc.constantFrom(...STORED_STATES), i: fc.nat(),
}).map(({ kind, daysAgo, state, i }) => ({ ...record(kind, daysAgo, i), id: `CR-${USCC}-${String(i).padStart(8, '0').slice(-8).replace(/[ILOU]/g, '0')}`, state }));
const evaluationArb = fc.record({ quality: fc.integer({ min: 1, max: 5 }), attitude: fc.integer({ min: 1, max: 5 }), feeReasonableness: fc.integer({ min: 1, max: 5 }) });
const weightsArb = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).filter(([a, b]) => a + b <= 100).map(([regulator, platform]) => ({ regulator, platform, social: 100 - regulator - platform }));

describe('信用脸谱 score', () => {
  it('the explanation adds up to the score, which is the weighted components, within 0–100, for every agency', () => {
    fc.assert(fc.property(fc.uniqueArray(recordArb, { maxLength: 12, selector: (r) => r.id }), fc.array(evaluationArb, { maxLength: 8 }), weightsArb, (records, evaluations, weights) => {
      const p = profileOf(USCC, records, [...evaluationsOf(records, NOW), ...evaluations], { ...policy, weights }, NOW);
      const sum = p.explanation.reduce((s, l) => s + l.hundredths, 0);
      expect(sum).toBe(p.scoreHundredths);
      expect(p.score * 100).toBeCloseTo(sum, 6);
      expect(sum).toBe(weights.regulator * p.components.regulator + weights.platform * p.components.platform + weights.social * p.components.social);
      expect(p.score).toBeGreaterThanOrEqual(0);
      expect(p.score).toBeLessThanOrEqual(100);
      // Every counting record has its own line, and no other record has one.
      const lines = new Set(p.explanation.filter((l) => l.recordId).map((l) => l.recordId));
      for (const r of records) expect(lines.has(r.id)).toBe(r.source !== 'social' && (['under-objection', 'repair-requested'].includes(r.state) || (['active', 'upheld'].includes(r.state) && Date.parse(r.validUntil) > NOW.getTime())));
    }), { numRuns: 300 });
  });

  it('an agency without records or evaluations scores 100, AAA, good, unrestricted', () => {
    const p = profileOf(USCC, [], [], policy, NOW);
    expect(p).toMatchObject({ score: 100, grade: 'AAA', level: 'good', restricted: false, blacklisted: false, spotCheckWeight: 1, bestValueMalus: 0 });
  });

  it('a regulator\'s penalty: 70% of its points, general level, a registration ban until effective + 90 days, malus and spot-check weight', () => {
    const r = record('administrative-penalty', 10);
    const p = profileOf(USCC, [r], [], policy, NOW);
    expect(p.score).toBe(86);
    expect(p.grade).toBe('A');
    expect(p.level).toBe('general');
    expect(p.restriction).toMatchObject({ restricted: true, level: 'general', until: new Date(Date.parse(r.effectiveAt) + 90 * DAY).toISOString() });
    expect(p.restriction.reason).toContain('一般失信');
    expect(p).toMatchObject({ spotCheckWeight: 3, bestValueMalus: 10 });
    // After the ban: still general (malus, spot checks) but no longer restricted.
    expect(restrictionOf([record('administrative-penalty', 100)], policy, NOW)).toMatchObject({ restricted: false, level: 'general' });
  });

  it('a serious record blacklists without an end; withdrawn and expired records do not count', () => {
    const serious = record('court-enforcement', 5);
    expect(profileOf(USCC, [serious], [], policy, NOW)).toMatchObject({ level: 'serious', blacklisted: true, restricted: true, restriction: { level: 'serious', measures: ['blacklist', 'clearance', 'spot-check'] } });
    expect(profileOf(USCC, [serious], [], policy, NOW).restriction.until).toBeUndefined();
    expect(profileOf(USCC, [{ ...serious, state: 'withdrawn' }], [], policy, NOW).restricted).toBe(false);
    expect(profileOf(USCC, [record('administrative-penalty', 400)], [], policy, NOW)).toMatchObject({ score: 100, level: 'good' });
  });

  it('social evaluation: the mean of all scores out of 5, rounded half up', () => {
    expect(socialComponent([])).toEqual({ value: 100, mean: null });
    expect(socialComponent([{ quality: 3, attitude: 3, feeReasonableness: 3 }])).toEqual({ value: 60, mean: 3 });
    expect(socialComponent([{ quality: 5, attitude: 4, feeReasonableness: 4 }]).value).toBe(87); // 86.67 → 87
  });

  it('N abandonments in a year make one repeated-abandonment record', () => {
    const three = [record('abandoned-award', 10, 1), record('abandoned-award', 100, 2), record('abandoned-award', 300, 3)];
    expect(reachesRepeatedAbandonment(three.slice(0, 2), 3, NOW)).toBe(false);
    expect(reachesRepeatedAbandonment(three, 3, NOW)).toBe(true);
    expect(reachesRepeatedAbandonment([...three, record('repeated-abandonment', 1, 4)], 3, NOW)).toBe(false);
    expect(reachesRepeatedAbandonment([record('abandoned-award', 10, 1), record('abandoned-award', 100, 2), record('abandoned-award', 400, 3)], 3, NOW)).toBe(false);
  });
});

describe('objection', () => {
  const actor = { by: 'agency-clerk', role: 'agency', at: NOW };
  it('is open within the window only, and its decision needs a reason and bumps the version', () => {
    const r = record('administrative-penalty', 3);
    expect(() => object(r, { reason: '处罚已撤销', evidence: [], windowEndsAt: new Date(NOW.getTime() - 1).toISOString(), decisionDueAt: NOW.toISOString() }, actor))
      .toThrow(expect.objectContaining({ code: 'credit.objection-window-closed' }));
    const objected = object(r, { reason: '处罚已被复议撤销', evidence: [], windowEndsAt: new Date(NOW.getTime() + DAY).toISOString(), decisionDueAt: NOW.toISOString() }, actor);
    expect(objected).toMatchObject({ state: 'under-objection', version: 2 });
    expect(() => decideObjection(objected, { upheld: true, reason: ' ' }, actor)).toThrow(expect.objectContaining({ code: 'credit.reason-required' }));
    const decided = decideObjection(objected, { upheld: true, reason: '复议决定书属实' }, actor);
    expect(decided).toMatchObject({ state: 'withdrawn', version: 3 });
    expect(decided.history.map((h) => h.action)).toEqual(['recorded', 'objected', 'objection-upheld']);
  });
});
