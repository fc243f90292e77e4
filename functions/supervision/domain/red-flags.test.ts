/**
 * Red flags (风险预警), rule by rule: each rule raises on the pattern it names and stays silent on the nearest case
 * that must NOT flag (one win short, a pair that also registers apart, a budget just over the margin, purchases
 * further apart than the window, a longer window, an evaluation on time).
 */
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import {
  budgetJustBelowThreshold, coRegistration, inPeriod, lateEvaluation, minimumWindow, redFlags, redFlagsCsv, repeatWinner,
  singleEligibleRegistrant, splitPurchase,
} from './red-flags.ts';

const A = '91445200MA4W3K7RX7';
const B = '91445200MA53J0FAXM';
const C = '91445202MA52B6LT5P';
const D = '91445203MA4XYZ1234';
const policy = (): TenantPolicy => DEFAULT_TENANT_POLICY;
const LIMIT = DEFAULT_TENANT_POLICY.mandatoryUseBelowFen;

let n = 0;
function project(over: Partial<Project> & { pool?: string[]; excluded?: string[]; winner?: string } = {}): Project {
  n += 1;
  const { pool, excluded, winner, ...rest } = over;
  const at = rest.submittedAt ?? `2026-06-${String((n % 28) + 1).padStart(2, '0')}T10:00:00+08:00`;
  const base = {
    id: `445203-20260601-P${String(n).padStart(5, '0')}`, name: `项目${n}`, version: 1, tenant: '445203', sandbox: false, status: 'awarded',
    serviceItem: { tenant: '445200', code: 'ZJ-445200-0006', version: 1, name: '节能评估' }, ownerId: 'OWN-445203-7K3QX9AB', fundingType: 'fiscal',
    budgetFen: 1_000_000, serviceContent: '测试', serviceTimeLimitWorkingDays: 10, qualificationRequirements: [], tradingMode: 'many-to-one',
    selectionMethod: 'random', registrationWindowWorkingDays: 3, supermarketMandatory: true, sealedQuotes: false,
    registration: { opensAt: at, closesAt: at, deadline: { at } }, submittedAt: at, publishedAt: at, returns: [], history: [],
    ...(pool ? { closing: { closedAt: at, pool, poolHash: 'x', excluded: (excluded ?? []).map((code) => ({ code, reasons: [] })), minEligible: 3 } } : {}),
    ...(winner ? { award: { method: 'random', ranking: [], excludedFromSelection: [], excluded: [], rounds: [{ round: 1, code: winner, awardedAt: at, publicity: {} }] } } : {}),
  };
  return { ...base, ...rest } as unknown as Project;
}

describe('single eligible registrant', () => {
  it('flags a project that closed with one eligible registrant, not one with two, nor a 直购', () => {
    const one = project({ pool: [A], excluded: [B], winner: A });
    const two = project({ pool: [A, B], winner: A });
    const direct = project({ pool: [A], tradingMode: 'direct-purchase' } as Partial<Project>);
    const flags = singleEligibleRegistrant([one, two, direct]);
    expect(flags.map((f) => [f.projectIds, f.severity, f.agencies])).toEqual([[[one.id], 'high', [A]]]);
    expect(flags[0].zh).toContain('仅');
    expect(flags[0].evidence).toMatchObject({ registrants: 2, eligible: 1 });
  });
});

describe('repeat winner', () => {
  it('flags an agency winning ≥ 3 and ≥ 50% of one owner\'s awarded projects; not at 2 wins, not for another owner', () => {
    const owner = 'OWN-445203-7K3QX9AB';
    const wins = [1, 2, 3].map(() => project({ ownerId: owner, winner: A }));
    const others = [project({ ownerId: owner, winner: B }), project({ ownerId: owner, winner: C })];
    const flags = repeatWinner([...wins, ...others]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ rule: 'repeat-winner', agencies: [A], ownerId: owner, evidence: { wins: 3, awardedProjects: 5, share: 0.6 } });
    expect(repeatWinner([...wins.slice(0, 2), ...others])).toEqual([]);
    // Three wins spread over three owners: no owner sees a repeat.
    expect(repeatWinner([1, 2, 3].map((i) => project({ ownerId: `OWN-445203-7K3QX9A${i}`, winner: A })))).toEqual([]);
    // A win that ended (the winner abandoned, the project failed) is no win.
    const ended = project({ ownerId: owner, winner: A });
    (ended.award!.rounds[0] as { ended?: unknown }).ended = { at: ended.submittedAt, why: 'abandoned', reason: '放弃' };
    expect(repeatWinner([...wins.slice(0, 2), ended, ...others])).toEqual([]);
    // Three of seven (43%) is under the share.
    expect(repeatWinner([...wins, ...[1, 2, 3, 4].map(() => project({ ownerId: owner, winner: D }))]).map((f) => f.agencies)).toEqual([[D]]);
  });
});

describe('co-registration', () => {
  it('flags two agencies that stood together at every close; not a pair that also registers apart', () => {
    const together = [1, 2, 3].map(() => project({ pool: [A, B, C] }));
    const flags = coRegistration(together);
    // A, B and C always together: three pairs.
    expect(flags.map((f) => f.agencies)).toEqual([[A, B], [A, C], [B, C]].map((p) => p.sort()));
    expect(flags[0]).toMatchObject({ severity: 'high', evidence: { together: 3, eitherRegistered: 3, share: 1 } });
    // C also registers alone twice: 3 together of 5 = 60% < 80%; A and B still flag.
    const apart = [project({ pool: [C, D] }), project({ pool: [C, D] })];
    expect(coRegistration([...together, ...apart]).map((f) => f.agencies)).toEqual([[A, B]]);
    // Excluded registrants count too (they stood at the close).
    expect(coRegistration([1, 2, 3].map(() => project({ pool: [A], excluded: [D] }))).map((f) => f.agencies)).toEqual([[A, D]]);
    expect(coRegistration([1, 2].map(() => project({ pool: [A, B] })))).toEqual([]);
  });
});

