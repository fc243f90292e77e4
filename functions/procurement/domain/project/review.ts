import { problems } from '#shared/http/problems.ts';
import type { WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { transition } from './lifecycle.ts';
import type { Project } from './project.ts';
import { submitPurchaseRequest, type SubmitContext } from './purchase-request.ts';
import { scheduleRegistration, type TenantKind } from './registration-schedule.ts';

/**
 * 审核: the operator approves a submitted request — it is published at once and its registration window is counted
 * from the publication instant (the indicative window of submission is replaced) — or returns it with reasons the
 * owner can act on. A return without a reason is refused: an owner must always know what to change.
 */
export interface ReviewContext {
  now: InstantInput;
  operator: { id: string };
}

export function approvePurchaseRequest(project: Project, ctx: ReviewContext & { policy: TenantPolicy; calendar: WorkingDayCalendar; tenant: TenantKind }): Project {
  const publishedAt = formatShanghaiInstant(epochMsOf(ctx.now));
  // Checked before counting the window, so an illegal approval is a 409 whatever the policy says.
  const step = { at: publishedAt, by: ctx.operator.id };
  const moved = transition(project, 'approve', step);
  const registration = project.registrationWindowWorkingDays === undefined
    ? undefined
    : scheduleRegistration({ calendar: ctx.calendar, opensAt: publishedAt, workingDays: project.registrationWindowWorkingDays, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant });
  const { registration: indicative, ...rest } = moved;
  void indicative;
  return { ...rest, publishedAt, ...(registration ? { registration } : {}) };
}

export interface ReturnReason {
  zh: string;
  en: string;
}

export function returnPurchaseRequest(project: Project, reasons: readonly ReturnReason[], ctx: ReviewContext): Project {
  const cleaned = reasons.map((r) => ({ zh: r.zh.trim(), en: r.en.trim() })).filter((r) => r.zh || r.en);
  if (cleaned.length === 0) {
    throw problems.validation([{ path: 'reasons', code: 'return.reason-required', message: { zh: '退回须写明理由', en: 'A return needs at least one reason' } }]);
  }
  const at = formatShanghaiInstant(epochMsOf(ctx.now));
  const moved = transition(project, 'return', { at, by: ctx.operator.id, reasons: cleaned });
  return { ...moved, returns: [...project.returns, { at, by: ctx.operator.id, reasons: cleaned }] };
}

/** 重新提交: a returned project, corrected, goes through every submission check again and keeps its history. */
export function resubmitPurchaseRequest(project: Project, input: unknown, ctx: Omit<SubmitContext, 'projectId'>): Project {
  const at = formatShanghaiInstant(epochMsOf(ctx.now));
  const moved = transition(project, 'submit', { at, by: ctx.owner.id });
  const fresh = submitPurchaseRequest(input, { ...ctx, projectId: project.id });
  return { ...fresh, returns: project.returns, history: moved.history };
}
