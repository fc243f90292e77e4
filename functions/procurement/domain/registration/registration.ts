import { DomainError, problems } from '#shared/http/problems.ts';
import type { MatchResult } from '#functions/agencies/domain/matching.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { Project } from '../project/project.ts';

/**
 * 报名: an agency (or a 联合体 led by one) registers for a published project, until the deadline.
 *
 * - The server clock is authoritative and the deadline is exclusive (deadline.ts: "allowed strictly before `at`"):
 *   `now >= closesAt` is refused, so a registration 1 ms late is refused and one 1 ms early is accepted.
 * - One registration per agency per project. A retry by the same party returns the registration it already has
 *   (`created: false`), never a second one; an agency may not sit in two parties (alone and in a consortium, or
 *   in two consortia) — that would give it two tickets in the draw.
 * - Eligibility is decided by matching (`matchAgency`, or on `consortiumAsAgency` for a consortium) and passed in;
 *   every reason it gives is returned to the agency. It is checked again at close.
 * - Withdrawal (撤回) is possible until the deadline; registering again afterwards revives the same registration.
 */
export type Party =
  | { kind: 'agency'; uscc: string }
  /** 联合体: the lead answers and is the code in the pool; members are the others (at least one). */
  | { kind: 'consortium'; lead: string; members: string[] };

export interface Registration {
  projectId: string;
  /** The code that stands for the party in the pool and the draw: the agency, or the consortium's lead. */
  code: string;
  party: Party;
  status: 'registered' | 'withdrawn';
  /** When the request arrived (the server clock the deadline was judged by). */
  registeredAt: string;
  /** When the row was last written: the close waits until these stop coming (timeline-worker.ts). */
  storedAt?: string;
  withdrawnAt?: string;
  /** Sealed quote (密封报价): only the commitment until close. */
  quoteCommitment?: { hash: string; at: string };
  /** After close: the opened quote, or why it is invalid. */
  quote?: RevealedQuote;
}

export type RevealedQuote =
  | { status: 'valid'; fen: number; revealedAt: string }
  | { status: 'invalid'; reason: { code: string; zh: string; en: string }; revealedAt?: string };

const USCC = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/** Every code a party consists of, lead first. */
export function partyCodes(party: Party): string[] {
  return party.kind === 'agency' ? [party.uscc] : [party.lead, ...party.members];
}

export const partyCode = (party: Party): string => (party.kind === 'agency' ? party.uscc : party.lead);

const samePartyAs = (a: Party, b: Party): boolean => {
  const x = partyCodes(a);
  const y = partyCodes(b);
  return x[0] === y[0] && x.length === y.length && [...x].sort().join() === [...y].sort().join();
};

function invalidParty(path: string, code: string, zh: string, en: string): DomainError {
  return problems.validation([{ path, code, message: { zh, en } }]);
}

function checkParty(project: Project, party: Party): void {
  for (const code of partyCodes(party)) {
    if (!USCC.test(code)) throw invalidParty('party', 'party.uscc-invalid', `${code} 不是统一社会信用代码`, `${code} is not a unified social credit code`);
  }
  if (party.kind === 'consortium') {
    if (project.tradingMode !== 'consortium') {
      throw new DomainError(422, 'registration.consortium-not-allowed', '本项目不接受联合体报名', 'This project does not accept consortia');
    }
    if (party.members.length === 0) throw invalidParty('party.members', 'consortium.no-members', '联合体至少须有一家成员（牵头方之外）', 'A consortium needs at least one member besides its lead');
    const codes = partyCodes(party);
    if (new Set(codes).size !== codes.length) throw invalidParty('party.members', 'consortium.duplicate-member', '联合体成员不能重复', 'A consortium lists each agency once');
  }
}

const NOT_YET_PUBLISHED: readonly Project['status'][] = ['draft', 'submitted', 'returned'];

/**
 * Open for registration and for sealed quotes: published, and strictly before the enforced deadline. Past the
 * deadline the answer is `registration.closed` whatever the timeline has done since (a request between the
 * deadline and the close step, or long after the award, is the same late request); `registration.not-open` is for a
 * project never published.
 */
