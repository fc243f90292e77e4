import * as z from 'zod';
import type { Deadline, InstantInput, WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { DomainError, problems } from '#shared/http/problems.ts';
import { type AgencyApplication, type SubmissionContext, admitApplication, refuseApplication, returnApplication, submitApplication } from './application.ts';
import type { VerificationRecord } from './automatic-verification.ts';
import { type CatalogItemLike, type ServiceItemRef, catalogueIndex, itemKey } from './offered-item.ts';
import { epochMs, shanghaiInstant } from './shanghai-dates.ts';

/**
 * 联合审查 (joint review, seed 000 §四(二)1: 超市管理部门和行业主管部门网上联合审查入驻机构资格): the operator of the
 * tenant the application was filed in, plus the regulator (行业主管部门) of each industry whose catalogue items
 * the agency offers — each regulator vouches for its own industry's qualifications (seed 000 §四(三)2: 各行业
 * 主管部门要切实把好资质核实关). Every decision carries a reason; a refusal or a return lists what to fix.
 *
 * Which tenant's operator, and whether a given regulator belongs to this province, is the handler's
 * authorisation; this module decides which review *slots* a reviewer may fill.
 */

export const Fix = z
  .object({
    /** The field concerned, as in field problems, e.g. `qualifications.0.documentId`. */
    path: z.string().trim().max(200).optional(),
    description: z.string().trim().min(1).max(500),
  })
  .strict();
export type Fix = z.infer<typeof Fix>;

export const REVIEW_DECISIONS = ['approve', 'refuse', 'return'] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

/** Request body of `POST /v1/agencies/applications/{id}/review`. */
export const ReviewDecisionInput = z
  .object({
    decision: z.enum(REVIEW_DECISIONS),
    reason: z.string().trim().min(1).max(2000),
    fixes: z.array(Fix).max(100).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision !== 'approve' && (d.fixes?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['fixes'], message: 'A refusal or a return lists what to fix', params: { zh: '不予入驻或退回补正时须列明需要整改的事项' } });
    }
  });
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionInput>;

export type ReviewerRole = 'operator' | 'regulator';

export interface RequiredReviewer {
  /** `operator` or `regulator:<industry>`. */
  slot: string;
  role: ReviewerRole;
  industry?: string;
}

export const OPERATOR_SLOT = 'operator';
export const regulatorSlot = (industry: string): string => `regulator:${industry}`;

/** The caller, from the token: `sub`, `role`, and for a regulator the industries it regulates. */
export interface Reviewer {
  sub: string;
  role: string;
  industries?: readonly string[];
}

export interface RecordedDecision {
  /** The slots this decision fills: a regulator of two concerned industries fills both with one decision. */
  slots: string[];
  reviewer: { sub: string; role: string };
  decision: ReviewDecisionKind;
  reason: string;
  fixes: Fix[];
  at: string;
  /** Made by the system (申请即入), not by a person. */
  automatic?: boolean;
}

export interface ReviewRound {
  /** 1 for the first submission, +1 for each resubmission after 补正. */
  round: number;
  openedAt: string;
  due: Deadline;
  required: RequiredReviewer[];
  decisions: RecordedDecision[];
  verification?: VerificationRecord;
}

export type ReviewOutcome = 'pending' | 'admitted' | 'refused' | 'returned';

/** How the latest decision of each required slot becomes the application's outcome. Swap it to change the rule. */
export type OutcomeRule = (required: readonly RequiredReviewer[], latest: ReadonlyMap<string, RecordedDecision>) => ReviewOutcome;

/**
 * The default rule:
 *  - one refusal refuses at once. Each reviewer vouches for a different condition of admission (the operator for
 *    the application as a whole, each regulator for its industry), admission needs all of them, so a failed one
 *    settles the answer; waiting for the others would only keep the agency waiting for a known "no".
 *  - a return (补正) waits until every required reviewer has decided, so the agency gets every fix in one list
 *    (沅陵, seed 002: 一次性告知) instead of one round trip per reviewer;
 *  - admitted when every required reviewer approved.
 * A province that prefers partial admission (admit for the industries that approved) supplies another rule.
 */