describe('budgets', () => {
  it('flags a fiscal budget within 5% under the mandatory-use limit; not 5% and 1 fen under, not social funds, not at the limit', () => {
    const just = project({ budgetFen: LIMIT - 1 });
    const edge = project({ budgetFen: Math.ceil(LIMIT * 0.95) });
    const below = project({ budgetFen: Math.ceil(LIMIT * 0.95) - 1 });
    const social = project({ budgetFen: LIMIT - 1, fundingType: 'social' });
    const flags = budgetJustBelowThreshold([just, edge, below, social], policy);
    expect(flags.map((f) => f.projectIds[0])).toEqual([just.id, edge.id]);
    expect(flags[0].evidence).toMatchObject({ threshold: 'mandatoryUseBelowFen', marginFen: 1 });
    expect(flags[0].zh).toContain('¥499,999.99');
    expect(flags[0].zh).toContain('¥0.01');
    // A province that allows direct choice below ¥50,000 gets that limit watched too.
    const direct = project({ budgetFen: 4_900_000 });
    expect(budgetJustBelowThreshold([direct], () => ({ ...DEFAULT_TENANT_POLICY, directChoiceMaxFen: 5_000_000 }))[0].evidence).toMatchObject({ threshold: 'directChoiceMaxFen' });
  });

  it('flags purchases of one item by one owner within 30 days that together reach the limit; not 31 days apart, not another item', () => {
    const half = LIMIT / 2 + 100;
    const first = project({ budgetFen: half, submittedAt: '2026-06-01T10:00:00+08:00' });
    const second = project({ budgetFen: half, submittedAt: '2026-06-20T10:00:00+08:00' });
    const flags = splitPurchase([first, second], policy);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ rule: 'split-purchase', projectIds: [first.id, second.id], evidence: { totalFen: 2 * half, projects: 2 } });
    const late = project({ budgetFen: half, submittedAt: '2026-07-02T10:00:01+08:00' });
    expect(splitPurchase([first, late], policy)).toEqual([]);
    const otherItem = project({ budgetFen: half, submittedAt: '2026-06-02T10:00:00+08:00', serviceItem: { tenant: '445200', code: 'ZJ-445200-0007', version: 1, name: '其他' } });
    expect(splitPurchase([first, otherItem], policy)).toEqual([]);
    expect(splitPurchase([first, project({ budgetFen: 1_000, submittedAt: '2026-06-03T10:00:00+08:00' })], policy)).toEqual([]);
  });
});

describe('minimum window', () => {
  it('flags a window at the tenant\'s minimum; not a longer one, not a 直购', () => {
    const min = project({ registrationWindowWorkingDays: DEFAULT_TENANT_POLICY.registrationWindowWorkingDays });
    const longer = project({ registrationWindowWorkingDays: DEFAULT_TENANT_POLICY.registrationWindowWorkingDays + 1 });
    const direct = project({ tradingMode: 'direct-purchase', registrationWindowWorkingDays: undefined } as Partial<Project>);
    expect(minimumWindow([min, longer, direct], policy).map((f) => [f.projectIds[0], f.severity])).toEqual([[min.id, 'low']]);
  });
});

describe('late evaluation', () => {
  it('flags an evaluation after its due time and one still missing after it; not one on time nor one not yet due', () => {
    const due = '2026-06-10T00:00:00+08:00';
    const now = Date.parse('2026-06-15T00:00:00+08:00');
    const late = project({ evaluationDue: { dueAt: due } as never, evaluation: { at: '2026-06-11T09:00:00+08:00' } as never, winner: A });
    const missing = project({ evaluationDue: { dueAt: due } as never });
    const onTime = project({ evaluationDue: { dueAt: due } as never, evaluation: { at: '2026-06-09T09:00:00+08:00' } as never });
    const notYet = project({ evaluationDue: { dueAt: '2026-06-20T00:00:00+08:00' } as never });
    const flags = lateEvaluation([late, missing, onTime, notYet], now);
    expect(flags.map((f) => f.projectIds[0])).toEqual([late.id, missing.id]);
    expect(flags[0].agencies).toEqual([A]);
    expect(flags[1].zh).toContain('仍未评价');
  });
});

describe('all rules together', () => {
  it('orders by severity then date, filters by period, and writes CSV with a BOM', () => {
    const a = project({ pool: [A], winner: A, publishedAt: '2026-03-01T10:00:00+08:00' });
    const b = project({ budgetFen: LIMIT - 1, publishedAt: '2026-05-01T10:00:00+08:00', ownerId: 'OWN-445203-OTHER001' });
    const flags = redFlags([a, b], policy, Date.now());
    expect(flags[0].rule).toBe('single-eligible-registrant');
    expect(flags.map((f) => f.severity)).toEqual([...flags.map((f) => f.severity)].sort((x, y) => ['high', 'medium', 'low'].indexOf(x) - ['high', 'medium', 'low'].indexOf(y)));
    expect(inPeriod([a, b], '2026-04-01T00:00:00+08:00', '2026-05-31').map((p) => p.id)).toEqual([b.id]);
    const csv = redFlagsCsv(flags);
    expect(csv.startsWith('\uFEFFrule,rule_zh,severity')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(flags.length + 1);
    expect(redFlags([a, b], policy, Date.now(), ['minimum-window']).every((f) => f.rule === 'minimum-window')).toBe(true);
  });
});
