/**
 * Where the timeline goes next, decided from the project as stored — never from what the execution remembers. Every
 * timeline step ends by asking this, so a step that runs twice (a retry, or the local cloud re-running an execution
 * after a restart) lands where the stored state says, and a human step whose wake-up was lost is continued by its
 * timeout the same way.
 *
 * `next` names a state of the machine (lib/constructs/timeline.ts routes on it); `waitUntil` feeds its Wait states,
 * `timeoutSeconds` its callback states.
 */
import { epochMsOf, formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { currentRound } from './domain/award/award.ts';
import { pendingObjections, type Objection } from './domain/award/objection.ts';
import type { Project } from './domain/project/project.ts';
import { schedulePeriod, type TenantKind } from './domain/project/registration-schedule.ts';
import type { WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';

export const TIMELINE_NEXT = [
  'close', 'reveal', 'scoring', 'choice', 'select', 'publicity', 'objections', 'confirm', 'contract', 'service', 'evaluation',
  'failed', 'evaluated', 'ended',
] as const;
export type TimelineNext = (typeof TIMELINE_NEXT)[number];

export interface TimelineRoute {
  next: TimelineNext;
  waitUntil?: string;
  timeoutSeconds?: number;
  /** For the execution history: why this route. */
  note?: string;
}

/**
 * Registrations accepted up to the deadline must all be in the pool. A registration is accepted only when its write
 * finished before `closesAt + CLOSE_GRACE_MS` (the handler checks after writing, and refuses otherwise), and close
 * reads at or after that instant with a consistent read: every accepted registration is seen.
 */
export const CLOSE_GRACE_MS = 1_000;

export const closeAtOf = (project: Project): string => formatShanghaiInstant(epochMsOf(project.registration!.closesAt) + CLOSE_GRACE_MS);

/** Seconds from now until `dueAt`, at least 1 (Step Functions wants a positive integer). */
export function secondsUntil(dueAt: string, now: Date): number {
  return Math.max(1, Math.ceil((epochMsOf(dueAt) - now.getTime()) / 1000));
}

export interface RouteContext {
  now: Date;
  calendar: WorkingDayCalendar;
  policy: TenantPolicy;
  tenant: TenantKind;
  objections: readonly Objection[];
  /** 择优选取: whether every drawn scorer has submitted. */
  scoringComplete: boolean;
}

/** The service is due after its time limit, and late (a credit incident) after the policy's extra working days. */
export function serviceDueAt(project: Project, ctx: RouteContext, extraWorkingDays: number): string {
  const from = project.service?.startedAt ?? formatShanghaiInstant(ctx.now.getTime());
  return schedulePeriod({ calendar: ctx.calendar, from, workingDays: project.serviceTimeLimitWorkingDays + extraWorkingDays, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant }).dueAt;
}

export function routeFrom(project: Project, ctx: RouteContext): TimelineRoute {
  const now = ctx.now;
  switch (project.status) {
    case 'draft':
    case 'submitted':
    case 'returned':
      // Not yet published: nothing to run. Reaching this is a bug of the caller; end without touching anything.
      return { next: 'ended', note: `project not published (${project.status})` };
    case 'published':
      return { next: 'close', waitUntil: closeAtOf(project) };
    case 'closed':
      // Close moves on to failed or selecting in the same write; a stored 'closed' is only transient.
      return { next: 'close', waitUntil: closeAtOf(project) };
    case 'failed':
      return { next: 'failed' };
    case 'selecting': {
      const revealBy = project.closing?.revealBy;
      if (project.sealedQuotes && revealBy && now.getTime() < epochMsOf(revealBy)) return { next: 'reveal', waitUntil: revealBy };
      // Past the scoring deadline the scores that came in decide (scoring.ts `scoresFor`): waiting again would loop.
      if (project.selectionMethod === 'best-value' && project.scoring && !ctx.scoringComplete && now.getTime() < epochMsOf(project.scoring.dueAt)) {
        return { next: 'scoring', timeoutSeconds: secondsUntil(project.scoring.dueAt, now) };
      }
      if (project.selectionMethod === 'direct' && !project.choice && project.tradingMode !== 'direct-purchase') {
        return { next: 'choice', timeoutSeconds: secondsUntil(choiceDueAt(project, ctx), now) };
      }
      return { next: 'select' };
    }
    case 'awarded': {
      const round = currentRound(project)!;
      if (now.getTime() < epochMsOf(round.publicity.dueAt)) return { next: 'publicity', waitUntil: round.publicity.dueAt };
      const pending = pendingObjections(ctx.objections, round.round);
      if (pending.length) return { next: 'objections', timeoutSeconds: secondsUntil(objectionDueAt(pending, ctx), now) };
      return { next: 'confirm' };
    }
    case 'confirmed': {
      const due = project.award?.contract?.due.dueAt;
      return { next: 'contract', timeoutSeconds: due ? secondsUntil(contractTimeoutAt(project, ctx), now) : 1 };
    }
    case 'contracted':
    case 'in-service': {
      const extra = project.service?.lateRecordedAt ? ctx.policy.lateServiceWorkingDaysBeforeCredit * 2 : ctx.policy.lateServiceWorkingDaysBeforeCredit;
      return { next: 'service', timeoutSeconds: secondsUntil(serviceDueAt(project, ctx, extra), now) };
    }
    case 'completed':
      return { next: 'evaluation', timeoutSeconds: secondsUntil(project.evaluationDue!.dueAt, now) };
    case 'evaluated':
      return { next: 'evaluated' };
  }
}

/** The owner chooses (直接选取) within the objection-decision period from close (no separate policy setting). */
export function choiceDueAt(project: Project, ctx: Pick<RouteContext, 'calendar' | 'policy' | 'tenant'>): string {
  const from = project.closing?.closedAt ?? project.publishedAt!;
  return schedulePeriod({ calendar: ctx.calendar, from, workingDays: ctx.policy.objectionDecisionWorkingDays, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant }).dueAt;
}

/**
 * The decision on the oldest pending objection is due `objectionDecisionWorkingDays` after it was filed (政府采购法
 * 第五十三条); once escalated to the regulator, the same period again from the escalation.
 */
export function objectionDueAt(pending: readonly Objection[], ctx: Pick<RouteContext, 'calendar' | 'policy' | 'tenant'>): string {
  const oldest = [...pending].sort((a, b) => a.filedAt.localeCompare(b.filedAt))[0];
  const from = oldest.status === 'escalated' && oldest.escalatedAt ? oldest.escalatedAt : oldest.filedAt;
  return schedulePeriod({ calendar: ctx.calendar, from, workingDays: ctx.policy.objectionDecisionWorkingDays, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant }).dueAt;
}

/** The contract's due instant; once overdue has been recorded, the same period again as the last grace. */
export function contractTimeoutAt(project: Project, ctx: Pick<RouteContext, 'calendar' | 'policy' | 'tenant'>): string {
  const contract = project.award!.contract!;
  if (!contract.overdueRecordedAt) return contract.due.dueAt;
  return schedulePeriod({ calendar: ctx.calendar, from: contract.overdueRecordedAt, workingDays: ctx.policy.contractDueWorkingDays, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant }).dueAt;
}
