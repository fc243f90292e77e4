import { DEFAULT_CREDIT_POLICY } from '#functions/tenancy/domain/policy/credit-policy.ts';
import { resolvePolicy, validatePolicyOverride } from '#functions/tenancy/domain/policy/index.ts';
import { counts, decideObjection, decideRepair, effectiveState, isNewerRecord, newRecord, object, openItem, publicRecord, repairOpensAt, requestRepair } from './record.ts';

const NOW = new Date('2026-11-21T02:00:00Z');
const DAY = 86_400_000;
const agency = { by: 'clerk', role: 'agency', at: NOW };
const operator = { by: 'op', role: 'operator', at: NOW };
const penalty = (daysAgo: number) => newRecord({
  id: 'CR-91445200MAARGYWF6E-00000001', province: '440000', uscc: '91445200MAARGYWF6E', agencyName: '某机构', source: 'regulator', kind: 'administrative-penalty',
  facts: '罚款', effectiveAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(), issuedBy: { tenant: '445203', city: '445200', sub: 'r', role: 'regulator' },
}, DEFAULT_CREDIT_POLICY, NOW);
const commitment = '本机构承诺整改到位，今后依法依规执业。';

describe('repair (信用修复)', () => {
  it('opens after the minimum period of the level, needs a commitment, and the operator decides with a reason', () => {
    const young = penalty(10);
    expect(repairOpensAt(young, DEFAULT_CREDIT_POLICY)).toBe(new Date(Date.parse(young.effectiveAt) + 90 * DAY).toISOString());
    const input = { commitment, evidence: [], opensAt: repairOpensAt(young, DEFAULT_CREDIT_POLICY), decisionDueAt: NOW.toISOString() };
    expect(() => requestRepair(young, input, agency)).toThrow(expect.objectContaining({ code: 'credit.repair-too-early' }));
    const old = penalty(100);
    const open = { ...input, opensAt: repairOpensAt(old, DEFAULT_CREDIT_POLICY) };
    expect(() => requestRepair(old, { ...open, commitment: '改' }, agency)).toThrow(expect.objectContaining({ code: 'credit.commitment-required' }));
    const requested = requestRepair(old, open, agency);
    expect(requested).toMatchObject({ state: 'repair-requested', version: 2 });
    expect(openItem(requested, new Date(NOW.getTime() + 1))).toMatchObject({ kind: 'repair', overdue: true });
    expect(counts(requested, NOW)).toBe(true); // still counts until decided
    const refused = decideRepair(requested, { approved: false, reason: '承诺不具体' }, operator);
    expect(refused).toMatchObject({ state: 'active', version: 3 });
    const repaired = decideRepair(requestRepair(refused, open, agency), { approved: true, reason: '整改到位' }, operator);
    expect(repaired).toMatchObject({ state: 'repaired', version: 5 });
    expect(counts(repaired, NOW)).toBe(false);
    expect(repaired.history.map((h) => h.action)).toEqual(['recorded', 'repair-requested', 'repair-refused', 'repair-requested', 'repair-approved']);
  });

  it('after a rejected objection, a refused repair returns the record to `upheld`', () => {
    const old = penalty(100);
    const objected = object(old, { reason: '有异议', evidence: [], windowEndsAt: new Date(NOW.getTime() + DAY).toISOString(), decisionDueAt: NOW.toISOString() }, agency);
    const upheld = decideObjection(objected, { upheld: false, reason: '异议不成立' }, operator);
    const requested = requestRepair(upheld, { commitment, evidence: [], opensAt: old.effectiveAt, decisionDueAt: NOW.toISOString() }, agency);
    expect(decideRepair(requested, { approved: false, reason: '未整改' }, operator).state).toBe('upheld');
  });
});

describe('expiry and order', () => {
  it('is read from the date: an active record past its period is expired and counts no more', () => {
    const r = penalty(366);
    expect(effectiveState(r, NOW)).toBe('expired');
    expect(counts(r, NOW)).toBe(false);
    expect(publicRecord(r, NOW)).toMatchObject({ state: 'expired', stateZh: '已到期', counts: false });
    expect(() => object(r, { reason: '过期', evidence: [], windowEndsAt: new Date(NOW.getTime() + DAY).toISOString(), decisionDueAt: NOW.toISOString() }, agency)).toThrow(expect.objectContaining({ code: 'credit.objection-not-open' }));
  });

  it('a replica takes only a newer version', () => {
    expect(isNewerRecord(undefined, { version: 1 })).toBe(true);
    expect(isNewerRecord({ version: 2 }, { version: 2 })).toBe(false);
    expect(isNewerRecord({ version: 3 }, { version: 2 })).toBe(false);
    expect(isNewerRecord({ version: 2 }, { version: 3 })).toBe(true);
  });
});

describe('credit policy (province-only)', () => {
  it('a province may set a part; a city may not; the parts it leaves out keep the defaults', () => {
    const override = { credit: { weights: { regulator: 60, platform: 20, social: 20 } } };
    expect(validatePolicyOverride(override, null, { sandbox: false, level: 'province' })).toEqual([]);
    const { policy } = resolvePolicy([{ tenant: '440000', level: 'province', override }], { sandbox: false });
    expect(policy.credit.weights).toEqual({ regulator: 60, platform: 20, social: 20 });
    expect(policy.credit.measures).toEqual(DEFAULT_CREDIT_POLICY.measures);
    expect(validatePolicyOverride(override, policy, { sandbox: false, level: 'city' }).map((p) => p.code)).toEqual(['policy.province-only']);
    expect(validatePolicyOverride({ credit: { weights: { regulator: 60, platform: 30, social: 20 } } }, null, { sandbox: false, level: 'province' })).not.toEqual([]);
  });
});
