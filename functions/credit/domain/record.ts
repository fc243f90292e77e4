/**
 * 信用记录: one fact about an agency's credit, with its legal basis, points, level, period and state, and every
 * decision taken on it (异议, 信用修复). Plain data and pure transitions: the handlers load, call, and store the
 * result with its audit entry and its event. Every change bumps `version`, which orders the replicas
 * (a city never lets an older version overwrite a newer one).
 *
 * States: active → under-objection → upheld (the record stands) | withdrawn (the objection succeeded);
 * active | upheld → repair-requested → repaired | (refused: back to where it was). `expired` is never stored:
 * it is read from the expiry date (effectiveState), so nothing depends on a job or a TTL having run.
 */
import { type CreditKind, type CreditLevel, type CreditPolicy } from '#functions/tenancy/domain/policy/credit-policy.ts';
import { DomainError } from '#shared/http/problems.ts';

/** `social`: an owner's evaluation (服务评价), which counts through the social component only. */
export const CREDIT_SOURCES = ['system', 'regulator', 'feed', 'social'] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];

export const STORED_STATES = ['active', 'under-objection', 'upheld', 'withdrawn', 'repair-requested', 'repaired'] as const;
export type StoredState = (typeof STORED_STATES)[number];
export type CreditState = StoredState | 'expired';
export const CREDIT_STATES = [...STORED_STATES, 'expired'] as const;

export const STATE_ZH: Record<CreditState, string> = {
  active: '有效', 'under-objection': '异议处理中', upheld: '异议不成立（维持）', withdrawn: '已撤销', 'repair-requested': '修复申请中', repaired: '已修复', expired: '已到期',
};
export const LEVEL_ZH: Record<CreditLevel, string> = { good: '良好', general: '一般失信', serious: '严重失信' };

export interface Evidence {
  documentId: string;
  key: string;
  sha256: string;
  contentType: string;
  size: number;
  filename?: string;
  /** Who supplied it: the issuing body, or the agency (objection, repair). */
  by: 'issuer' | 'agency';
  at: string;
}

export interface Decision {
  at: string;
  by: string;
  role: string;
  action: string;
  from: CreditState;
  to: CreditState;
  reason: string;
}

export interface Objection {
  at: string;
  by: string;
  reason: string;
  evidence: string[];
  /** The issuing body decides by then (exclusive instant). */
  dueAt: string;
  decision?: { at: string; by: string; upheld: boolean; reason: string };
}

export interface Repair {
  at: string;
  by: string;
  /** 信用承诺书: the agency's written commitment. */
  commitment: string;
  evidence: string[];
  dueAt: string;
  decision?: { at: string; by: string; approved: boolean; reason: string };
}

