/**
 * Strategy: registration against a project published Monday 2 March 2026 10:00 (Shanghai) whose window closes
 * Thursday 5 March 00:00 — the exact millisecond boundary both ways, every refusal reason, idempotent retry,
 * withdrawal, consortia (party rules and the merged view used for matching), and the sealed-quote commit–reveal
 * cycle with each way a quote becomes invalid.
 */
import { thrown } from '#test/support/domain-error.ts';
import type { Agency } from '#functions/agencies/domain/agency.ts';
import { matchAgency, type MatchResult } from '#functions/agencies/domain/matching.ts';
import { DEADLINE, ITEM, publishedProject } from '../project/test-fixtures.ts';
import { consortiumAsAgency, consortiumCredit } from './consortium.ts';
import { register, withdraw, type Party, type Registration } from './registration.ts';
import { commitQuote, newQuoteSalt, quoteCommitmentOf, quotesForSelection, revealQuote } from './sealed-quote.ts';

const A = '91431222MA4L0A1B2C';
const B = '91431222MA4L0B2C3D';
const C = '91431222MA4L0C3D4E';
const OK: MatchResult = { qualifies: true, reasons: [] };
const ms = (iso: string) => new Date(iso).getTime();
const at = (epochMs: number) => new Date(epochMs);
const BEFORE = '2026-03-03T09:00:00+08:00';

const refusal = thrown;

const project = publishedProject();
const agency = (uscc: string): Party => ({ kind: 'agency', uscc });

describe('register: the deadline, server clock, exclusive', () => {
  it('1 ms before the deadline is accepted', () => {
    const { registration, created } = register(project, agency(A), { now: at(ms(DEADLINE) - 1), eligibility: OK, existing: [] });
    expect(created).toBe(true);
    expect(registration).toMatchObject({ code: A, status: 'registered', registeredAt: '2026-03-04T23:59:59.999+08:00' });
  });

  it('at the deadline and 1 ms after are refused (409 registration.closed)', () => {
    for (const now of [at(ms(DEADLINE)), at(ms(DEADLINE) + 1)]) {
      const error = refusal(() => register(project, agency(A), { now, eligibility: OK, existing: [] }));
      expect([error.status, error.code]).toEqual([409, 'registration.closed']);
    }
  });

  it('the accelerated deadline of a sandbox project is the one enforced', () => {
    const sandbox = { ...project, registration: { ...project.registration!, closesAt: '2026-03-02T10:02:35.000+08:00' } };
    expect(register(sandbox, agency(A), { now: '2026-03-02T10:02:34.999+08:00', eligibility: OK, existing: [] }).created).toBe(true);
    expect(refusal(() => register(sandbox, agency(A), { now: '2026-03-02T10:02:35.000+08:00', eligibility: OK, existing: [] })).code).toBe('registration.closed');
  });

  it('refuses a project that is not published', () => {
    const error = refusal(() => register({ ...project, status: 'submitted' }, agency(A), { now: BEFORE, eligibility: OK, existing: [] }));
    expect([error.status, error.code]).toEqual([409, 'registration.not-open']);
    // A submitted project's window is only indicative: even past it, the project was never open.
    expect(refusal(() => register({ ...project, status: 'submitted' }, agency(A), { now: at(ms(DEADLINE) + 1), eligibility: OK, existing: [] })).code).toBe('registration.not-open');
  });

  it('after the deadline it is registration.closed whatever the timeline did since (closed, failed, selecting, awarded)', () => {
    for (const status of ['closed', 'failed', 'selecting', 'awarded'] as const) {
      const error = refusal(() => register({ ...project, status }, agency(A), { now: at(ms(DEADLINE) + 60_000), eligibility: OK, existing: [] }));
      expect([status, error.status, error.code]).toEqual([status, 409, 'registration.closed']);
    }
  });

  it('arrived in time but handled after the close froze the pool: registration.closed too, never "not open"', () => {
    for (const status of ['closed', 'failed', 'selecting'] as const) {
      const error = refusal(() => register({ ...project, status }, agency(A), { now: BEFORE, eligibility: OK, existing: [] }));
      expect([status, error.status, error.code]).toEqual([status, 409, 'registration.closed']);
    }
  });
});

