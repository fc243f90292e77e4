/**
 * Strategy: the award steps of DESIGN §4 as pure functions over a project in selecting (award/test-fixtures.ts):
 * rank 1 awarded with a publicity window counted on the working-day calendar (and shrunk on a sandbox), nobody
 * rankable → 流标; 依次递补 walks the published ranking (never re-ranks), once, twice, to the end (→ failed), and a
 * confirmed winner's certificate and contract period go with its round; confirmation refused while the window is
 * open (1 ms before) and accepted at its end; contract, completion and evaluation each in order, refused out of it.
 */
import { epochMsOf } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { Project } from '../project/project.ts';
import { CALENDAR } from '../project/test-fixtures.ts';
import {
  assertAwardOpenForObjection, confirmAward, currentRound, publishAward, recordCompletion, recordContract, recordEvaluation, substituteWinner, winnerOf,
} from './award.ts';
import { POOL, randomSelection, sandboxAt, selectingProject, THURSDAY, timeAt } from './test-fixtures.ts';
import { thrown } from '#test/support/domain-error.ts';

const selecting = selectingProject();
const selection = randomSelection(selecting);
const ranking = selection.ranking.map((r) => r.code);
const awarded = publishAward(selecting, selection, timeAt(THURSDAY));
const publicityEnd = currentRound(awarded)!.publicity.dueAt;
const confirmed = confirmAward(awarded, timeAt(publicityEnd));
const CERT = { certificateNo: 'ZXQR-431222-2026-000001', pdfSha256: 'a'.repeat(64), issuedAt: publicityEnd };

describe('publishAward (selecting → awarded)', () => {
  it('awards rank 1 of the full ranking and starts a publicity window of the policy\'s 3 working days', () => {
    expect(awarded.status).toBe('awarded');
    expect(awarded.award).toMatchObject({ method: 'random', ranking: selection.ranking, excludedFromSelection: [], excluded: [] });
    const round = currentRound(awarded)!;
    expect(round).toMatchObject({ round: 1, code: ranking[0], awardedAt: THURSDAY });
    // From Thursday 5 March 10:00: Fri 6, Mon 9, Tue 10 → ends Tuesday 24:00.
    expect(round.publicity).toMatchObject({ from: THURSDAY, dueAt: '2026-03-11T00:00:00.000+08:00', deadline: expect.objectContaining({ workingDays: 3, lastDay: '2026-03-10' }) });
    expect(winnerOf(awarded)).toBe(ranking[0]);
    expect(awarded.history.at(-1)).toMatchObject({ event: 'award', from: 'selecting', to: 'awarded', at: THURSDAY });
  });

  it('on a sandbox tenant the enforced end is the real one shrunk by the accelerator; the real one stays beside it', () => {
    const fast = currentRound(publishAward(selecting, selection, sandboxAt(THURSDAY)))!.publicity;
    expect(fast.deadline.at).toBe('2026-03-11T00:00:00.000+08:00');
    const span = epochMsOf(fast.deadline.at) - epochMsOf(THURSDAY);
    expect(epochMsOf(fast.dueAt) - epochMsOf(THURSDAY)).toBe(Math.floor(span / 86_400));
    expect(fast.accelerated).toEqual({ accelerator: 86_400, at: fast.dueAt });
  });

  it('nobody rankable (every quote invalid) → 流标 with the reason, no award', () => {
    const failed = publishAward(selecting, { ...selection, ranking: [], excluded: POOL.map((code) => ({ code, reason: { code: 'quote.not-revealed', zh: '未开启', en: 'not revealed' } })) }, timeAt(THURSDAY));
    expect(failed.status).toBe('failed');
    expect(failed.award).toBeUndefined();
    expect(failed.history.at(-1)).toMatchObject({ event: 'fail', from: 'selecting', reasons: [expect.objectContaining({ zh: expect.stringContaining('流标') })] });
  });

  it('refuses a project that is not selecting (409) and does not change its input', () => {
    expect(thrown(() => publishAward(awarded, selection, timeAt(THURSDAY)))).toMatchObject({ status: 409, code: 'project.illegal-transition' });
    expect(selecting.status).toBe('selecting');
    expect(selecting.award).toBeUndefined();
  });
});