export interface CreditRecord {
  id: string;
  province: string;
  uscc: string;
  agencyName: string;
  source: CreditSource;
  kind: CreditKind;
  /** 依据 (zh), from the policy at the time of issue. */
  basis: string;
  /** What happened (zh), and where. */
  facts: string;
  points: number;
  level: CreditLevel;
  effectiveAt: string;
  validUntil: string;
  state: StoredState;
  /** The tenant and city that issued it (the only city where it changes). */
  issuedBy: { tenant: string; city: string; sub: string; role: string };
  /** An evaluation's scores (source `social`, kind `service-evaluation`). */
  evaluation?: { projectId: string; quality: number; attitude: number; feeReasonableness: number };
  /** The project, event or feed entry it came from (idempotency of system and feed records). */
  origin?: { projectId?: string; eventId?: string; feedEntryId?: string; regulator?: string };
  evidence: Evidence[];
  objection?: Objection;
  repair?: Repair;
  history: Decision[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

const DAY_MS = 86_400_000;

export function effectiveState(record: Pick<CreditRecord, 'state' | 'validUntil'>, now: Date): CreditState {
  if ((record.state === 'active' || record.state === 'upheld') && Date.parse(record.validUntil) <= now.getTime()) return 'expired';
  return record.state;
}

/** Whether the record counts towards score, level and restrictions now. Under objection it still counts until decided. */
export function counts(record: CreditRecord, now: Date): boolean {
  const state = effectiveState(record, now);
  return state === 'active' || state === 'under-objection' || state === 'upheld' || state === 'repair-requested';
}

export class CreditRuleError extends DomainError {}
const refuse = (code: string, zh: string, en: string, extra?: Record<string, unknown>) => new CreditRuleError(409, code, zh, en, undefined, extra);

/** What an issuer states; the rest of a record (points, level, period, state, version …) the policy and newRecord decide. */
export interface NewRecordInput extends Pick<CreditRecord, 'id' | 'province' | 'uscc' | 'agencyName' | 'source' | 'kind' | 'facts' | 'issuedBy' | 'origin' | 'evaluation'> {
  /** Default: now. */
  effectiveAt?: string;
  /** A regulator may state its own basis (e.g. the penalty decision's number); the policy's basis otherwise. */
  basis?: string;
}

export function newRecord(input: NewRecordInput, policy: CreditPolicy, now: Date): CreditRecord {
  const rule = policy.kinds[input.kind];
  if (input.source === 'system' && !SYSTEM_KINDS.includes(input.kind)) throw new RangeError(`not a system kind: ${input.kind}`);
  if ((input.source === 'social') !== (input.kind === 'service-evaluation') || (input.source === 'social' && !input.evaluation)) throw new RangeError('an evaluation is a social record with its scores');
  const effectiveAt = input.effectiveAt ?? now.toISOString();
  const at = now.toISOString();
  return {
    id: input.id, province: input.province, uscc: input.uscc, agencyName: input.agencyName, source: input.source, kind: input.kind,
    basis: input.basis ? `${input.basis}；${rule.basis}` : rule.basis, facts: input.facts, points: rule.points, level: rule.level,
    effectiveAt, validUntil: new Date(Date.parse(effectiveAt) + rule.expiryDays * DAY_MS).toISOString(), state: 'active',
    issuedBy: input.issuedBy, ...(input.origin ? { origin: input.origin } : {}), ...(input.evaluation ? { evaluation: input.evaluation } : {}), evidence: [],
    history: [{ at, by: input.issuedBy.sub, role: input.issuedBy.role, action: 'recorded', from: 'active', to: 'active', reason: input.facts }],
    version: 1, createdAt: at, updatedAt: at,
  };
}

export const SYSTEM_KINDS: readonly CreditKind[] = ['abandoned-award', 'contract-overdue', 'service-late', 'objection-upheld', 'poor-evaluation', 'repeated-abandonment'];
export const REGULATOR_KINDS: readonly CreditKind[] = ['fake-documents', 'administrative-penalty', 'court-enforcement', 'commendation'];

function requireReason(reason: string): string {
  const r = reason.trim();
  if (r.length < 2) throw new CreditRuleError(400, 'credit.reason-required', '决定须说明理由', 'A decision needs a reason');
  return r;
}

function change(record: CreditRecord, to: StoredState, d: { at: Date; by: string; role: string; action: string; reason: string }, patch: Partial<CreditRecord>): CreditRecord {
  const at = d.at.toISOString();
  return {
    ...record, ...patch, state: to, version: record.version + 1, updatedAt: at,
    history: [...record.history, { at, by: d.by, role: d.role, action: d.action, from: effectiveState(record, d.at), to, reason: d.reason }],
  };
}

export interface Actor { by: string; role: string; at: Date }

/** 异议: the agency, within the window (its end computed by the caller on the working-day calendar). */
export function object(record: CreditRecord, input: { reason: string; evidence: string[]; windowEndsAt: string; decisionDueAt: string }, actor: Actor): CreditRecord {
  const state = effectiveState(record, actor.at);
  if (state !== 'active') throw refuse('credit.objection-not-open', `记录状态为「${STATE_ZH[state]}」，不能提出异议`, `The record is ${state}: no objection can be made`, { state });
  if (record.objection) throw refuse('credit.objection-already-made', '该记录已提出过异议', 'An objection was already made against this record');
  if (actor.at.getTime() >= Date.parse(input.windowEndsAt)) {
    throw refuse('credit.objection-window-closed', `异议期已于 ${input.windowEndsAt} 届满`, `The objection window ended at ${input.windowEndsAt}`, { windowEndsAt: input.windowEndsAt });
  }
  const reason = requireReason(input.reason);
  return change(record, 'under-objection', { ...actor, action: 'objected', reason }, {
    objection: { at: actor.at.toISOString(), by: actor.by, reason, evidence: input.evidence, dueAt: input.decisionDueAt },
  });
}

/** The issuing body's decision: `upheld` = the objection succeeds and the record is withdrawn. */
export function decideObjection(record: CreditRecord, input: { upheld: boolean; reason: string }, actor: Actor): CreditRecord {
  if (record.state !== 'under-objection' || !record.objection) throw refuse('credit.no-open-objection', '该记录没有待处理的异议', 'The record has no objection to decide', { state: record.state });
  const reason = requireReason(input.reason);
  const to: StoredState = input.upheld ? 'withdrawn' : 'upheld';
  return change(record, to, { ...actor, action: input.upheld ? 'objection-upheld' : 'objection-rejected', reason }, {
    objection: { ...record.objection, decision: { at: actor.at.toISOString(), by: actor.by, upheld: input.upheld, reason } },
  });
}

/** The earliest instant a repair may be applied for. */
export function repairOpensAt(record: CreditRecord, policy: CreditPolicy): string {
  return new Date(Date.parse(record.effectiveAt) + policy.repairMinimumDays[record.level] * DAY_MS).toISOString();
}

/** 信用修复: after the minimum period, with a written commitment (信用承诺). */
export function requestRepair(record: CreditRecord, input: { commitment: string; evidence: string[]; opensAt: string; decisionDueAt: string }, actor: Actor): CreditRecord {
  const state = effectiveState(record, actor.at);
  if (state !== 'active' && state !== 'upheld') throw refuse('credit.repair-not-open', `记录状态为「${STATE_ZH[state]}」，不能申请修复`, `The record is ${state}: no repair can be applied for`, { state });
  if (record.points >= 0) throw refuse('credit.nothing-to-repair', '该记录未扣分，无需修复', 'A record without a deduction needs no repair');
  if (actor.at.getTime() < Date.parse(input.opensAt)) {
    throw refuse('credit.repair-too-early', `最短公示期未满，${input.opensAt} 后方可申请修复`, `The minimum period has not passed: repair may be applied for from ${input.opensAt}`, { opensAt: input.opensAt });
  }
  const commitment = input.commitment.trim();
  if (commitment.length < 10) throw new CreditRuleError(400, 'credit.commitment-required', '须提交书面信用承诺', 'A written credit commitment is required');
  return change(record, 'repair-requested', { ...actor, action: 'repair-requested', reason: commitment }, {
    repair: { at: actor.at.toISOString(), by: actor.by, commitment, evidence: input.evidence, dueAt: input.decisionDueAt },
  });
}

/** The operator's decision; a refusal returns the record to the state before the request. */
export function decideRepair(record: CreditRecord, input: { approved: boolean; reason: string }, actor: Actor): CreditRecord {
  if (record.state !== 'repair-requested' || !record.repair) throw refuse('credit.no-open-repair', '该记录没有待处理的修复申请', 'The record has no repair to decide', { state: record.state });
  const reason = requireReason(input.reason);
  const back: StoredState = record.objection?.decision ? 'upheld' : 'active';
  return change(record, input.approved ? 'repaired' : back, { ...actor, action: input.approved ? 'repair-approved' : 'repair-refused', reason }, {
    repair: { ...record.repair, decision: { at: actor.at.toISOString(), by: actor.by, approved: input.approved, reason } },
  });
}

/** Evidence joins the record (a new version). */
export function addEvidence(record: CreditRecord, evidence: Evidence, actor: Actor): CreditRecord {
  if (record.evidence.some((e) => e.documentId === evidence.documentId)) return record;
  return { ...record, evidence: [...record.evidence, evidence], version: record.version + 1, updatedAt: actor.at.toISOString() };
}

/** Open objections and repairs: what the issuing body has to decide, and by when. */
export function openItem(record: CreditRecord, now: Date): { kind: 'objection' | 'repair'; dueAt: string; overdue: boolean } | undefined {
  const open = record.state === 'under-objection' ? { kind: 'objection' as const, dueAt: record.objection!.dueAt }
    : record.state === 'repair-requested' ? { kind: 'repair' as const, dueAt: record.repair!.dueAt } : undefined;
  return open && { ...open, overdue: now.getTime() >= Date.parse(open.dueAt) };
}

/** What anyone may see of a record (信用脸谱): no evidence keys, no accounts. */
export function publicRecord(record: CreditRecord, now: Date) {
  const state = effectiveState(record, now);
  return {
    id: record.id, uscc: record.uscc, agencyName: record.agencyName, source: record.source, kind: record.kind, basis: record.basis, facts: record.facts,
    points: record.points, level: record.level, levelZh: LEVEL_ZH[record.level], effectiveAt: record.effectiveAt, validUntil: record.validUntil,
    state, stateZh: STATE_ZH[state], counts: counts(record, now), issuedBy: { tenant: record.issuedBy.tenant, city: record.issuedBy.city },
    evidenceCount: record.evidence.length, version: record.version, updatedAt: record.updatedAt, ...(record.evaluation ? { evaluation: record.evaluation } : {}),
    ...(record.objection ? { objection: { at: record.objection.at, dueAt: record.objection.dueAt, overdue: !record.objection.decision && now.getTime() >= Date.parse(record.objection.dueAt), ...(record.objection.decision ? { decision: { at: record.objection.decision.at, upheld: record.objection.decision.upheld, reason: record.objection.decision.reason } } : {}) } } : {}),
    ...(record.repair ? { repair: { at: record.repair.at, dueAt: record.repair.dueAt, overdue: !record.repair.decision && now.getTime() >= Date.parse(record.repair.dueAt), ...(record.repair.decision ? { decision: { at: record.repair.decision.at, approved: record.repair.decision.approved, reason: record.repair.decision.reason } } : {}) } } : {}),
  };
}

/** A replica replaces what a city holds only with a newer version. */
export const isNewerRecord = (current: Pick<CreditRecord, 'version'> | undefined, incoming: Pick<CreditRecord, 'version'>): boolean =>
  !current || incoming.version > current.version;