describe('register: eligibility, retries, parties', () => {
  it('an ineligible agency is refused with every reason matching gave', () => {
    const eligibility: MatchResult = {
      qualifies: false,
      reasons: [
        { code: 'qualification.expired', zh: '资质已过期', en: 'Qualification expired' },
        { code: 'credit.restricted', zh: '受信用限制', en: 'Restricted for credit' },
      ],
    };
    const error = refusal(() => register(project, agency(A), { now: BEFORE, eligibility, existing: [] }));
    expect([error.status, error.code]).toEqual([422, 'registration.not-eligible']);
    expect(error.errors?.map((e) => e.code)).toEqual(['qualification.expired', 'credit.restricted']);
    expect(error.zh).toContain('资质已过期；受信用限制');
  });

  it('a retry returns the existing registration: not a second one', () => {
    const first = register(project, agency(A), { now: BEFORE, eligibility: OK, existing: [] }).registration;
    const retry = register(project, agency(A), { now: '2026-03-04T12:00:00+08:00', eligibility: OK, existing: [first] });
    expect(retry).toEqual({ registration: first, created: false });
  });

  it('withdraw until the deadline; registering again revives the same party; after the deadline withdrawal is refused', () => {
    const first = register(project, agency(A), { now: BEFORE, eligibility: OK, existing: [] }).registration;
    const gone = withdraw(project, first, { now: '2026-03-04T23:59:59.999+08:00' });
    expect(gone.status).toBe('withdrawn');
    expect(withdraw(project, gone, { now: DEADLINE })).toBe(gone);
    expect(register(project, agency(A), { now: '2026-03-04T12:00:00+08:00', eligibility: OK, existing: [gone] })).toMatchObject({ created: true, registration: { status: 'registered' } });
    expect(refusal(() => withdraw(project, first, { now: DEADLINE })).code).toBe('registration.closed');
  });

  it('consortia only where the project accepts them, with members, no duplicates', () => {
    const party: Party = { kind: 'consortium', lead: A, members: [B] };
    expect(refusal(() => register(project, party, { now: BEFORE, eligibility: OK, existing: [] })).code).toBe('registration.consortium-not-allowed');
    const open = publishedProject({ tradingMode: 'consortium' });
    expect(refusal(() => register(open, { kind: 'consortium', lead: A, members: [] }, { now: BEFORE, eligibility: OK, existing: [] })).errors?.[0].code).toBe('consortium.no-members');
    expect(refusal(() => register(open, { kind: 'consortium', lead: A, members: [B, A] }, { now: BEFORE, eligibility: OK, existing: [] })).errors?.[0].code).toBe('consortium.duplicate-member');
    expect(refusal(() => register(open, agency('not-a-code'), { now: BEFORE, eligibility: OK, existing: [] })).errors?.[0].code).toBe('party.uscc-invalid');
    const made = register(open, party, { now: BEFORE, eligibility: OK, existing: [] }).registration;
    expect(made.code).toBe(A);
    // the same consortium retried, members in another order: the same registration
    expect(register(open, { kind: 'consortium', lead: A, members: [B] }, { now: BEFORE, eligibility: OK, existing: [made] }).created).toBe(false);
  });

  it('an agency takes part in one party per project', () => {
    const open = publishedProject({ tradingMode: 'consortium' });
    const alone = register(open, agency(B), { now: BEFORE, eligibility: OK, existing: [] }).registration;
    const error = refusal(() => register(open, { kind: 'consortium', lead: A, members: [B] }, { now: BEFORE, eligibility: OK, existing: [alone] }));
    expect([error.status, error.code]).toEqual([409, 'registration.party-overlap']);
    const consortium = register(open, { kind: 'consortium', lead: A, members: [C] }, { now: BEFORE, eligibility: OK, existing: [] }).registration;
    expect(refusal(() => register(open, { kind: 'consortium', lead: A, members: [B] }, { now: BEFORE, eligibility: OK, existing: [consortium] })).code).toBe('registration.party-overlap');
  });
});

