/**
 * Strategy: one test per path of the joint review — who must review, who may fill which slot (403 otherwise),
 * what every decision must carry (400 otherwise), and each outcome of the default rule (all approve → admitted;
 * one refusal → refused at once; returns wait for everyone and merge their fixes; a later decision of the same
 * reviewer replaces its earlier one), a swapped rule, the due date on the working-day calendar and overdue.
 */
import { createWorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import {
  type OutcomeRule,
  ReviewDecisionInput,
  type Reviewer,
  anyRefusalRefuses,
  isOverdue,
  pendingReviewers,
  recordDecision,
  requiredReviewers,
  reviewDue,
} from './joint-review.ts';
import { CALENDAR, CATALOGUE, CONSULTING_ITEM, EIA_ITEM, SURVEY_ITEM, submitted, thrown } from './test-fixtures.ts';


const operator: Reviewer = { sub: 'op-jieyang', role: 'operator' };
const environment: Reviewer = { sub: 'reg-env', role: 'regulator', industries: ['environment'] };
const housing: Reviewer = { sub: 'reg-housing', role: 'regulator', industries: ['housing'] };
const education: Reviewer = { sub: 'reg-edu', role: 'regulator', industries: ['education'] };
const at = (hour: number) => `2026-03-17T${String(hour).padStart(2, '0')}:00:00+08:00`;
const approve = (hour = 9) => ({ decision: 'approve' as const, reason: '材料齐全，资质属实', at: at(hour) });
const fixes = (description: string) => [{ path: 'practitioners.0', description }];

describe('who reviews', () => {
  it('the operator plus the regulator of each distinct industry, sorted', () => {
    const items = [EIA_ITEM, SURVEY_ITEM, CONSULTING_ITEM, EIA_ITEM].map(({ tenant, code }) => ({ tenant, code }));
    expect(requiredReviewers(items, CATALOGUE).map((r) => r.slot)).toEqual(['operator', 'regulator:development', 'regulator:environment', 'regulator:housing']);
  });

  it('items not found in the catalogue add no regulator (submission reports them)', () => {
    expect(requiredReviewers([{ tenant: '445200', code: 'ZJ-X' }], CATALOGUE).map((r) => r.slot)).toEqual(['operator']);
  });

  it('a regulator of another industry is refused with 403 review.not-your-industry', () => {
    expect(thrown(() => recordDecision(submitted(), education, approve()))).toMatchObject({ status: 403, code: 'review.not-your-industry', extra: { concerned: ['environment', 'housing'] } });
  });

  it('other roles are not reviewers', () => {
    expect(thrown(() => recordDecision(submitted(), { sub: 'a', role: 'agency' }, approve()))).toMatchObject({ status: 403, code: 'review.not-a-reviewer' });
  });
});

describe('what a decision carries', () => {
  it('a reason, always', () => {
    expect(thrown(() => recordDecision(submitted(), operator, { ...approve(), reason: '  ' }))).toMatchObject({ status: 400, errors: [expect.objectContaining({ code: 'review.reason-required' })] });
  });

  it('fixes, for a refusal or a return', () => {
    expect(thrown(() => recordDecision(submitted(), operator, { decision: 'refuse', reason: '资质造假', at: at(9) })).errors).toEqual([expect.objectContaining({ path: 'fixes', code: 'review.fixes-required' })]);
    expect(ReviewDecisionInput.safeParse({ decision: 'return', reason: '缺材料' }).success).toBe(false);
    expect(ReviewDecisionInput.safeParse({ decision: 'return', reason: '缺材料', fixes: fixes('补社保') }).success).toBe(true);
  });

  it('only while under review', () => {
    const admitted = [operator, environment, housing].reduce((app, r) => recordDecision(app, r, approve()), submitted());
    expect(thrown(() => recordDecision(admitted, operator, approve())).code).toBe('review.not-under-review');
  });
});

describe('outcomes (default rule)', () => {
  it('admitted when every required reviewer approved; each decision bumps the version', () => {
    const a0 = submitted();
    const a1 = recordDecision(a0, environment, approve(9));
    expect(a1).toMatchObject({ status: 'submitted', version: a0.version + 1 });
    expect(pendingReviewers(a1.review!).map((r) => r.slot)).toEqual(['operator', 'regulator:housing']);
    const a2 = recordDecision(a1, housing, approve(10));
    const a3 = recordDecision(a2, operator, approve(11));
    expect(a3).toMatchObject({ status: 'admitted', version: a0.version + 3, decidedAt: '2026-03-17T11:00:00.000+08:00' });
    expect(a3.history.at(-1)).toMatchObject({ from: 'submitted', to: 'admitted', by: 'op-jieyang' });
  });

  it('a regulator of both industries fills both slots with one decision', () => {
    const both: Reviewer = { sub: 'reg-both', role: 'regulator', industries: ['environment', 'housing', 'education'] };
    const app = recordDecision(submitted(), both, approve());
    expect(app.review!.decisions[0].slots).toEqual(['regulator:environment', 'regulator:housing']);
    expect(recordDecision(app, operator, approve()).status).toBe('admitted');
  });

  it('one refusal refuses at once, with its fixes, even while others have not decided', () => {
    const app = recordDecision(submitted(), housing, { decision: 'refuse', reason: '勘察资质证书系伪造', fixes: fixes('提供真实有效的勘察资质'), at: at(9) });
    expect(app).toMatchObject({ status: 'refused', fixes: fixes('提供真实有效的勘察资质') });
    expect(app.history.at(-1)).toMatchObject({ to: 'refused', reason: '勘察资质证书系伪造', by: 'reg-housing' });
  });

  it('a return waits for everyone, then returns once with every fix (一次性告知)', () => {
    let app = recordDecision(submitted(), operator, { decision: 'return', reason: '社保证明不全', fixes: fixes('补充 2026-02 社保证明'), at: at(9) });
    expect(app.status).toBe('submitted');
    app = recordDecision(app, environment, { decision: 'return', reason: '证书扫描件不清晰', fixes: [{ path: 'qualifications.0.documentId', description: '重新上传清晰扫描件' }], at: at(10) });
    expect(app.status).toBe('submitted');
    app = recordDecision(app, housing, approve(11));
    expect(app.status).toBe('returned');
    expect(app.fixes).toEqual([...fixes('补充 2026-02 社保证明'), { path: 'qualifications.0.documentId', description: '重新上传清晰扫描件' }]);
    expect(app.history.at(-1)!.reason).toBe('社保证明不全；证书扫描件不清晰');
  });

  it('a refusal beats a return', () => {
    let app = recordDecision(submitted(), operator, { decision: 'return', reason: '缺材料', fixes: fixes('补材料'), at: at(9) });
    app = recordDecision(app, environment, { decision: 'refuse', reason: '不符合入驻条件', fixes: fixes('取得环评资质后再申请'), at: at(10) });
    expect(app).toMatchObject({ status: 'refused', fixes: fixes('取得环评资质后再申请') });
  });

  it("a reviewer's later decision replaces its earlier one", () => {
    let app = recordDecision(submitted(), operator, { decision: 'return', reason: '缺材料', fixes: fixes('补材料'), at: at(9) });
    app = recordDecision(app, operator, { ...approve(10), reason: '材料已线下核实' });
    app = recordDecision(app, environment, approve(11));
    app = recordDecision(app, housing, approve(12));
    expect(app.status).toBe('admitted');
    expect(app.review!.decisions).toHaveLength(4);
  });

  it('the rule is swappable: e.g. a return that ends the round at once', () => {
    const returnAtOnce: OutcomeRule = (required, latest) => ([...latest.values()].some((d) => d.decision === 'return') ? 'returned' : anyRefusalRefuses(required, latest));
    const app = recordDecision(submitted(), operator, { decision: 'return', reason: '缺材料', fixes: fixes('补材料'), at: at(9) }, returnAtOnce);
    expect(app.status).toBe('returned');
  });
});

describe('due date and overdue', () => {
  it('reviewDue counts the policy’s working days on the tenant calendar (国庆 skipped)', () => {
    const due = reviewDue('2026-09-30T15:00:00+08:00', CALENDAR, { admissionReviewWorkingDays: 2 });
    expect(due).toMatchObject({ at: '2026-10-10T00:00:00.000+08:00', workingDays: 2, rule: 'civil-code-201' });
  });

  it('uses the tenant calendar it is given (a local holiday moves the due date)', () => {
    const local = createWorkingDayCalendar({ overrides: { extraHolidays: [{ date: '2026-03-17', reason: '台风停工' }], extraWorkdays: [] } });
    expect(reviewDue('2026-03-16T10:00:00+08:00', local, { admissionReviewWorkingDays: 2 }).at).toBe('2026-03-20T00:00:00.000+08:00');
  });

  it('overdue from the deadline on, only while under review', () => {
    const app = submitted();
    expect(isOverdue(app, '2026-03-18T23:59:59.999+08:00')).toBe(false);
    expect(isOverdue(app, '2026-03-19T00:00:00+08:00')).toBe(true);
    expect(isOverdue(app, new Date('2026-03-25T00:00:00Z'))).toBe(true);
    const admitted = [operator, environment, housing].reduce((a, r) => recordDecision(a, r, approve()), app);
    expect(isOverdue(admitted, '2026-03-25T00:00:00+08:00')).toBe(false);
  });
});