function assertWindowOpen(project: Project, nowMs: number, action: { zh: string; en: string }): void {
  const closesAt = project.registration?.closesAt;
  if (closesAt && !NOT_YET_PUBLISHED.includes(project.status) && nowMs >= epochMsOf(closesAt)) {
    throw problems.conflict('registration.closed', `报名已于 ${closesAt} 截止，不能${action.zh}`, `Registration closed at ${closesAt}; cannot ${action.en}`, { closesAt, now: formatShanghaiInstant(nowMs), status: project.status });
  }
  if (closesAt && !NOT_YET_PUBLISHED.includes(project.status) && project.status !== 'published') {
    // Arrived in time, but the close has already run (it waits for writes in flight, then freezes the pool): closed.
    throw problems.conflict('registration.closed', `报名已于 ${closesAt} 截止，本次请求处理时报名名单已冻结，不能${action.zh}`, `Registration closed at ${closesAt} and the pool was frozen before this request could be stored; cannot ${action.en}`, { closesAt, now: formatShanghaiInstant(nowMs), status: project.status });
  }
  if (project.status !== 'published' || !closesAt) {
    throw problems.conflict('registration.not-open', `项目未在报名期内，不能${action.zh}`, `The project is not open for registration; cannot ${action.en}`, { status: project.status });
  }
}

export interface RegisterContext {
  now: InstantInput;
  /** matchAgency's answer for this party now (on `consortiumAsAgency` for a consortium). */
  eligibility: MatchResult;
  /** This project's registrations as stored (any status). */
  existing: readonly Registration[];
}

export interface RegisterOutcome {
  registration: Registration;
  /** False when the same party was already registered: a retry, nothing new was stored. */
  created: boolean;
}

export function register(project: Project, party: Party, ctx: RegisterContext): RegisterOutcome {
  const nowMs = epochMsOf(ctx.now);
  assertWindowOpen(project, nowMs, { zh: '报名', en: 'register' });
  checkParty(project, party);
  const code = partyCode(party);
  const mine = ctx.existing.find((r) => r.code === code && r.projectId === project.id);
  if (mine?.status === 'registered' && samePartyAs(mine.party, party)) return { registration: mine, created: false };

  const codes = new Set(partyCodes(party));
  const clash = ctx.existing.find((r) => r.projectId === project.id && r.status === 'registered' && r !== mine && partyCodes(r.party).some((c) => codes.has(c)));
  if (clash || (mine?.status === 'registered' && !samePartyAs(mine.party, party))) {
    const other = clash ?? mine!;
    throw problems.conflict(
      'registration.party-overlap',
      `已有包含同一机构的报名（${other.code}），一家机构在一个项目中只能参加一方`,
      `A registration including the same agency already exists (${other.code}); an agency takes part in one party per project`,
      { registeredAs: other.code },
    );
  }

  if (!ctx.eligibility.qualifies) {
    const reasons = ctx.eligibility.reasons;
    throw new DomainError(
      422,
      'registration.not-eligible',
      `不符合本项目的报名条件：${reasons.map((r) => r.zh).join('；')}`,
      `Not eligible for this project: ${reasons.map((r) => r.en).join('; ')}`,
      reasons.map((r) => ({ path: 'party', code: r.code, message: { zh: r.zh, en: r.en } })),
      { reasons },
    );
  }

  const registeredAt = formatShanghaiInstant(nowMs);
  const registration: Registration = { projectId: project.id, code, party, status: 'registered', registeredAt };
  return { registration, created: true };
}

/** 撤回报名: until the deadline; withdrawing twice is the same withdrawal. Any sealed quote goes with it. */
export function withdraw(project: Project, registration: Registration, ctx: { now: InstantInput }): Registration {
  if (registration.status === 'withdrawn') return registration;
  assertWindowOpen(project, epochMsOf(ctx.now), { zh: '撤回报名', en: 'withdraw' });
  const { quoteCommitment, ...rest } = registration;
  void quoteCommitment;
  return { ...rest, status: 'withdrawn', withdrawnAt: formatShanghaiInstant(epochMsOf(ctx.now)) };
}

export { assertWindowOpen as assertRegistrationOpen };