describe('consortium: union of qualifications for matching, the lead answers', () => {
  const base = (uscc: string, over: Partial<Agency> = {}): Agency => ({
    uscc, name: uscc, legalRepresentative: { name: '张三', idNumberMasked: '4312**********0011' }, address: '沅陵县', contact: {} as Agency['contact'],
    serviceItems: [], qualifications: [], practitioners: [], branches: [], practiceRegions: ['431222'], status: 'active', province: '430000',
    admittedIn: '431222', ...over,
  } as Agency);
  const item = { ...ITEM, qualificationRequirements: [{ type: '环境影响评价', minGrade: '乙级' as const }, { type: '工程咨询' }] };
  const lead = base(A, { serviceItems: [{ tenant: ITEM.tenant, code: ITEM.code, status: 'active' }], qualifications: [{ id: 'q1', type: '环境影响评价', grade: '乙级', number: 'x', issuer: 'y', validFrom: '2025-01-01', validTo: '2027-12-31' }] });
  const member = base(B, { practiceRegions: ['110000'], qualifications: [{ id: 'q1', type: '工程咨询', number: 'x', issuer: 'y', validFrom: '2025-01-01', validTo: '2027-12-31' }] });

  it('neither alone qualifies; together they do', () => {
    expect(matchAgency(lead, item, '431222', '2026-03-03', { restricted: false }).reasons.map((r) => r.code)).toEqual(['qualification.missing']);
    expect(matchAgency(member, item, '431222', '2026-03-03', { restricted: false }).qualifies).toBe(false);
    const merged = consortiumAsAgency(lead, [member]);
    expect(merged.uscc).toBe(A);
    expect(merged.qualifications.map((q) => q.id)).toEqual([`${A}:q1`, `${B}:q1`]);
    expect(merged.practiceRegions).toEqual(['431222']);
    expect(matchAgency(merged, item, '431222', '2026-03-03', { restricted: false })).toEqual({ qualifies: true, reasons: [] });
  });

  it('one suspended member makes the party suspended; one restricted member restricts it', () => {
    const merged = consortiumAsAgency(lead, [{ ...member, status: 'suspended', suspension: { reason: '整改中', at: '2026-03-01T00:00:00+08:00', by: 'op' } }]);
    expect(merged.status).toBe('suspended');
    expect(merged.suspension?.reason).toContain(B);
    expect(consortiumCredit({ [A]: { restricted: false }, [B]: { restricted: true, reason: '失信' } }, [A, B])).toEqual({ restricted: true, reason: `${B}（失信）` });
    expect(consortiumCredit(new Map(), [A, B])).toEqual({ restricted: false });
  });
});

