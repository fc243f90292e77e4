/**
 * Strategy: `routeFrom` for every project status (and every branch inside one), on projects built by the domain's
 * own steps from the award fixtures (domain/award/test-fixtures.ts) at chosen instants of a production tenant's
 * real calendar: the state named, the instant a Wait waits for, the seconds a callback may take. Then the helpers
 * that count those instants (close grace, choice, objection and contract deadlines, service lateness), and that
 * every route names a state the machine has (lib/constructs/timeline.ts routes on it).
 */
import { epochMsOf } from '#functions/tenancy/domain/calendar/local-date.ts';
import { Timeline, TIMELINE_STATES } from '../../lib/constructs/timeline.ts';
import { confirmAward, currentRound, publishAward, recordCompletion, recordContract, recordEvaluation, substituteWinner } from './domain/award/award.ts';
import type { Objection } from './domain/award/objection.ts';
import { randomSelection, selectingProject, THURSDAY, timeAt } from './domain/award/test-fixtures.ts';
import { PROJECT_STATUSES, transition, type ProjectStatus } from './domain/project/lifecycle.ts';
import type { Project } from './domain/project/project.ts';
import { CALENDAR, context, DEADLINE, DRAFT, MONDAY, policyWith, publishedProject, TENANT } from './domain/project/test-fixtures.ts';
import { submitPurchaseRequest } from './domain/project/purchase-request.ts';
import {
  choiceDueAt, CLOSE_GRACE_MS, closeAtOf, contractTimeoutAt, objectionDueAt, routeFrom, secondsUntil, serviceDueAt, TIMELINE_NEXT, type RouteContext, type TimelineRoute,
} from './timeline-route.ts';

const POLICY = policyWith({});
const ctxAt = (now: string | number, over: Partial<RouteContext> = {}): RouteContext => ({
  now: new Date(typeof now === 'string' ? epochMsOf(now) : now), calendar: CALENDAR, policy: POLICY, tenant: TENANT, objections: [], scoringComplete: true, ...over,
});
const ms = (iso: string) => epochMsOf(iso);
const seconds = (from: string, to: string) => Math.ceil((ms(to) - ms(from)) / 1000);

const SCHEDULE = {
  opensAt: MONDAY, closesAt: DEADLINE,
  deadline: { at: DEADLINE, rule: 'civil-code-201' as const, calendarVersion: 'v', provisional: false, workingDays: 2, from: MONDAY, lastDay: '2026-03-04' },
};
const submitted = submitPurchaseRequest({ ...DRAFT, selectionMethod: 'random', priceFloorFen: undefined }, context());
const published: Project = { ...publishedProject({ selectionMethod: 'random', priceFloorFen: undefined }), registration: SCHEDULE };
const selecting = selectingProject();
const awarded = publishAward(selecting, randomSelection(selecting), timeAt(THURSDAY));
const publicityEnd = currentRound(awarded)!.publicity.dueAt;
const confirmed = confirmAward(awarded, timeAt(publicityEnd));
const SIGNED = '2026-03-16T10:00:00.000+08:00';
const inService = recordContract(confirmed, { documentId: 'd', sha256: 'b'.repeat(64), amountFen: 1 }, 'clerk', { now: SIGNED });
const DONE = '2026-03-20T10:00:00.000+08:00';
const completed = recordCompletion(inService, 'clerk', timeAt(DONE));
const evaluated = recordEvaluation(completed, { quality: 5, attitude: 5, feeReasonableness: 5, by: 'clerk' }, { now: '2026-03-23T10:00:00.000+08:00' });

const objection = (over: Partial<Objection> = {}): Objection => ({
  id: 'OBJ-0000AAAA', projectId: awarded.id, by: awarded.award!.ranking[1].code, round: 1, against: currentRound(awarded)!.code, grounds: '资质证书已过有效期', filedAt: '2026-03-06T10:00:00.000+08:00', status: 'open', ...over,
});

