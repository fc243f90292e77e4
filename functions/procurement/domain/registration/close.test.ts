/**
 * Strategy: close a project published Monday 2 March 2026 (deadline Thursday 00:00): eligibility re-checked per
 * registrant with all reasons kept, withdrawn parties ignored, uncommitted quotes excluded; the pool and its hash
 * do not depend on the order registrations are stored in (checked over every permutation of a small set); the
 * 流标 threshold of each method at exactly min − 1 and min.
 */
import { DomainError } from '#shared/http/problems.ts';
import type { MatchResult } from '#functions/agencies/domain/matching.ts';
import { DEFAULT_TENANT_POLICY } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { SELECTION_METHODS, type SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';
import { poolHashOf } from '../draw/ism-draw-1.ts';
import { DEADLINE, publishedProject } from '../project/test-fixtures.ts';
import { closeRegistration } from './close.ts';
import type { Registration } from './registration.ts';

const CODES = ['91431222MA4L0D4E5F', '91431222MA4L0A1B2C', '91431222MA4L0C3D4E', '91431222MA4L0B2C3D'];
const OK: MatchResult = { qualifies: true, reasons: [] };
const COMMIT = { hash: 'f'.repeat(64), at: '2026-03-03T10:00:00.000+08:00' };
const reg = (code: string, over: Partial<Registration> = {}): Registration => ({
  projectId: '431222-2026-0001', code, party: { kind: 'agency', uscc: code }, status: 'registered', registeredAt: '2026-03-03T09:00:00.000+08:00', quoteCommitment: COMMIT, ...over,
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const project = publishedProject();
const ctx = (eligibilityOf: (r: Registration) => MatchResult = () => OK) => ({ now: DEADLINE, policy: DEFAULT_TENANT_POLICY, eligibilityOf });

describe('closeRegistration', () => {
  it('refuses to close before the deadline (1 ms early), closes at it', () => {
    const early = new Date(new Date(DEADLINE).getTime() - 1);
    let error: unknown;
    try {
      closeRegistration(project, [], { ...ctx(), now: early });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('registration.still-open');
    expect(closeRegistration(project, [], ctx()).closedAt).toBe(DEADLINE);
  });

  it('re-checks every registrant: admission, qualification validity, credit, region — all reasons kept', () => {
    const [d, a, c, b] = CODES;
    const reasons: Record<string, MatchResult> = {
      [a]: { qualifies: false, reasons: [{ code: 'agency.suspended', zh: '已暂停', en: 'suspended' }] },
      [b]: { qualifies: false, reasons: [{ code: 'qualification.expired', zh: '资质已过期', en: 'expired' }, { code: 'credit.restricted', zh: '受信用限制', en: 'restricted' }] },
      [c]: { qualifies: false, reasons: [{ code: 'region.not-allowed', zh: '从业区域不含', en: 'region' }] },
    };
    const result = closeRegistration(project, CODES.map((code) => reg(code)), ctx((r) => reasons[r.code] ?? OK));
    expect(result.pool).toEqual([d]);
    expect(result.excluded.map((e) => [e.code, e.reasons.map((r) => r.code)])).toEqual([
      [a, ['agency.suspended']],
      [b, ['qualification.expired', 'credit.restricted']],
      [c, ['region.not-allowed']],
    ]);
    expect(result.outcome).toBe('failed');
  });

  it('ignores withdrawn registrations and those of other projects; excludes uncommitted sealed quotes', () => {
    const [d, a, c, b] = CODES;
    const result = closeRegistration(project, [reg(a), reg(b), reg(c, { status: 'withdrawn' }), reg(d, { quoteCommitment: undefined }), reg('91431222MA4L0E5F6G', { projectId: 'other' })], ctx());
    expect(result.pool).toEqual([a, b]);
    expect(result.excluded).toEqual([{ code: d, reasons: [{ code: 'quote.not-committed', zh: '截止前未提交密封报价', en: 'No sealed quote was committed before the deadline' }] }]);
  });

  it('pool, poolHash and exclusions do not depend on storage order', () => {
    const regs = [...CODES.map((c) => reg(c)), reg('91431222MA4L0E5F6G', { quoteCommitment: undefined })];
    const first = closeRegistration(project, regs, ctx());
    expect(first.pool).toEqual([...CODES].sort());
    expect(first.poolHash).toBe(poolHashOf([...CODES].sort()));
    for (const order of permutations(regs)) {
      const again = closeRegistration(project, order, ctx());
      expect([again.pool, again.poolHash, again.excluded]).toEqual([first.pool, first.poolHash, first.excluded]);
    }
  });

  it('moves the project: close then start-selection when enough are eligible', () => {
    const result = closeRegistration(project, CODES.slice(0, 3).map((c) => reg(c)), ctx());
    expect(result.outcome).toBe('selecting');
    expect(result.project.status).toBe('selecting');
    expect(result.project.history.slice(-2).map((h) => `${h.from}>${h.to}`)).toEqual(['published>closed', 'closed>selecting']);
  });

  const projectFor = (method: SelectionMethod) =>
    method === 'direct'
      ? publishedProject({ fundingType: 'social', selectionMethod: 'direct', priceFloorFen: undefined })
      : method === 'random'
        ? publishedProject({ selectionMethod: 'random', priceFloorFen: undefined })
        : publishedProject({ selectionMethod: method });

  it.each(SELECTION_METHODS.map((m) => [m, DEFAULT_TENANT_POLICY.minEligibleRegistrants[m]] as const))('流标 threshold for %s: %i eligible selects, one fewer fails', (method, min) => {
    const p = projectFor(method);
    const enough = closeRegistration(p, CODES.slice(0, min).map((c) => reg(c)), ctx());
    expect([enough.outcome, enough.pool.length, enough.minEligible]).toEqual(['selecting', min, min]);
    const tooFew = closeRegistration(p, CODES.slice(0, min - 1).map((c) => reg(c)), ctx());
    expect(tooFew.outcome).toBe('failed');
    expect(tooFew.project.status).toBe('failed');
    expect(tooFew.failure?.code).toBe('close.too-few-eligible');
    expect(tooFew.failure?.zh).toContain('流标');
    expect(tooFew.project.history.at(-1)?.reasons?.[0].zh).toBe(tooFew.failure?.zh);
  });

  it('follows a tenant policy that raises the threshold', () => {
    const policy = { ...DEFAULT_TENANT_POLICY, minEligibleRegistrants: { ...DEFAULT_TENANT_POLICY.minEligibleRegistrants, 'lowest-price': 4 } };
    expect(closeRegistration(project, CODES.slice(0, 3).map((c) => reg(c)), { ...ctx(), policy }).outcome).toBe('failed');
    expect(closeRegistration(project, CODES.map((c) => reg(c)), { ...ctx(), policy }).outcome).toBe('selecting');
  });

  it('a project that was not published cannot be closed (409)', () => {
    expect(() => closeRegistration({ ...project, status: 'closed' }, [], ctx())).toThrow(DomainError);
  });
});