export const anyRefusalRefuses: OutcomeRule = (required, latest) => {
  const decisions = [...latest.values()];
  if (decisions.some((d) => d.decision === 'refuse')) return 'refused';
  if (required.some((r) => !latest.has(r.slot))) return 'pending';
  if (decisions.some((d) => d.decision === 'return')) return 'returned';
  return 'admitted';
};

export const DEFAULT_OUTCOME_RULE: OutcomeRule = anyRefusalRefuses;

/** The operator, then one regulator per distinct industry of the offered items found in the catalogue, sorted. */
export function requiredReviewers(items: readonly ServiceItemRef[], catalogue: readonly CatalogItemLike[]): RequiredReviewer[] {
  const index = catalogueIndex(catalogue);
  const industries = new Set<string>();
  for (const ref of items) {
    const item = index.get(itemKey(ref));
    if (item) industries.add(item.industry);
  }
  return [
    { slot: OPERATOR_SLOT, role: 'operator' },
    ...[...industries].sort().map((industry): RequiredReviewer => ({ slot: regulatorSlot(industry), role: 'regulator', industry })),
  ];
}

/** 入驻审核 due within the policy's working days (DESIGN §10: 2), counted by the tenant's working-day calendar. */
export function reviewDue(submittedAt: InstantInput, calendar: Pick<WorkingDayCalendar, 'addWorkingDays'>, policy: Pick<TenantPolicy, 'admissionReviewWorkingDays'>): Deadline {
  return calendar.addWorkingDays(submittedAt, policy.admissionReviewWorkingDays);
}

export function openReviewRound(input: { previous?: ReviewRound; required: RequiredReviewer[]; at: InstantInput; due: Deadline }): ReviewRound {
  return { round: (input.previous?.round ?? 0) + 1, openedAt: shanghaiInstant(input.at), due: input.due, required: input.required, decisions: [] };
}

/** Submit (or resubmit) with a fresh review round: reviewers from the offered items, due date from the calendar. */
export function submitForReview(
  app: AgencyApplication,
  ctx: SubmissionContext & { calendar: Pick<WorkingDayCalendar, 'addWorkingDays'>; policy: Pick<TenantPolicy, 'socialSecurityMonths' | 'admissionReviewWorkingDays'> },
): AgencyApplication {
  const required = requiredReviewers(app.content.serviceItems, ctx.catalogue);
  const review = openReviewRound({ previous: app.review, required, at: ctx.at, due: reviewDue(ctx.at, ctx.calendar, ctx.policy) });
  return submitApplication(app, { ...ctx, review });
}

/** The slots this reviewer may fill in this round; 403 when none. */
export function slotsFor(reviewer: Reviewer, required: readonly RequiredReviewer[]): string[] {
  if (reviewer.role === 'operator') {
    return required.some((r) => r.slot === OPERATOR_SLOT) ? [OPERATOR_SLOT] : [];
  }
  if (reviewer.role === 'regulator') {
    const mine = new Set(reviewer.industries ?? []);
    const slots = required.filter((r) => r.role === 'regulator' && r.industry !== undefined && mine.has(r.industry)).map((r) => r.slot);
    if (slots.length === 0) {
      const concerned = required.filter((r) => r.role === 'regulator').map((r) => r.industry!);
      throw new DomainError(
        403,
        'review.not-your-industry',
        `本申请涉及的行业为 ${concerned.join('、') || '（无）'}，不属于您主管的行业，不能审查`,
        `This application concerns ${concerned.join(', ') || 'no'} industries, none of which you regulate`,
        undefined,
        { concerned },
      );
    }
    return slots;
  }
  throw new DomainError(403, 'review.not-a-reviewer', '只有超市管理部门和行业主管部门可以审查入驻申请', 'Only the operator and the industry regulators review applications');
}

/** The latest decision filling each slot (a reviewer may revise its own decision while the round is open). */
export function latestDecisions(round: ReviewRound): Map<string, RecordedDecision> {
  const latest = new Map<string, RecordedDecision>();
  for (const d of round.decisions) for (const slot of d.slots) latest.set(slot, d);
  return latest;
}