describe('routeFrom, status by status', () => {
  it.each(['draft', 'submitted', 'returned'] as const)('%s: not published — ends without touching anything', (status) => {
    expect(routeFrom({ ...submitted, status }, ctxAt(MONDAY))).toEqual({ next: 'ended', note: `project not published (${status})` });
  });

  it('published: waits for the close, one grace second after the enforced deadline', () => {
    expect(routeFrom(published, ctxAt(MONDAY))).toEqual({ next: 'close', waitUntil: '2026-03-05T00:00:01.000+08:00' });
    // Woken early or late, it is still the close that decides (close itself refuses to run before the deadline).
    expect(routeFrom(published, ctxAt(ms(DEADLINE) + 5_000)).next).toBe('close');
  });

  it('closed (transient, between close and its outcome): back to the close', () => {
    expect(routeFrom({ ...published, status: 'closed' }, ctxAt(DEADLINE))).toEqual({ next: 'close', waitUntil: closeAtOf(published) });
  });

  it('failed: 流标, the end', () => {
    expect(routeFrom(transition(transition(published, 'close', { at: DEADLINE }), 'fail', { at: DEADLINE }), ctxAt(DEADLINE))).toEqual({ next: 'failed' });
  });

  describe('selecting', () => {
    it('random: select at once', () => {
      expect(routeFrom(selecting, ctxAt(DEADLINE))).toEqual({ next: 'select' });
    });

    it('sealed quotes: waits for the reveal period to end (1 ms before: reveal; at it: select)', () => {
      const REVEAL_BY = '2026-03-06T00:00:00.000+08:00';
      const sealed = selectingProject({ closing: { ...selecting.closing!, revealBy: REVEAL_BY } }, { selectionMethod: 'lowest-price' });
      expect(sealed.sealedQuotes).toBe(true);
      expect(routeFrom(sealed, ctxAt(ms(REVEAL_BY) - 1))).toEqual({ next: 'reveal', waitUntil: REVEAL_BY });
      expect(routeFrom(sealed, ctxAt(REVEAL_BY))).toEqual({ next: 'select' });
    });

    it('best-value: after the reveal, waits for the scorers until the scoring deadline; complete, or past it, selects', () => {
      const DUE = '2026-03-09T00:00:00.000+08:00';
      const REVEAL_BY = '2026-03-06T00:00:00.000+08:00';
      const bv = selectingProject({ closing: { ...selecting.closing!, revealBy: REVEAL_BY }, scoring: { scorers: ['E1', 'E2', 'E3'], drawnAt: DEADLINE, dueAt: DUE, transcript: {} } }, { selectionMethod: 'best-value' });
      expect(routeFrom(bv, ctxAt(THURSDAY, { scoringComplete: false }))).toEqual({ next: 'reveal', waitUntil: REVEAL_BY });
      const after = '2026-03-06T10:00:00.000+08:00';
      expect(routeFrom(bv, ctxAt(after, { scoringComplete: false }))).toEqual({ next: 'scoring', timeoutSeconds: seconds(after, DUE) });
      expect(routeFrom(bv, ctxAt(after, { scoringComplete: true }))).toEqual({ next: 'select' });
      // The scoring deadline passed with scores missing: the scores that came in decide (no second wait, no loop).
      expect(routeFrom(bv, ctxAt(DUE, { scoringComplete: false }))).toEqual({ next: 'select' });
    });

    it('direct: waits for the owner\'s choice until the objection-decision period from close; once chosen, selects', () => {
      const direct = selectingProject({}, { selectionMethod: 'direct', fundingType: 'social', priceFloorFen: undefined });
      const due = choiceDueAt(direct, ctxAt(DEADLINE));
      expect(due).toBe(CALENDAR.addWorkingDays(DEADLINE, POLICY.objectionDecisionWorkingDays).at);
      expect(routeFrom(direct, ctxAt(THURSDAY))).toEqual({ next: 'choice', timeoutSeconds: seconds(THURSDAY, due) });
      expect(routeFrom({ ...direct, choice: { code: direct.closing!.pool[0], reason: '熟悉本地情况', by: 'clerk', at: THURSDAY } }, ctxAt(THURSDAY))).toEqual({ next: 'select' });
    });

    it('直购 (direct purchase): no choice to wait for — the offer\'s agency is selected', () => {
      const dp = selectingProject({}, { tradingMode: 'direct-purchase', selectionMethod: 'direct', fundingType: 'social', priceFloorFen: undefined, directOffer: { agencyUscc: '91431222MA4L0A1B2C' } });
      expect(routeFrom(dp, ctxAt(DEADLINE))).toEqual({ next: 'select' });
    });
  });

  describe('awarded', () => {
    it('inside the publicity window: waits for its end', () => {
      expect(routeFrom(awarded, ctxAt(THURSDAY, { objections: [objection()] }))).toEqual({ next: 'publicity', waitUntil: publicityEnd });
    });

    it('window over, nothing pending: confirm; an objection of the round pending: waits for the decision', () => {
      expect(routeFrom(awarded, ctxAt(publicityEnd))).toEqual({ next: 'confirm' });
      const due = CALENDAR.addWorkingDays(objection().filedAt, POLICY.objectionDecisionWorkingDays).at;
      expect(routeFrom(awarded, ctxAt(publicityEnd, { objections: [objection()] }))).toEqual({ next: 'objections', timeoutSeconds: seconds(publicityEnd, due) });
    });

    it('decided objections, and those of an earlier round, do not hold the confirmation', () => {
      const decided = [objection({ status: 'rejected' }), objection({ id: 'OBJ-2', status: 'upheld' }), objection({ id: 'OBJ-3', round: 0 })];
      expect(routeFrom(awarded, ctxAt(publicityEnd, { objections: decided }))).toEqual({ next: 'confirm' });
    });

    it('after a substitution: the new round\'s window, then confirm', () => {
      const at = '2026-03-09T10:00:00.000+08:00';
      const next = substituteWinner(awarded, 'objection-upheld', '成立', timeAt(at));
      const end = currentRound(next)!.publicity.dueAt;
      expect(ms(end)).toBeGreaterThan(ms(publicityEnd));
      expect(routeFrom(next, ctxAt(publicityEnd, { objections: [objection({ status: 'upheld' })] }))).toEqual({ next: 'publicity', waitUntil: end });
      expect(routeFrom(next, ctxAt(end, { objections: [objection({ status: 'upheld' })] }))).toEqual({ next: 'confirm' });
    });
  });

  it('confirmed: waits for the contract until it is due; once overdue is recorded, one more period of grace', () => {
    const due = confirmed.award!.contract!.due.dueAt;
    expect(routeFrom(confirmed, ctxAt(publicityEnd))).toEqual({ next: 'contract', timeoutSeconds: seconds(publicityEnd, due) });
    const overdue: Project = { ...confirmed, award: { ...confirmed.award!, contract: { ...confirmed.award!.contract!, overdueRecordedAt: due } } };
    const grace = CALENDAR.addWorkingDays(due, POLICY.contractDueWorkingDays).at;
    expect(contractTimeoutAt(overdue, ctxAt(due))).toBe(grace);
    expect(routeFrom(overdue, ctxAt(due))).toEqual({ next: 'contract', timeoutSeconds: seconds(due, grace) });
  });

  it.each(['contracted', 'in-service'] as const)('%s: waits for completion until the time limit plus the lateness allowance (doubled once late)', (status) => {
    const p: Project = { ...inService, status };
    const limit = p.serviceTimeLimitWorkingDays + POLICY.lateServiceWorkingDaysBeforeCredit;
    const late = CALENDAR.addWorkingDays(SIGNED, limit).at;
    expect(serviceDueAt(p, ctxAt(SIGNED), POLICY.lateServiceWorkingDaysBeforeCredit)).toBe(late);
    expect(routeFrom(p, ctxAt(SIGNED))).toEqual({ next: 'service', timeoutSeconds: seconds(SIGNED, late) });
    const recorded: Project = { ...p, service: { ...p.service!, lateRecordedAt: late } };
    const end = CALENDAR.addWorkingDays(SIGNED, p.serviceTimeLimitWorkingDays + 2 * POLICY.lateServiceWorkingDaysBeforeCredit).at;
    expect(routeFrom(recorded, ctxAt(late))).toEqual({ next: 'service', timeoutSeconds: seconds(late, end) });
  });

  it('completed: waits for the evaluation until it is due', () => {
    expect(routeFrom(completed, ctxAt(DONE))).toEqual({ next: 'evaluation', timeoutSeconds: seconds(DONE, completed.evaluationDue!.dueAt) });
  });

  it('evaluated: the end', () => {
    expect(routeFrom(evaluated, ctxAt(DONE))).toEqual({ next: 'evaluated' });
  });

  it('covers every status, and every route names a state of the timeline machine', () => {
    const samples: Record<ProjectStatus, Project> = {
      draft: { ...submitted, status: 'draft' }, submitted, returned: { ...submitted, status: 'returned' }, published, closed: { ...published, status: 'closed' },
      failed: { ...published, status: 'failed' }, selecting, awarded, confirmed, contracted: { ...inService, status: 'contracted' }, 'in-service': inService, completed, evaluated,
    };
    expect(Object.keys(samples).sort()).toEqual([...PROJECT_STATUSES].sort());
    const routes: TimelineRoute[] = PROJECT_STATUSES.map((s) => routeFrom(samples[s], ctxAt(THURSDAY)));
    for (const r of routes) {
      expect(TIMELINE_NEXT).toContain(r.next);
      expect(r.waitUntil === undefined || r.timeoutSeconds === undefined).toBe(true);
    }
    expect([...TIMELINE_NEXT].sort()).toEqual(Object.keys(TIMELINE_STATES.routes).sort());
    expect(Timeline.stateMachineName('445200')).toBe('ism-445200-timeline');
  });
});