describe('substituteWinner (依次递补)', () => {
  const later = '2026-03-09T15:00:00.000+08:00'; // Monday, inside the first window

  it('excludes the winner and awards the next ranked with a fresh publicity window', () => {
    const next = substituteWinner(awarded, 'objection-upheld', '质疑成立：资质造假', timeAt(later));
    expect(next.status).toBe('awarded');
    const [first, second] = next.award!.rounds;
    expect(first).toMatchObject({ round: 1, code: ranking[0], ended: { at: later, why: 'objection-upheld', reason: '质疑成立：资质造假' } });
    expect(second).toMatchObject({ round: 2, code: ranking[1], awardedAt: later, publicity: expect.objectContaining({ from: later }) });
    expect(epochMsOf(second.publicity.dueAt)).toBeGreaterThan(epochMsOf(first.publicity.dueAt));
    expect(next.award!.excluded).toEqual([{ code: ranking[0], at: later, why: 'objection-upheld', reason: '质疑成立：资质造假' }]);
    expect(next.award!.ranking).toEqual(awarded.award!.ranking); // never re-ranked
    expect(winnerOf(next)).toBe(ranking[1]);
    expect(next.history.at(-1)).toMatchObject({ event: 'substitute', from: 'awarded', to: 'awarded', reasons: [expect.objectContaining({ en: `${ranking[0]} excluded; ${ranking[1]} substitutes` })] });
  });

  it('walks down the published order: each excluded code stays excluded; with no one left the project fails, its award history kept', () => {
    let p = awarded;
    for (let i = 0; i < POOL.length - 1; i++) {
      p = substituteWinner(p, i % 2 ? 'abandoned' : 'objection-upheld', `第 ${i + 1} 次`, timeAt(later));
      expect(winnerOf(p)).toBe(ranking[i + 1]);
    }
    expect(p.award!.rounds.map((r) => r.code)).toEqual(ranking);
    const failed = substituteWinner(p, 'abandoned', '最后一家也放弃', timeAt(later));
    expect(failed.status).toBe('failed');
    expect(winnerOf(failed)).toBeUndefined();
    expect(failed.award!.excluded.map((e) => e.code)).toEqual(ranking);
    expect(failed.award!.rounds.every((r) => r.ended)).toBe(true);
    expect(failed.history.at(-1)).toMatchObject({ event: 'fail', from: 'awarded', reasons: [expect.objectContaining({ zh: expect.stringContaining('已无递补机构') })] });
  });

  it('from confirmed (the winner abandons): the confirmation, contract period and certificate end with the round, the certificate voided', () => {
    const withCertificate: Project = { ...confirmed, award: { ...confirmed.award!, certificate: CERT } };
    const at = '2026-03-12T09:00:00.000+08:00';
    const next = substituteWinner(withCertificate, 'abandoned', '中选机构放弃：人员变动', timeAt(at));
    expect(next.status).toBe('awarded');
    expect(next.award!.confirmedAt).toBeUndefined();
    expect(next.award!.contract).toBeUndefined();
    expect(next.award!.certificate).toBeUndefined(); // the new round has none until it is confirmed
    expect(next.award!.rounds[0]).toMatchObject({ code: ranking[0], ended: { why: 'abandoned' }, certificate: { ...CERT, voided: { at, reason: '中选机构放弃：人员变动' } } });
    expect(next.award!.rounds[1].certificate).toBeUndefined();
    expect(next.history.at(-1)).toMatchObject({ event: 'substitute', from: 'confirmed', to: 'awarded' });
  });

  it('refuses when there is no current winner (before the award, or the round already ended)', () => {
    expect(thrown(() => substituteWinner(selecting, 'abandoned', 'x', timeAt(later)))).toMatchObject({ status: 409, code: 'award.none' });
    const ended = substituteWinner(substituteWinner(substituteWinner(substituteWinner(awarded, 'abandoned', '1', timeAt(later)), 'abandoned', '2', timeAt(later)), 'abandoned', '3', timeAt(later)), 'abandoned', '4', timeAt(later));
    expect(thrown(() => substituteWinner(ended, 'abandoned', 'again', timeAt(later)))).toMatchObject({ status: 409, code: 'award.none' });
  });
});

describe('confirmAward (awarded → confirmed)', () => {
  it('is refused 1 ms before the publicity window ends and accepted at its end; the contract is due in 10 working days', () => {
    const early = new Date(epochMsOf(publicityEnd) - 1);
    expect(thrown(() => confirmAward(awarded, timeAt(early.toISOString())))).toMatchObject({ status: 409, code: 'award.publicity-open' });
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.award!.confirmedAt).toBe(publicityEnd);
    expect(confirmed.award!.contract!.due).toMatchObject({ from: publicityEnd, dueAt: CALENDAR.addWorkingDays(publicityEnd, 10).at });
  });

  it('refuses a project with no current winner', () => {
    expect(thrown(() => confirmAward(selecting, timeAt(publicityEnd)))).toMatchObject({ status: 409, code: 'award.none' });
  });
});