export function pendingReviewers(round: ReviewRound): RequiredReviewer[] {
  const latest = latestDecisions(round);
  return round.required.filter((r) => !latest.has(r.slot));
}

export interface DecisionInput {
  decision: ReviewDecisionKind;
  reason: string;
  fixes?: Fix[];
  at: InstantInput;
}

function assertWellFormed(input: DecisionInput): void {
  const found = [];
  if (input.reason.trim().length === 0) {
    found.push({ path: 'reason', code: 'review.reason-required', message: { zh: '每项审查决定都须说明理由', en: 'Every decision needs a reason' } });
  }
  if (input.decision !== 'approve' && (input.fixes?.length ?? 0) === 0) {
    found.push({ path: 'fixes', code: 'review.fixes-required', message: { zh: '不予入驻或退回补正时须列明需要整改的事项', en: 'A refusal or a return lists what to fix' } });
  }
  if (found.length > 0) throw problems.validation(found);
}

export interface RoundDecision {
  round: ReviewRound;
  outcome: ReviewOutcome;
  /** Fixes of the decisions that produced the outcome (refusals, or every return), in slot order. */
  fixes: Fix[];
  /** The reason of the outcome: the refusal's, the returns' joined, or the approvals' joined. */
  reason: string;
}

/** One reviewer's decision in a round, and what the round now amounts to. Pure; shared with change requests. */
export function decideInRound(round: ReviewRound, reviewer: Reviewer, input: DecisionInput, rule: OutcomeRule = DEFAULT_OUTCOME_RULE): RoundDecision {
  assertWellFormed(input);
  const slots = slotsFor(reviewer, round.required);
  const recorded: RecordedDecision = {
    slots,
    reviewer: { sub: reviewer.sub, role: reviewer.role },
    decision: input.decision,
    reason: input.reason.trim(),
    fixes: input.fixes ?? [],
    at: shanghaiInstant(input.at),
  };
  const next: ReviewRound = { ...round, decisions: [...round.decisions, recorded] };
  const latest = latestDecisions(next);
  const outcome = rule(next.required, latest);
  const ordered = next.required.map((r) => latest.get(r.slot)).filter((d): d is RecordedDecision => d !== undefined);
  const unique = [...new Set(ordered)];
  const deciding = outcome === 'refused' ? unique.filter((d) => d.decision === 'refuse') : outcome === 'returned' ? unique.filter((d) => d.decision === 'return') : unique;
  return {
    round: next,
    outcome,
    fixes: outcome === 'refused' || outcome === 'returned' ? deciding.flatMap((d) => d.fixes) : [],
    reason: deciding.map((d) => d.reason).join('；'),
  };
}

/**
 * Record a reviewer's decision on a submitted application; the application is admitted, refused or returned as
 * soon as the rule says so, otherwise it stays under review with the decision recorded. `version` +1 either way.
 */
export function recordDecision(app: AgencyApplication, reviewer: Reviewer, input: DecisionInput, rule: OutcomeRule = DEFAULT_OUTCOME_RULE): AgencyApplication {
  if (app.status !== 'submitted' || !app.review) {
    throw problems.conflict('review.not-under-review', '该申请不在审查中', 'The application is not under review', { status: app.status });
  }
  const result = decideInRound(app.review, reviewer, input, rule);
  const base: AgencyApplication = { ...app, review: result.round };
  const change = { at: input.at, by: reviewer.sub, reason: result.reason };
  switch (result.outcome) {
    case 'admitted':
      return admitApplication(base, change);
    case 'refused':
      return refuseApplication(base, { ...change, fixes: result.fixes });
    case 'returned':
      return returnApplication(base, { ...change, fixes: result.fixes });
    case 'pending': {
      const at = shanghaiInstant(input.at);
      return { ...base, version: app.version + 1, updatedAt: at, updatedBy: reviewer.sub };
    }
  }
}

/** Overdue: still under review at or after the deadline (the deadline is exclusive: due strictly before `at`). */
export function isOverdue(app: Pick<AgencyApplication, 'status' | 'review'>, now: InstantInput): boolean {
  return app.status === 'submitted' && app.review !== undefined && epochMs(now) >= epochMs(app.review.due.at);
}
