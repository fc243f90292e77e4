/**
 * The timeline worker: every Task of the timeline state machine (lib/constructs/timeline.ts) invokes it with
 * `{ step, tenant, projectId, taskToken? }`. Each step reads the project as stored, does its part (close, select,
 * confirm, record an overdue …) as one transaction with its audit entry and events, and answers with the route the
 * machine takes next (timeline-route.ts). Steps are idempotent: run twice, the second finds the work done and answers
 * the same route.
 */
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from '#shared/aws-clients.ts';
import { DetailType } from '#shared/events/detail-types.ts';
import { logger } from '#shared/observability.ts';
import { withConflictRetry, WriteConflict } from '#shared/store/unit-of-work.ts';
import { epochMsOf, formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { confirmAward, currentRound, publishAward, substituteWinner } from './domain/award/award.ts';
import { pendingObjections } from './domain/award/objection.ts';
import type { Project } from './domain/project/project.ts';
import { transition } from './domain/project/lifecycle.ts';
import { schedulePeriod } from './domain/project/registration-schedule.ts';
import { closeRegistration } from './domain/registration/close.ts';
import type { Registration } from './domain/registration/registration.ts';
import { projectStore } from './adapters/project-store.ts';
import { announceToQualifiedAgencies, notifyRegistrants } from './announcements.ts';
import { commitProject, eligibilityOf, loadProject, SYSTEM_ACTOR, timeContext, withdrawStoredAfterClose } from './project-service.ts';
import { certificateForAward } from './certificate-step.ts';
import { voidAwardCertificate } from './certificate-void.ts';
import { drawScorersAtClose, scoringComplete } from './scoring.ts';
import { selectionFor } from './selection-step.ts';
import { routeFrom, type RouteContext, type TimelineRoute } from './timeline-route.ts';

export interface TimelineTaskInput {
  step: string;
  tenant: string;
  projectId: string;
  taskToken?: string;
}

async function routeContext(project: Project, now = new Date()): Promise<RouteContext> {
  const t = await timeContext(project.tenant, now);
  return {
    now, calendar: t.calendar, policy: t.policy, tenant: t.tenant,
    objections: await projectStore.objections(project.tenant, project.id),
    scoringComplete: project.selectionMethod === 'best-value' ? await scoringComplete(project) : true,
  };
}

async function route(project: Project): Promise<TimelineRoute> {
  return routeFrom(project, await routeContext(project));
}

/** Reads, changes (when `change` returns a new project) and routes, re-reading when another writer won. */
async function step(tenant: string, id: string, change: (p: Project, now: Date) => Promise<{ next: Project; action: string; data?: unknown; events?: { type: DetailType; data: unknown }[] } | undefined>): Promise<TimelineRoute> {
  return withConflictRetry(async () => {
    const project = await loadProject(tenant, id);
    const done = await change(project, new Date());
    if (!done) return route(project);
    const stored = await commitProject(SYSTEM_ACTOR, project, done.next, { action: done.action, data: done.data, events: done.events });
    return route(stored);
  });
}

const incident = (project: Project, kind: string, agency: string, zh: string, en: string, at: string) => ({
  type: DetailType.ProcurementIncident,
  data: { kind, agency, projectId: project.id, tenant: project.tenant, at, zh, en },
});
const flag = (project: Project, code: string, zh: string, en: string, at: string) => [...(project.flags ?? []), { code, at, zh, en }];

/**
 * 报名截止: the frozen pool, or 流标. For sealed quotes, the reveal period (开启报价, one working day) starts.
 *
 * First the fence: the project records that the close is reading. A registration handler that finds no fence after
 * its write knows the close will read its row; one that finds the fence waits for the close and answers by whether
 * the close saw its row. So a registration answered 201 is always in the close, and one the close missed is refused
 * and withdrawn — never drawn after being refused, never left registered outside the pool.
 */
async function close(tenant: string, id: string): Promise<TimelineRoute> {
  await registrationsSettled(tenant, id);
  await withConflictRetry(async () => {
    const project = await loadProject(tenant, id);
    if (project.status !== 'published' || project.registrationFence || Date.now() < epochMsOf(project.registration!.closesAt)) return;
    await commitProject(SYSTEM_ACTOR, project, { ...project, registrationFence: new Date().toISOString() }, { action: 'project.closing' });
  });
  const route_ = await step(tenant, id, async (project, now) => {
    if (project.status !== 'published') return undefined;
    if (now.getTime() < epochMsOf(project.registration!.closesAt)) return undefined; // woken early: route waits again
    const ctx = await timeContext(tenant, now);
    const registrations = await projectStore.registrations(tenant, id);
    const active = registrations.filter((r) => r.status === 'registered');
    const matches = new Map(await Promise.all(active.map(async (r) => [r.code, await eligibilityOf(project, r.party, now)] as const)));
    const result = closeRegistration(project, registrations, { now, policy: ctx.policy, eligibilityOf: (r: Registration) => matches.get(r.code)! });
    const revealBy = project.sealedQuotes && result.outcome === 'selecting'
      ? schedulePeriod({ calendar: ctx.calendar, from: now, workingDays: 1, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant }).dueAt
      : undefined;
    const closing = { closedAt: result.closedAt, pool: result.pool, poolHash: result.poolHash, excluded: result.excluded, minEligible: result.minEligible, ...(revealBy ? { revealBy } : {}) };
    let next: Project = { ...result.project, closing };
    if (result.outcome === 'selecting' && project.selectionMethod === 'best-value') next = await drawScorersAtClose(next, ctx);
    const closed = { projectId: id, closedAt: result.closedAt, pool: result.pool, poolHash: result.poolHash, excluded: result.excluded, registrants: active.length };
    const events: { type: DetailType; data: unknown }[] = [{ type: DetailType.RegistrationClosed, data: closed }];
    if (result.outcome === 'failed') events.push({ type: DetailType.ProcurementFailed, data: { ...closed, reason: result.failure } });
    return { next, action: result.outcome === 'failed' ? 'project.failed-at-close' : 'project.closed', data: closing, events };
  });
  await withdrawUnseen(tenant, id);
  return route_;
}

/** A registration write this recent means more may be in flight. */
export const CLOSE_QUIET_MS = 500;
/** The longest the close waits after the deadline for writes in flight; later ones meet the fence. */
export const CLOSE_MAX_WAIT_MS = 20_000;

/**
 * Requests that arrived before the deadline may still be being stored (a burst in the last second queues behind the
 * capacity of the moment). The close waits until no registration request is being handled (the in-flight count each
 * handler raises first and lowers last) and nothing has been stored or counted for CLOSE_QUIET_MS — at most
 * CLOSE_MAX_WAIT_MS after the deadline. On a quiet project that is no wait at all.
 */
async function registrationsSettled(tenant: string, id: string): Promise<void> {
  const project = await loadProject(tenant, id);
  if (project.status !== 'published' || project.registrationFence || !project.registration) return;
  const limit = epochMsOf(project.registration.closesAt) + CLOSE_MAX_WAIT_MS;
  for (;;) {
    const [rows, inFlight] = await Promise.all([projectStore.registrations(tenant, id), projectStore.registrationsInFlight(tenant, id)]);
    const last = Math.max(inFlight.touchedAt, ...rows.map((r) => epochMsOf(r.storedAt ?? r.registeredAt)));
    const now = Date.now();
    if ((inFlight.n <= 0 && now - last >= CLOSE_QUIET_MS) || now >= limit) return;
    await new Promise((r) => setTimeout(r, Math.min(CLOSE_QUIET_MS, limit - now)));
  }
}

/**
 * Rows still 'registered' that the close did not see (stored after its read, their handler gone before it could
 * withdraw them): withdrawn here, so nobody is left believing it takes part. The handler does the same; whoever is
 * second finds the row withdrawn already.
 */
async function withdrawUnseen(tenant: string, id: string): Promise<void> {
  const project = await loadProject(tenant, id);
  if (!project.closing) return;
  const seen = new Set([...project.closing.pool, ...project.closing.excluded.map((e) => e.code)]);
  for (const row of await projectStore.registrations(tenant, id)) {
    if (row.status !== 'registered' || seen.has(row.code)) continue;
    await withdrawStoredAfterClose(tenant, row as Registration & { revision: number }, 'system:timeline').catch((error: unknown) => {
      if (!(error instanceof WriteConflict)) throw error; // the handler withdrew it first
    });
  }
}

/** 选取: the method's full ranking; rank 1 is awarded and the publicity window starts. The seed is revealed now. */
async function select(tenant: string, id: string): Promise<TimelineRoute> {
  return step(tenant, id, async (project, now) => {
    if (project.status !== 'selecting') return undefined;
    const ctx = await timeContext(tenant, now);
    const selection = await selectionFor(project);
    const next = publishAward(project, selection, ctx);
    if (next.status === 'failed') {
      return { next, action: 'project.failed-at-selection', data: selection, events: [{ type: DetailType.ProcurementFailed, data: { projectId: id, reason: next.history.at(-1)?.reasons?.[0], excluded: selection.excluded } }] };
    }
    const round = currentRound(next)!;
    await notifyRegistrants(next, 'AwardNotice');
    return {
      next, action: 'project.awarded', data: { method: selection.method, ranking: selection.ranking, excluded: selection.excluded, draws: selection.draws },
      events: [
        { type: DetailType.SelectionMade, data: { projectId: id, method: selection.method, ranking: selection.ranking.map((r) => r.code), draws: selection.draws.length } },
        { type: DetailType.AwardPublished, data: { projectId: id, round: round.round, agency: round.code, publicityEndsAt: round.publicity.dueAt, method: selection.method, serviceItem: project.serviceItem, budgetFen: project.budgetFen, priceFen: selection.ranking[0]?.quoteFen } },
      ],
    };
  });
}

/** 公示期满: confirm when nothing is pending (the route decides); the certificate is issued with the confirmation. */
async function confirm(tenant: string, id: string): Promise<TimelineRoute> {
  return step(tenant, id, async (project, now) => {
    if (project.status !== 'awarded') return undefined;
    const ctx = await routeContext(project, now);
    if (routeFrom(project, ctx).next !== 'confirm') return undefined;
    const confirmed = confirmAward(project, { now, calendar: ctx.calendar, policy: ctx.policy, tenant: ctx.tenant });
    const certificate = await certificateForAward(confirmed);
    const round = currentRound(confirmed)!;
    return {
      next: { ...confirmed, award: { ...confirmed.award!, certificate } }, action: 'project.confirmed', data: { agency: round.code, certificate },
      events: [{ type: DetailType.AwardConfirmed, data: { projectId: id, agency: round.code, confirmedAt: confirmed.award!.confirmedAt, certificateNo: certificate?.certificateNo, contractDueAt: confirmed.award!.contract!.due.dueAt } }],
    };
  });
}

/** The operator's decision on an objection is overdue: escalate to the regulator; overdue again → the dispute fails the project. */
async function objectionOverdue(tenant: string, id: string): Promise<TimelineRoute> {
  return withConflictRetry(async () => {
    const project = await loadProject(tenant, id);
    const ctx = await routeContext(project);
    const round = currentRound(project);
    const pending = round ? pendingObjections(ctx.objections, round.round) : [];
    const at = formatShanghaiInstant(ctx.now.getTime());
    if (!pending.length || routeFrom(project, ctx).next !== 'objections' || routeFrom(project, ctx).timeoutSeconds! > 1) return routeFrom(project, ctx);
    const open = pending.filter((o) => o.status === 'open');
    if (open.length) {
      const stored = await commitProject(SYSTEM_ACTOR, project, { ...project, flags: flag(project, 'objection.decision-overdue', '质疑答复逾期，已移交监管部门', 'Objection decision overdue: escalated to the regulator', at) },
        { action: 'project.objection-escalated', data: { objections: open.map((o) => o.id) } },
        (uow) => { for (const o of open) projectStore.stageObjection(uow, tenant, { ...o, status: 'escalated', escalatedAt: at }, false); });
      return route(stored);
    }
    const reason = { zh: '质疑逾期未决（监管部门亦未在期限内决定），项目流标，业主可重新发布', en: 'The objection stayed undecided past both deadlines: the procurement failed; the owner may republish' };
    const failed = transition(project, 'fail', { at, reasons: [reason] });
    const stored = await commitProject(SYSTEM_ACTOR, project, failed, { action: 'project.failed-objection-undecided', events: [{ type: DetailType.ProcurementFailed, data: { projectId: id, reason } }] });
    return route(stored);
  });
}

/** 合同逾期: a credit incident the first time, with one more period of grace; then the winner counts as abandoning. */
async function contractOverdue(tenant: string, id: string): Promise<TimelineRoute> {
  return step(tenant, id, async (project, now) => {
    if (project.status !== 'confirmed') return undefined;
    const ctx = await routeContext(project, now);
    if (routeFrom(project, ctx).timeoutSeconds! > 1) return undefined;
    const at = formatShanghaiInstant(now.getTime());
    const winner = currentRound(project)!.code;
    const contract = project.award!.contract!;
    if (!contract.overdueRecordedAt) {
      return {
        next: { ...project, award: { ...project.award!, contract: { ...contract, overdueRecordedAt: at } }, flags: flag(project, 'contract.overdue', '合同未按期签订', 'Contract not signed in time', at) },
        action: 'project.contract-overdue', data: { agency: winner },
        events: [incident(project, 'contract-overdue', winner, '中选后未按期签订合同', 'Contract not signed within the due time after confirmation', at)],
      };
    }
    const next = substituteWinner(project, 'contract-overdue', '逾期仍未签订合同，视为放弃中选', { now, calendar: ctx.calendar, policy: ctx.policy, tenant: ctx.tenant });
    await voidAwardCertificate(project, '中选机构逾期未签订合同，视为放弃中选');
    return {
      next, action: 'project.winner-replaced', data: { excluded: winner, why: 'contract-overdue' },
      events: [
        incident(project, 'award-abandoned', winner, '逾期未签订合同，视为放弃中选', 'Contract still unsigned after the grace period: counted as abandoning the award', at),
        ...(next.status === 'failed' ? [{ type: DetailType.ProcurementFailed, data: { projectId: id, reason: next.history.at(-1)?.reasons?.[0] } }] : [
          { type: DetailType.AwardPublished, data: { projectId: id, round: currentRound(next)!.round, agency: currentRound(next)!.code, publicityEndsAt: currentRound(next)!.publicity.dueAt, substituted: winner } },
        ]),
      ],
    };
  });
}

/** 服务超期: late beyond the policy's working days → a credit incident; late twice as long → the timeline ends, flagged. */
async function serviceLate(tenant: string, id: string): Promise<TimelineRoute> {
  return withConflictRetry(async () => {
    const project = await loadProject(tenant, id);
    const ctx = await routeContext(project);
    const r = routeFrom(project, ctx);
    if (r.next !== 'service' || r.timeoutSeconds! > 1) return r;
    const at = formatShanghaiInstant(ctx.now.getTime());
    const winner = currentRound(project)!.code;
    if (!project.service?.lateRecordedAt) {
      const stored = await commitProject(SYSTEM_ACTOR, project, { ...project, service: { ...project.service!, lateRecordedAt: at }, flags: flag(project, 'service.late', '服务超期', 'Service late', at) },
        { action: 'project.service-late', events: [incident(project, 'service-late', winner, `服务超出时限 ${ctx.policy.lateServiceWorkingDaysBeforeCredit} 个工作日以上`, `Service late by more than ${ctx.policy.lateServiceWorkingDaysBeforeCredit} working days`, at)] });
      return route(stored);
    }
    await commitProject(SYSTEM_ACTOR, project, { ...project, flags: flag(project, 'service.unfinished', '服务长期未完成，时间线结束，请监管部门跟进', 'Service still unfinished: the timeline ends; for the regulator to follow up', at) }, { action: 'project.timeline-ended-service-unfinished' });
    return { next: 'ended', note: 'service unfinished' };
  });
}

async function evaluationOverdue(tenant: string, id: string): Promise<TimelineRoute> {
  return withConflictRetry(async () => {
    const project = await loadProject(tenant, id);
    if (project.status !== 'completed') return route(project);
    const at = formatShanghaiInstant(Date.now());
    await commitProject(SYSTEM_ACTOR, project, { ...project, flags: flag(project, 'evaluation.overdue', '业主未按期评价', 'The owner did not evaluate in time', at) }, { action: 'project.evaluation-overdue' });
    return { next: 'ended', note: 'evaluation overdue' };
  });
}

/** Is the thing a human step waits for already done? Then the step wakes itself at once. */
function alreadyDone(step: string, project: Project, ctx: RouteContext): boolean {
  const r = routeFrom(project, ctx);
  const waitingFor: Record<string, string> = {
    'await-scores': 'scoring', 'await-choice': 'choice', 'await-objection-decision': 'objections',
    'await-contract': 'contract', 'await-completion': 'service', 'await-evaluation': 'evaluation',
  };
  return r.next !== waitingFor[step];
}

/** A human step begins: its task token is stored with the project for the API that completes the step. */
async function awaitHuman(input: TimelineTaskInput): Promise<{ waiting: string }> {
  const { tenant, projectId, step: name, taskToken } = input;
  if (!taskToken) throw new Error(`step ${name} needs a task token`);
  const project = await withConflictRetry(async () => {
    const current = await loadProject(tenant, projectId);
    return commitProject(SYSTEM_ACTOR, current, { ...current, pendingTask: { step: name, token: taskToken, since: new Date().toISOString() } }, { action: 'project.waiting', data: { step: name } });
  });
  if (alreadyDone(name, project, await routeContext(project))) {
    await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ woken: name, by: 'already-done' }) }));
  }
  return { waiting: name };
}

