import { problems } from '#shared/http/problems.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { Project } from '../project/project.ts';
import type { Registration } from '../registration/registration.ts';
import { assertAwardOpenForObjection } from './award.ts';

/**
 * 质疑: a registrant of the project objects to the award inside the publicity window (政府采购法 第五十二条: 供应商认为
 * 中标、成交结果使自己的权益受到损害的, 可以在知道或者应知其权益受到损害之日起七个工作日内以书面形式提出质疑).
 * The operator decides with a written reason, within the policy's working days (第五十三条: 七个工作日内作出答复);
 * left undecided, it is escalated to the regulator. Upheld → the winner is excluded and the next ranked substitutes.
 */
export interface Objection {
  id: string;
  projectId: string;
  /** The objecting registrant's code (the party's code in the pool). */
  by: string;
  /** The award round objected to, and its winner. */
  round: number;
  against: string;
  grounds: string;
  filedAt: string;
  status: 'open' | 'escalated' | 'upheld' | 'rejected';
  /** When the operator's decision was overdue and the objection went to the regulator. */
  escalatedAt?: string;
  decision?: { upheld: boolean; reason: string; by: string; role: string; at: string };
}

export function fileObjection(project: Project, registration: Registration | undefined, grounds: string, ctx: { now: InstantInput; id: string }): Objection {
  const nowMs = epochMsOf(ctx.now);
  const round = assertAwardOpenForObjection(project, nowMs);
  if (!registration || registration.status !== 'registered') {
    throw problems.forbidden({ zh: '只有本项目的报名机构可以提出质疑', en: 'only a registrant of this project may object' });
  }
  if (registration.code === round.code) throw problems.conflict('objection.against-self', '中选机构不能对自己的中选提出质疑', 'The winner cannot object to its own award');
  const text = grounds.trim();
  if (text.length < 10) {
    throw problems.validation([{ path: 'grounds', code: 'objection.grounds-required', message: { zh: '质疑须写明事实和理由（至少 10 个字）', en: 'An objection states its facts and grounds (10 characters at least)' } }]);
  }
  return { id: ctx.id, projectId: project.id, by: registration.code, round: round.round, against: round.code, grounds: text, filedAt: formatShanghaiInstant(nowMs), status: 'open' };
}

export function decideObjection(objection: Objection, decision: { upheld: boolean; reason: string; by: string; role: string }, ctx: { now: InstantInput }): Objection {
  if (objection.status === 'upheld' || objection.status === 'rejected') {
    throw problems.conflict('objection.decided', '该质疑已经作出决定', 'This objection has already been decided', { status: objection.status });
  }
  if (objection.status === 'escalated' && decision.role !== 'regulator') {
    throw problems.forbidden({ zh: '质疑已逾期移交监管部门，由监管部门决定', en: 'the objection was escalated to the regulator, who decides it now' });
  }
  const reason = decision.reason.trim();
  if (!reason) throw problems.validation([{ path: 'reason', code: 'objection.reason-required', message: { zh: '决定须写明理由', en: 'A decision states its reason' } }]);
  const at = formatShanghaiInstant(epochMsOf(ctx.now));
  return { ...objection, status: decision.upheld ? 'upheld' : 'rejected', decision: { ...decision, reason, at } };
}

/** Objections of the current round still waiting for a decision. */
export const pendingObjections = (objections: readonly Objection[], round: number): Objection[] =>
  objections.filter((o) => o.round === round && (o.status === 'open' || o.status === 'escalated'));