describe('the instants the routes use', () => {
  it('secondsUntil: whole seconds rounded up, at least 1 (a due instant already past still gives the callback a second)', () => {
    const now = new Date(ms(THURSDAY));
    expect(secondsUntil(new Date(ms(THURSDAY) + 1).toISOString(), now)).toBe(1);
    expect(secondsUntil(new Date(ms(THURSDAY) + 1_001).toISOString(), now)).toBe(2);
    expect(secondsUntil(new Date(ms(THURSDAY) - 60_000).toISOString(), now)).toBe(1);
  });

  it('closeAtOf: the enforced deadline plus the grace the registration handler confirms against', () => {
    expect(ms(closeAtOf(published)) - ms(DEADLINE)).toBe(CLOSE_GRACE_MS);
  });

  it('objectionDueAt: from the oldest pending objection; once escalated, the same period again from the escalation', () => {
    const older = objection({ id: 'OBJ-1', filedAt: '2026-03-06T09:00:00.000+08:00' });
    const newer = objection({ id: 'OBJ-2', filedAt: '2026-03-09T09:00:00.000+08:00' });
    expect(objectionDueAt([newer, older], ctxAt(THURSDAY))).toBe(CALENDAR.addWorkingDays(older.filedAt, 7).at);
    const escalatedAt = '2026-03-17T09:00:00.000+08:00';
    expect(objectionDueAt([{ ...older, status: 'escalated', escalatedAt }], ctxAt(THURSDAY))).toBe(CALENDAR.addWorkingDays(escalatedAt, 7).at);
  });
});