describe('sealed quotes: commit before the deadline, reveal after close', () => {
  const salt = 'a'.repeat(64);
  const REVEAL_BY = '2026-03-05T12:00:00+08:00';
  const registered = (): Registration => register(project, agency(A), { now: BEFORE, eligibility: OK, existing: [] }).registration;

  it('the commitment is SHA-256 of "quoteFen|salt" in lowercase hex', () => {
    // printf '2500000|aaaa…(64 a)' | sha256sum — computed independently of this module
    expect(quoteCommitmentOf(2_500_000, salt)).toBe('66bcd82c8647f7187959d40b134e496927d06ea76e00a578611ace404526654a');
    expect(quoteCommitmentOf(2_500_000, salt)).not.toBe(quoteCommitmentOf(2_500_001, salt));
    expect(newQuoteSalt()).toMatch(/^[0-9a-f]{64}$/);
    expect(() => quoteCommitmentOf(1.5, salt)).toThrow(RangeError);
    expect(() => quoteCommitmentOf(100, 'short')).toThrow(RangeError);
  });

  it('commit until 1 ms before the deadline; at the deadline it is refused; before close a reveal is refused', () => {
    const r = commitQuote(project, registered(), quoteCommitmentOf(2_500_000, salt), { now: at(ms(DEADLINE) - 1) });
    expect(r.quoteCommitment?.hash).toBe(quoteCommitmentOf(2_500_000, salt));
    expect(refusal(() => commitQuote(project, registered(), quoteCommitmentOf(2_500_000, salt), { now: DEADLINE })).code).toBe('registration.closed');
    expect(refusal(() => revealQuote(project, r, { quoteFen: 2_500_000, salt }, { now: at(ms(DEADLINE) - 1), revealBy: REVEAL_BY })).code).toBe('quote.reveal-too-early');
  });

  it('refuses a commitment that is not a hash, from an unregistered party, or for a method without quotes', () => {
    expect(refusal(() => commitQuote(project, registered(), '2500000', { now: BEFORE })).errors?.[0].code).toBe('quote.commitment-invalid');
    const gone = withdraw(project, registered(), { now: BEFORE });
    expect(refusal(() => commitQuote(project, gone, quoteCommitmentOf(1, salt), { now: BEFORE })).code).toBe('quote.not-registered');
    const random = publishedProject({ selectionMethod: 'random', priceFloorFen: undefined });
    expect(refusal(() => commitQuote(random, registered(), quoteCommitmentOf(1, salt), { now: BEFORE })).code).toBe('quote.not-applicable');
  });

  it('a matching reveal is valid; mismatching, late, malformed or uncommitted ones are invalid with their reason, and final', () => {
    const committed = commitQuote(project, registered(), quoteCommitmentOf(2_500_000, salt), { now: BEFORE });
    const after = '2026-03-05T09:00:00+08:00';
    const valid = revealQuote(project, committed, { quoteFen: 2_500_000, salt }, { now: after, revealBy: REVEAL_BY });
    expect(valid.quote).toEqual({ status: 'valid', fen: 2_500_000, revealedAt: '2026-03-05T09:00:00.000+08:00' });
    expect(revealQuote(project, valid, { quoteFen: 1, salt }, { now: after, revealBy: REVEAL_BY })).toBe(valid);
    const reason = (r: Registration) => (r.quote?.status === 'invalid' ? r.quote.reason.code : r.quote?.status);
    expect(reason(revealQuote(project, committed, { quoteFen: 2_400_000, salt }, { now: after, revealBy: REVEAL_BY }))).toBe('quote.commitment-mismatch');
    expect(reason(revealQuote(project, committed, { quoteFen: 2_500_000, salt }, { now: REVEAL_BY, revealBy: REVEAL_BY }))).toBe('quote.revealed-late');
    expect(reason(revealQuote(project, committed, { quoteFen: '2500000', salt }, { now: after, revealBy: REVEAL_BY }))).toBe('quote.reveal-malformed');
    expect(reason(revealQuote(project, registered(), { quoteFen: 2_500_000, salt }, { now: after, revealBy: REVEAL_BY }))).toBe('quote.not-committed');
  });

  it('quotesForSelection: valid quotes in, every other pool member excluded with its reason', () => {
    const committed = commitQuote(project, registered(), quoteCommitmentOf(2_500_000, salt), { now: BEFORE });
    const a = revealQuote(project, committed, { quoteFen: 2_500_000, salt }, { now: DEADLINE, revealBy: REVEAL_BY });
    const b: Registration = { ...a, code: B, party: agency(B), quote: { status: 'invalid', reason: { code: 'quote.commitment-mismatch', zh: '不符', en: 'mismatch' } } };
    const c: Registration = { ...registered(), code: C, party: agency(C) };
    const { quotes, excluded } = quotesForSelection([C, B, A], [a, b, c]);
    expect(quotes).toEqual([{ code: A, fen: 2_500_000 }]);
    expect(excluded.map((e) => `${e.code}:${e.reason.code}`)).toEqual([`${B}:quote.commitment-mismatch`, `${C}:quote.not-revealed`]);
  });
});