describe('contract, completion and evaluation', () => {
  const signed = '2026-03-13T10:00:00.000+08:00';
  const inService = recordContract(confirmed, { documentId: '5d0c4a2e-2f1b-4f55-9f1e-7d6a3c1b2a10', sha256: 'b'.repeat(64), amountFen: 2_800_000 }, 'clerk-1', { now: signed });
  const done = '2026-03-20T17:00:00.000+08:00';
  const completed = recordCompletion(inService, 'clerk-1', timeAt(done));

  it('a contract moves confirmed → contracted → in-service and records the document, amount and start', () => {
    expect(inService.status).toBe('in-service');
    expect(inService.history.slice(-2).map((h) => `${h.event}:${h.from}>${h.to}:${h.by}`)).toEqual(['contract:confirmed>contracted:clerk-1', 'start-service:contracted>in-service:clerk-1']);
    expect(inService.award!.contract).toMatchObject({ signedAt: signed, documentId: '5d0c4a2e-2f1b-4f55-9f1e-7d6a3c1b2a10', sha256: 'b'.repeat(64), amountFen: 2_800_000, due: confirmed.award!.contract!.due });
    expect(inService.service).toEqual({ startedAt: signed });
  });

  it('no contract before confirmation, and none twice', () => {
    const doc = { documentId: 'd', sha256: 'b'.repeat(64), amountFen: 1 };
    expect(thrown(() => recordContract(awarded, doc, 'clerk-1', { now: signed }))).toMatchObject({ status: 409, code: 'contract.not-due' });
    expect(thrown(() => recordContract(inService, doc, 'clerk-1', { now: signed }))).toMatchObject({ status: 409, code: 'project.illegal-transition' });
  });

  it('completion opens the evaluation period (10 working days); only from in-service', () => {
    expect(completed.status).toBe('completed');
    expect(completed.service).toEqual({ startedAt: signed, completedAt: done });
    expect(completed.evaluationDue).toMatchObject({ from: done, dueAt: CALENDAR.addWorkingDays(done, 10).at });
    expect(thrown(() => recordCompletion(confirmed, 'clerk-1', timeAt(done)))).toMatchObject({ status: 409, code: 'project.illegal-transition' });
  });

  it('evaluation: 1–5 integers each, only once completed', () => {
    const at = '2026-03-23T09:00:00.000+08:00';
    const evaluated = recordEvaluation(completed, { quality: 5, attitude: 4, feeReasonableness: 3, comment: '按时完成', by: 'clerk-1' }, { now: at });
    expect(evaluated.status).toBe('evaluated');
    expect(evaluated.evaluation).toEqual({ quality: 5, attitude: 4, feeReasonableness: 3, comment: '按时完成', by: 'clerk-1', at });
    for (const bad of [0, 6, 3.5, Number.NaN]) {
      const e = thrown(() => recordEvaluation(completed, { quality: 5, attitude: bad, feeReasonableness: 3, by: 'clerk-1' }, { now: at }));
      expect(e).toMatchObject({ status: 400 });
      expect(e.errors?.[0]).toMatchObject({ path: 'attitude', code: 'evaluation.score-range' });
    }
    expect(thrown(() => recordEvaluation(inService, { quality: 5, attitude: 4, feeReasonableness: 3, by: 'clerk-1' }, { now: at }))).toMatchObject({ status: 409 });
  });
});

describe('assertAwardOpenForObjection', () => {
  it('inside the window: the current round; at its end or outside awarded: 409 with the reason', () => {
    expect(assertAwardOpenForObjection(awarded, epochMsOf(publicityEnd) - 1)).toBe(currentRound(awarded));
    expect(thrown(() => assertAwardOpenForObjection(awarded, epochMsOf(publicityEnd)))).toMatchObject({ status: 409, code: 'objection.window-closed' });
    expect(thrown(() => assertAwardOpenForObjection(confirmed, epochMsOf(THURSDAY)))).toMatchObject({ status: 409, code: 'objection.not-in-publicity' });
    expect(thrown(() => assertAwardOpenForObjection(selecting, epochMsOf(THURSDAY)))).toMatchObject({ status: 409, code: 'objection.not-in-publicity' });
  });
});