const routeOnly = async (tenant: string, id: string) => route(await loadProject(tenant, id));

const STEPS: Record<string, (tenant: string, id: string) => Promise<TimelineRoute>> = {
  published: async (tenant, id) => {
    const project = await loadProject(tenant, id);
    if (project.status === 'published') await announceToQualifiedAgencies(project);
    return route(project);
  },
  close,
  'reveal-ended': routeOnly,
  'scores-timed-out': routeOnly,
  select,
  'publicity-ended': routeOnly,
  'objection-decided': routeOnly,
  'objection-overdue': objectionOverdue,
  'choice-timed-out': async (tenant, id) => step(tenant, id, async (project, now) => {
    if (project.status !== 'selecting' || project.choice) return undefined;
    const reason = { zh: '业主未在期限内直接选取，流标', en: 'The owner made no direct choice in time: the procurement failed' };
    return { next: transition(project, 'fail', { at: formatShanghaiInstant(now.getTime()), reasons: [reason] }), action: 'project.failed-no-choice', events: [{ type: DetailType.ProcurementFailed, data: { projectId: id, reason } }] };
  }),
  confirm,
  'contract-outcome': routeOnly,
  'contract-overdue': contractOverdue,
  'service-outcome': routeOnly,
  'service-late': serviceLate,
  'evaluation-outcome': routeOnly,
  'evaluation-overdue': evaluationOverdue,
};

export async function handler(input: TimelineTaskInput): Promise<TimelineRoute | { waiting: string }> {
  logger.appendKeys({ tenant: input.tenant, projectId: input.projectId, step: input.step });
  if (input.step.startsWith('await-')) return awaitHuman(input);
  const run = STEPS[input.step];
  if (!run) throw new Error(`unknown timeline step ${input.step}`);
  const result = await run(input.tenant, input.projectId);
  logger.info('timeline step', { result });
  return result;
}
