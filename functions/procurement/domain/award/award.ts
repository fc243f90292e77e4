import { problems } from '#shared/http/problems.ts';
import type { WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import type { SelectionResult } from '../selection/ranking.ts';
import { transition } from '../project/lifecycle.ts';
import type { Project } from '../project/project.ts';
import { schedulePeriod, type ScheduledPeriod } from '../project/registration-schedule.ts';

/**
 * 中选公示 and what follows it, as pure steps over the project (DESIGN §4):
 *
 *   selecting → awarded: rank 1 of the full ranking is the winner; the publicity window (公示期, policy working days,
 *   accelerated on a sandbox tenant) starts now. Registrants may object (质疑) inside it.
 *   awarded|confirmed → awarded (依次递补): the winner is excluded (objection upheld, or it abandons) and the next
 *   ranked agency not excluded is awarded with a fresh publicity window — or, when none is left, the project fails.
 *   awarded → confirmed: the window ended with no objection pending and no abandonment; the contract is due.
 *
 * The ranking is frozen at selection: substitution never re-ranks, it walks down the published order.
 */
export type ExclusionWhy = 'objection-upheld' | 'abandoned' | 'contract-overdue';

export interface AwardCertificate {
  certificateNo: string;
  pdfSha256: string;
  issuedAt: string;
  voided?: { at: string; reason: string };
}

export interface AwardRound {
  round: number;
  code: string;
  awardedAt: string;
  publicity: ScheduledPeriod;
  /** Why this round ended, when it did. */
  ended?: { at: string; why: ExclusionWhy; reason: string };
  /** The certificate of a round that was confirmed and then ended: voided with the round (the register says so). */
  certificate?: AwardCertificate;
}

export interface Award {
  method: SelectionResult['method'];
  /** The full ranking, winner first, as published. */
  ranking: SelectionResult['ranking'];
  excludedFromSelection: SelectionResult['excluded'];
  rounds: AwardRound[];
  /** Codes excluded after the award (upheld objection, abandonment), in order. */
  excluded: { code: string; at: string; why: ExclusionWhy; reason: string }[];
  confirmedAt?: string;
  /** 中选确认书 of the current, confirmed round (the certificates context holds the signed record). */
  certificate?: AwardCertificate;
  contract?: { due: ScheduledPeriod; overdueRecordedAt?: string; signedAt?: string; documentId?: string; sha256?: string; amountFen?: number };
}

export interface TimeContext {
  now: InstantInput;
  calendar: WorkingDayCalendar;
  policy: TenantPolicy;
  tenant: { code: string; sandbox: boolean };
}

const at = (now: InstantInput) => formatShanghaiInstant(epochMsOf(now));

function period(ctx: TimeContext, workingDays: number): ScheduledPeriod {
  return schedulePeriod({ calendar: ctx.calendar, from: ctx.now, workingDays, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant });
}

/** The current (last) round; undefined before the award. */
export const currentRound = (project: Project): AwardRound | undefined => project.award?.rounds.at(-1);
export const winnerOf = (project: Project): string | undefined => {
  const round = currentRound(project);
  return round && !round.ended ? round.code : undefined;
};

/** selecting → awarded with rank 1; selecting → failed when nobody could be ranked. */
export function publishAward(project: Project, selection: SelectionResult, ctx: TimeContext): Project {
  const now = at(ctx.now);
  const first = selection.ranking[0];
  if (!first) {
    return transition(project, 'fail', { at: now, reasons: [{ zh: '没有可排序的候选机构（报价或评分均无效），流标', en: 'No candidate could be ranked (no valid quote or score): the procurement failed' }] });
  }
  const award: Award = {
    method: selection.method,
    ranking: selection.ranking,
    excludedFromSelection: selection.excluded,
    rounds: [{ round: 1, code: first.code, awardedAt: now, publicity: period(ctx, ctx.policy.publicityWorkingDays) }],
    excluded: [],
  };
  return transition(project, 'award', { at: now }, { award });
}

/**
 * 依次递补: the current winner is excluded for `why`; the next ranked code not yet excluded is awarded with a new
 * publicity window. No one left → failed (流标) with the reason. A confirmed winner's certificate goes with its
 * round, voided for the same reason (the caller voids it in the certificate register); the confirmation and the
 * contract period belonged to that round and end with it.
 */
export function substituteWinner(project: Project, why: ExclusionWhy, reason: string, ctx: TimeContext): Project {
  const award = project.award;
  const round = currentRound(project);
  if (!award || !round || round.ended) throw problems.conflict('award.none', '项目当前没有中选机构', 'The project has no current winner', { status: project.status });
  const now = at(ctx.now);
  const excluded = [...award.excluded, { code: round.code, at: now, why, reason }];
  const gone = new Set(excluded.map((e) => e.code));
  const { confirmedAt, contract, certificate, ...rest } = award;
  void confirmedAt; void contract;
  const voided = certificate && { ...certificate, voided: certificate.voided ?? { at: now, reason } };
  const rounds = [...award.rounds.slice(0, -1), { ...round, ended: { at: now, why, reason }, ...(voided ? { certificate: voided } : {}) }];
  const next = award.ranking.find((r) => !gone.has(r.code));
  if (!next) {
    const why_ = { zh: `中选机构 ${round.code} 被排除（${reason}），已无递补机构，流标`, en: `Winner ${round.code} was excluded (${reason}) and no one is left to substitute: the procurement failed` };
    return transition(project, 'fail', { at: now, reasons: [why_] }, { award: { ...rest, excluded, rounds } });
  }
  const newRound: AwardRound = { round: round.round + 1, code: next.code, awardedAt: now, publicity: period(ctx, ctx.policy.publicityWorkingDays) };
  return transition(project, 'substitute', { at: now, reasons: [{ zh: `${round.code} 被排除，依次递补 ${next.code}`, en: `${round.code} excluded; ${next.code} substitutes` }] }, { award: { ...rest, excluded, rounds: [...rounds, newRound] } });
}

/** awarded → confirmed, once the publicity window is over; the contract is due in the policy's working days. */
export function confirmAward(project: Project, ctx: TimeContext): Project {
  const round = currentRound(project);
  if (!project.award || !round || round.ended) throw problems.conflict('award.none', '项目当前没有中选机构', 'The project has no current winner', { status: project.status });
  if (epochMsOf(ctx.now) < epochMsOf(round.publicity.dueAt)) {
    throw problems.conflict('award.publicity-open', `公示期到 ${round.publicity.dueAt} 才结束`, `The publicity window is open until ${round.publicity.dueAt}`, { dueAt: round.publicity.dueAt });
  }
  const now = at(ctx.now);
  return transition(project, 'confirm', { at: now }, { award: { ...project.award, confirmedAt: now, contract: { due: period(ctx, ctx.policy.contractDueWorkingDays) } } });
}

/** 签订合同: the winner's contract, recorded by the owner while the project is confirmed. */
export function recordContract(project: Project, contract: { documentId: string; sha256: string; amountFen: number }, by: string, ctx: { now: InstantInput }): Project {
  const award = project.award;
  if (!award?.contract) throw problems.conflict('contract.not-due', '项目尚未确认中选，不能登记合同', 'The award is not confirmed: no contract can be recorded yet', { status: project.status });
  const now = at(ctx.now);
  const moved = transition(project, 'contract', { at: now, by });
  return transition(moved, 'start-service', { at: now, by }, {
    award: { ...award, contract: { ...award.contract, signedAt: now, documentId: contract.documentId, sha256: contract.sha256, amountFen: contract.amountFen } },
    service: { startedAt: now },
  });
}

/** 服务完成: reported by the owner (the agency delivered). */
export function recordCompletion(project: Project, by: string, ctx: TimeContext): Project {
  const now = at(ctx.now);
  return transition(project, 'complete', { at: now, by }, {
    service: { ...(project.service ?? { startedAt: now }), completedAt: now },
    evaluationDue: period(ctx, ctx.policy.evaluationDueWorkingDays),
  });
}

export interface Evaluation {
  /** 1–5 each: 服务质量, 服务态度, 收费合理性. */
  quality: number;
  attitude: number;
  feeReasonableness: number;
  comment?: string;
  by: string;
  at: string;
}

/** 服务评价 by the owner. */
export function recordEvaluation(project: Project, evaluation: Omit<Evaluation, 'at'>, ctx: { now: InstantInput }): Project {
  for (const k of ['quality', 'attitude', 'feeReasonableness'] as const) {
    const v = evaluation[k];
    if (!Number.isInteger(v) || v < 1 || v > 5) throw problems.validation([{ path: k, code: 'evaluation.score-range', message: { zh: '评分须为 1–5 的整数', en: 'Scores are integers from 1 to 5' } }]);
  }
  const now = at(ctx.now);
  return transition(project, 'evaluate', { at: now, by: evaluation.by }, { evaluation: { ...evaluation, at: now } });
}

/** Whether `code` took part in the project as a registrant (objections are theirs only). */
export function assertAwardOpenForObjection(project: Project, nowMs: number): AwardRound {
  const round = currentRound(project);
  if (project.status !== 'awarded' || !round || round.ended) {
    throw problems.conflict('objection.not-in-publicity', '项目不在中选公示期，不能提出质疑', 'The project is not in its publicity window: no objection can be filed', { status: project.status });
  }
  if (nowMs >= epochMsOf(round.publicity.dueAt)) {
    throw problems.conflict('objection.window-closed', `公示期已于 ${round.publicity.dueAt} 结束`, `The publicity window ended at ${round.publicity.dueAt}`, { dueAt: round.publicity.dueAt });
  }
  return round;
}

