import { problems } from '#shared/http/problems.ts';
import type { MatchResult } from '#functions/agencies/domain/matching.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { poolHashOf, sortPool } from '../draw/ism-draw-1.ts';
import { transition } from '../project/lifecycle.ts';
import type { Project } from '../project/project.ts';
import type { Registration } from './registration.ts';

/**
 * 报名截止: at the deadline every registrant's eligibility is checked again, as it stands at that moment (DESIGN §4:
 * admission still valid, qualification not expired, not restricted by credit, practice region allowed) — an agency
 * eligible when it registered may have lost a certificate or been restricted since. The eligible codes, ascending,
 * are the frozen pool; its ISM-DRAW-1 `poolHash` is published with them, so the draw can be checked against the
 * pool that was announced. Every excluded registrant is listed with all its reasons.
 *
 * For sealed-quote methods a party that committed no quote before the deadline cannot be ranked, so it is excluded
 * here rather than counted: counting it would hide a 流标 behind a pool nobody can be chosen from.
 *
 * 流标 (failed): fewer eligible than the policy's minimum for the method (minEligibleRegistrants; 3 for the
 * competitive methods, 1 for direct choice by default) — the owner may republish.
 */
export interface ExcludedRegistrant {
  code: string;
  reasons: { code: string; zh: string; en: string }[];
}

export interface CloseContext {
  now: InstantInput;
  policy: TenantPolicy;
  /** Eligibility now, from matching (on `consortiumAsAgency` and `consortiumCredit` for a consortium). */
  eligibilityOf: (registration: Registration) => MatchResult;
}

export interface CloseResult {
  outcome: 'failed' | 'selecting';
  /** The frozen eligible pool: USCC codes ascending (ISM-DRAW-1 order). */
  pool: string[];
  poolHash: string;
  /** Ascending by code. */
  excluded: ExcludedRegistrant[];
  minEligible: number;
  /** Set when the outcome is 'failed'. */
  failure?: { code: 'close.too-few-eligible'; zh: string; en: string };
  closedAt: string;
  /** The project moved through `close` and then `fail` or `start-selection`. */
  project: Project;
}

const NOT_COMMITTED: ExcludedRegistrant['reasons'][number] = {
  code: 'quote.not-committed',
  zh: '截止前未提交密封报价',
  en: 'No sealed quote was committed before the deadline',
};

export function closeRegistration(project: Project, registrations: readonly Registration[], ctx: CloseContext): CloseResult {
  if (!project.registration) throw problems.conflict('registration.not-open', '本项目没有报名期', 'This project has no registration window', { status: project.status });
  const nowMs = epochMsOf(ctx.now);
  const closesAt = project.registration.closesAt;
  if (nowMs < epochMsOf(closesAt)) {
    throw problems.conflict('registration.still-open', `报名到 ${closesAt} 才截止`, `Registration is open until ${closesAt}`, { closesAt });
  }
  const closedAt = formatShanghaiInstant(nowMs);
  const closed = transition(project, 'close', { at: closedAt });

  const active = registrations.filter((r) => r.projectId === project.id && r.status === 'registered');
  const eligible: string[] = [];
  const excluded: ExcludedRegistrant[] = [];
  for (const registration of active) {
    const reasons: ExcludedRegistrant['reasons'] = [];
    const match = ctx.eligibilityOf(registration);
    if (!match.qualifies) reasons.push(...match.reasons.map(({ code, zh, en }) => ({ code, zh, en })));
    if (project.sealedQuotes && !registration.quoteCommitment) reasons.push({ ...NOT_COMMITTED });
    if (reasons.length) excluded.push({ code: registration.code, reasons });
    else eligible.push(registration.code);
  }
  // sortPool refuses a duplicate code: two active registrations of one party would be a storage bug, never a second ticket.
  const pool = sortPool(eligible);
  const poolHash = poolHashOf(pool);
  excluded.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const minEligible = ctx.policy.minEligibleRegistrants[project.selectionMethod];
  if (pool.length < minEligible) {
    const failure = {
      code: 'close.too-few-eligible' as const,
      zh: `有效报名 ${pool.length} 家，少于本选取方式要求的 ${minEligible} 家，流标`,
      en: `${pool.length} eligible registrant(s), fewer than the ${minEligible} this method needs: the procurement failed`,
    };
    const failed = transition(closed, 'fail', { at: closedAt, reasons: [{ zh: failure.zh, en: failure.en }] });
    return { outcome: 'failed', pool, poolHash, excluded, minEligible, failure, closedAt, project: failed };
  }
  return { outcome: 'selecting', pool, poolHash, excluded, minEligible, closedAt, project: transition(closed, 'start-selection', { at: closedAt }) };
}
