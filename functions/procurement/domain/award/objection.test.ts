/**
 * Strategy: 质疑 on an awarded fixture project (award/test-fixtures.ts). Filing: only a registrant (not withdrawn,
 * not the winner), only inside the publicity window (1 ms before its end accepted, at its end refused), with
 * grounds; the objection names the round and the winner it is against. Deciding: upheld or rejected once, with a
 * reason; an escalated one by the regulator only. `pendingObjections` keeps the current round's undecided ones.
 */
import { epochMsOf } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { Registration } from '../registration/registration.ts';
import { confirmAward, currentRound, publishAward, substituteWinner } from './award.ts';
import { decideObjection, fileObjection, pendingObjections, type Objection } from './objection.ts';
import { randomSelection, selectingProject, THURSDAY, timeAt } from './test-fixtures.ts';
import { thrown } from '#test/support/domain-error.ts';

const selecting = selectingProject();
const awarded = publishAward(selecting, randomSelection(selecting), timeAt(THURSDAY));
const round = currentRound(awarded)!;
const winner = round.code;
const other = awarded.award!.ranking[2].code;
const end = round.publicity.dueAt;
const FRIDAY = '2026-03-06T11:00:00.000+08:00';
const GROUNDS = '中选机构提交的资质证书已过有效期，请求复核';
const reg = (code: string, over: Partial<Registration> = {}): Registration => ({ projectId: awarded.id, code, party: { kind: 'agency', uscc: code }, status: 'registered', registeredAt: '2026-03-03T09:00:00.000+08:00', ...over });
const filed = fileObjection(awarded, reg(other), `  ${GROUNDS}  `, { now: FRIDAY, id: 'OBJ-0000AAAA' });

describe('fileObjection', () => {
  it('a registrant objects inside the window: open, against the current round\'s winner, grounds trimmed', () => {
    expect(filed).toEqual({ id: 'OBJ-0000AAAA', projectId: awarded.id, by: other, round: 1, against: winner, grounds: GROUNDS, filedAt: FRIDAY, status: 'open' });
  });

  it('1 ms before the window ends is in time; at its end it is refused', () => {
    const lastMs = new Date(epochMsOf(end) - 1);
    expect(fileObjection(awarded, reg(other), GROUNDS, { now: lastMs, id: 'OBJ-0000AAAB' }).status).toBe('open');
    expect(thrown(() => fileObjection(awarded, reg(other), GROUNDS, { now: end, id: 'OBJ-0000AAAC' }))).toMatchObject({ status: 409, code: 'objection.window-closed' });
  });

  it('only a registrant: none, or a withdrawn one, is forbidden; the winner cannot object to itself', () => {
    expect(thrown(() => fileObjection(awarded, undefined, GROUNDS, { now: FRIDAY, id: 'x' }))).toMatchObject({ status: 403 });
    expect(thrown(() => fileObjection(awarded, reg(other, { status: 'withdrawn', withdrawnAt: FRIDAY }), GROUNDS, { now: FRIDAY, id: 'x' }))).toMatchObject({ status: 403 });
    expect(thrown(() => fileObjection(awarded, reg(winner), GROUNDS, { now: FRIDAY, id: 'x' }))).toMatchObject({ status: 409, code: 'objection.against-self' });
  });

  it('grounds of fewer than 10 characters (after trimming) are refused field by field', () => {
    const e = thrown(() => fileObjection(awarded, reg(other), '   不公平         ', { now: FRIDAY, id: 'x' }));
    expect(e).toMatchObject({ status: 400 });
    expect(e.errors).toEqual([expect.objectContaining({ path: 'grounds', code: 'objection.grounds-required' })]);
  });

  it('outside the publicity window of an award (selecting, confirmed) it is refused', () => {
    expect(thrown(() => fileObjection(selecting, reg(other), GROUNDS, { now: FRIDAY, id: 'x' }))).toMatchObject({ status: 409, code: 'objection.not-in-publicity' });
    const confirmed = confirmAward(awarded, timeAt(end));
    expect(thrown(() => fileObjection(confirmed, reg(other), GROUNDS, { now: end, id: 'x' }))).toMatchObject({ status: 409, code: 'objection.not-in-publicity' });
  });

  it('after a substitution the objection is against the new round and its winner', () => {
    const next = substituteWinner(awarded, 'objection-upheld', '成立', timeAt(FRIDAY));
    const o = fileObjection(next, reg(winner), GROUNDS, { now: '2026-03-09T10:00:00.000+08:00', id: 'OBJ-0000AAAD' });
    expect(o).toMatchObject({ round: 2, against: currentRound(next)!.code, by: winner });
  });
});

describe('decideObjection', () => {
  const at = '2026-03-09T16:00:00.000+08:00';
  const by = { by: 'op-431222', role: 'operator' };

  it('upheld or rejected, with the reason (trimmed), who and when', () => {
    expect(decideObjection(filed, { upheld: true, reason: ' 资质确已过期 ', ...by }, { now: at })).toEqual({ ...filed, status: 'upheld', decision: { upheld: true, reason: '资质确已过期', ...by, at } });
    expect(decideObjection(filed, { upheld: false, reason: '资质在有效期内', ...by }, { now: at })).toMatchObject({ status: 'rejected', decision: { upheld: false } });
  });

  it('once: a decided objection cannot be decided again', () => {
    const decided = decideObjection(filed, { upheld: false, reason: '不成立', ...by }, { now: at });
    expect(thrown(() => decideObjection(decided, { upheld: true, reason: '改判', ...by }, { now: at }))).toMatchObject({ status: 409, code: 'objection.decided' });
  });

  it('a reason is required', () => {
    const e = thrown(() => decideObjection(filed, { upheld: true, reason: '   ', ...by }, { now: at }));
    expect(e.errors).toEqual([expect.objectContaining({ path: 'reason', code: 'objection.reason-required' })]);
  });

  it('escalated (the operator was overdue): only the regulator decides it', () => {
    const escalated: Objection = { ...filed, status: 'escalated', escalatedAt: at };
    expect(thrown(() => decideObjection(escalated, { upheld: true, reason: '成立', ...by }, { now: at }))).toMatchObject({ status: 403 });
    expect(decideObjection(escalated, { upheld: true, reason: '成立', by: 'reg-1', role: 'regulator' }, { now: at })).toMatchObject({ status: 'upheld', escalatedAt: at, decision: { role: 'regulator' } });
  });
});

describe('pendingObjections', () => {
  it('the undecided (open or escalated) objections of the given round only', () => {
    const list: Objection[] = [
      filed,
      { ...filed, id: 'OBJ-2', status: 'escalated', escalatedAt: FRIDAY },
      { ...filed, id: 'OBJ-3', status: 'rejected' },
      { ...filed, id: 'OBJ-4', status: 'upheld' },
      { ...filed, id: 'OBJ-5', round: 2 },
    ];
    expect(pendingObjections(list, 1).map((o) => o.id)).toEqual(['OBJ-0000AAAA', 'OBJ-2']);
    expect(pendingObjections(list, 2).map((o) => o.id)).toEqual(['OBJ-5']);
    expect(pendingObjections([], 1)).toEqual([]);
  });
});
