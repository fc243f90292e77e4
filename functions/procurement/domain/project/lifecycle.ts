import { problems } from '#shared/http/problems.ts';

/**
 * The project lifecycle of DESIGN §4 as one transition table. Every change of status goes through `transition`,
 * so an illegal step (closing a project that was never published, awarding a failed one) is a 409 with the
 * status it was in — never a silent overwrite — and every step leaves a `ProjectTransition` for the audit chain.
 *
 *   draft → submitted → published (operator approves) | returned (with reasons) → submitted again
 *   published (registration window 报名期) → closed → failed (流标) | selecting → awarded (中选公示)
 *   awarded → awarded (依次递补: objection upheld or winner abandons, next ranked) | failed | confirmed
 *   confirmed → awarded (winner abandons before contract) | failed | contracted → in-service → completed → evaluated
 */
export const PROJECT_STATUSES = [
  'draft', // 草稿
  'submitted', // 已提交，待审核
  'returned', // 已退回
  'published', // 已发布，报名中
  'closed', // 报名截止
  'failed', // 流标
  'selecting', // 选取中
  'awarded', // 中选公示
  'confirmed', // 已确认（中选确认书）
  'contracted', // 已签约
  'in-service', // 服务中
  'completed', // 服务完成
  'evaluated', // 已评价
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_ZH: Record<ProjectStatus, string> = {
  draft: '草稿', submitted: '待审核', returned: '已退回', published: '报名中', closed: '报名截止', failed: '流标',
  selecting: '选取中', awarded: '中选公示', confirmed: '已确认', contracted: '已签约', 'in-service': '服务中',
  completed: '服务完成', evaluated: '已评价',
};

export const PROJECT_EVENTS = [
  'submit', 'approve', 'return', 'close', 'fail', 'start-selection', 'award', 'substitute', 'confirm', 'contract',
  'start-service', 'complete', 'evaluate',
] as const;
export type ProjectEvent = (typeof PROJECT_EVENTS)[number];

/** For each event: the statuses it may leave and the one it enters. */
export const PROJECT_TRANSITIONS: Readonly<Record<ProjectEvent, { from: readonly ProjectStatus[]; to: ProjectStatus }>> = Object.freeze({
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'published' },
  return: { from: ['submitted'], to: 'returned' },
  close: { from: ['published'], to: 'closed' },
  // 流标: too few eligible at close; nobody rankable in selection; no substitute left after an objection or an abandonment.
  fail: { from: ['closed', 'selecting', 'awarded', 'confirmed'], to: 'failed' },
  'start-selection': { from: ['closed'], to: 'selecting' },
  award: { from: ['selecting'], to: 'awarded' },
  // 依次递补: the next ranked agency replaces an excluded or abandoning winner; the publicity window starts again.
  substitute: { from: ['awarded', 'confirmed'], to: 'awarded' },
  confirm: { from: ['awarded'], to: 'confirmed' },
  contract: { from: ['confirmed'], to: 'contracted' },
  'start-service': { from: ['contracted'], to: 'in-service' },
  complete: { from: ['in-service'], to: 'completed' },
  evaluate: { from: ['completed'], to: 'evaluated' },
});

/** Statuses nothing leaves: a failed project is republished as a new project (its history stays as it was). */
export const TERMINAL_STATUSES: readonly ProjectStatus[] = ['failed', 'evaluated'];

export interface ProjectTransition {
  event: ProjectEvent;
  from: ProjectStatus;
  to: ProjectStatus;
  at: string;
  by?: string;
  reasons?: { zh: string; en: string }[];
}

export function canTransition(status: ProjectStatus, event: ProjectEvent): boolean {
  return PROJECT_TRANSITIONS[event].from.includes(status);
}

export function nextStatus(status: ProjectStatus, event: ProjectEvent): ProjectStatus {
  const rule = PROJECT_TRANSITIONS[event];
  if (!rule.from.includes(status)) {
    throw problems.conflict(
      'project.illegal-transition',
      `项目处于「${PROJECT_STATUS_ZH[status]}」状态，不能执行 ${event}`,
      `A project in status ${status} cannot ${event}`,
      { status, event, allowedFrom: [...rule.from] },
    );
  }
  return rule.to;
}

/** Anything with a status and a history: the project, and the drafts of tests. */
export interface HasLifecycle {
  status: ProjectStatus;
  history: readonly ProjectTransition[];
}

/** A new value with the status moved and the step recorded; the input is not changed. 409 when the table forbids it. */
export function transition<T extends HasLifecycle>(subject: T, event: ProjectEvent, step: { at: string; by?: string; reasons?: { zh: string; en: string }[] }, changes: Partial<Omit<T, 'status' | 'history'>> = {}): T {
  const to = nextStatus(subject.status, event);
  const record: ProjectTransition = { event, from: subject.status, to, at: step.at, ...(step.by ? { by: step.by } : {}), ...(step.reasons ? { reasons: step.reasons } : {}) };
  return { ...subject, ...changes, status: to, history: [...subject.history, record] };
}
