import { createHash, randomBytes } from 'node:crypto';
import { problems } from '#shared/http/problems.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { ExcludedCandidate } from '../selection/ranking.ts';
import type { Quote } from '../selection/quotes.ts';
import type { Project } from '../project/project.ts';
import { assertRegistrationOpen, type Registration, type RevealedQuote } from './registration.ts';

/**
 * 密封报价 by commit–reveal. Before the deadline an agency submits only `commitment = SHA-256(quoteFen + "|" + salt)`
 * (lowercase hex; `quoteFen` the decimal integer without sign or leading zeros, `salt` 32–128 lowercase hex
 * characters, i.e. at least 128 random bits); after close it reveals `{quoteFen, salt}` and anyone can check one
 * against the other.
 *
 * Why commit–reveal and not encryption: with encryption the platform (or whoever holds the key — an operator, a
 * KMS administrator, an attacker inside) *can* read a quote before close, and a promise that it did not is all
 * an agency gets. With a commitment there is nothing to read: before close the platform holds only a hash, and a
 * quote cannot be recovered from it because the salt makes guessing the small space of prices useless. And the
 * proof is public: the commitment was published with its time, the reveal is published after close, and anyone
 * recomputes the hash. The cost, accepted: an agency that does not reveal has no quote (invalid, excluded with the
 * reason), which is the same outcome as a missing quote.
 */
const HEX64 = /^[0-9a-f]{64}$/;
const SALT = /^[0-9a-f]{32,128}$/;

export function quoteCommitmentOf(quoteFen: number, salt: string): string {
  if (!Number.isSafeInteger(quoteFen) || quoteFen < 1) throw new RangeError('quoteFen must be a positive integer number of fen');
  if (!SALT.test(salt)) throw new RangeError('salt must be 32–128 lowercase hex characters');
  return createHash('sha256').update(`${quoteFen}|${salt}`, 'utf8').digest('hex');
}

/** For clients and tests: 32 random bytes as hex. An agency's own client should draw its salt itself. */
export function newQuoteSalt(): string {
  return randomBytes(32).toString('hex');
}

/** 提交密封报价: the commitment only, before the deadline; a new one replaces the old (an agency may revise). */
export function commitQuote(project: Project, registration: Registration, commitment: string, ctx: { now: InstantInput }): Registration {
  const nowMs = epochMsOf(ctx.now);
  assertRegistrationOpen(project, nowMs, { zh: '提交报价', en: 'submit a quote' });
  if (!project.sealedQuotes) throw problems.conflict('quote.not-applicable', '本项目的选取方式不需要报价', 'This project\'s method takes no quotes');
  if (registration.status !== 'registered' || registration.projectId !== project.id) {
    throw problems.conflict('quote.not-registered', '须先报名才能报价', 'Only a registered party can submit a quote');
  }
  if (!HEX64.test(commitment)) {
    throw problems.validation([{ path: 'commitment', code: 'quote.commitment-invalid', message: { zh: '报价承诺值须为 64 位小写十六进制（SHA-256）', en: 'The commitment must be 64 lowercase hex digits (SHA-256)' } }]);
  }
  return { ...registration, quoteCommitment: { hash: commitment, at: formatShanghaiInstant(nowMs) } };
}

export interface RevealContext {
  now: InstantInput;
  /** End of the reveal period (exclusive), set by the timeline after close. */
  revealBy: InstantInput;
}

const invalid = (code: string, zh: string, en: string, revealedAt?: string): RevealedQuote => ({ status: 'invalid', reason: { code, zh, en }, ...(revealedAt ? { revealedAt } : {}) });

/**
 * 开标 (reveal): after close, before `revealBy`. A reveal before close is refused (409) — it would put a quote in
 * the platform's hands early, which is what sealing prevents. A late reveal, or one that does not match the
 * commitment, or one without a commitment, is recorded as an invalid quote with its reason (not thrown: the
 * outcome must be stored and published), and it is final — a second reveal does not change it.
 */
export function revealQuote(project: Project, registration: Registration, opened: { quoteFen: unknown; salt: unknown }, ctx: RevealContext): Registration {
  if (!project.registration) throw problems.conflict('quote.not-applicable', '本项目没有报名期', 'This project has no registration window');
  const nowMs = epochMsOf(ctx.now);
  if (nowMs < epochMsOf(project.registration.closesAt)) {
    throw problems.conflict('quote.reveal-too-early', '报名截止前不能开启报价', 'A quote cannot be revealed before registration closes', { closesAt: project.registration.closesAt });
  }
  if (registration.quote) return registration;
  const at = formatShanghaiInstant(nowMs);
  const set = (quote: RevealedQuote): Registration => ({ ...registration, quote });
  if (!registration.quoteCommitment) return set(invalid('quote.not-committed', '截止前未提交密封报价', 'No sealed quote was committed before the deadline', at));
  if (nowMs >= epochMsOf(ctx.revealBy)) return set(invalid('quote.revealed-late', `报价开启时间已过（${formatShanghaiInstant(epochMsOf(ctx.revealBy))}）`, 'The quote was revealed after the reveal period', at));
  const { quoteFen, salt } = opened;
  if (typeof quoteFen !== 'number' || !Number.isSafeInteger(quoteFen) || quoteFen < 1 || typeof salt !== 'string' || !SALT.test(salt)) {
    return set(invalid('quote.reveal-malformed', '开启的报价或盐值格式不正确', 'The revealed quote or salt is malformed', at));
  }
  if (quoteCommitmentOf(quoteFen, salt) !== registration.quoteCommitment.hash) {
    return set(invalid('quote.commitment-mismatch', '开启的报价与截止前提交的承诺值不符', 'The revealed quote does not match the commitment', at));
  }
  return set({ status: 'valid', fen: quoteFen, revealedAt: at });
}

/**
 * What the price methods read: the valid revealed quotes of the pool, and the pool members whose quote is not
 * valid, with the reason. Members that never revealed (deadline passed) are `quote.not-revealed`.
 */
export function quotesForSelection(pool: readonly string[], registrations: readonly Registration[]): { quotes: Quote[]; excluded: ExcludedCandidate[] } {
  const byCode = new Map(registrations.filter((r) => r.status === 'registered').map((r) => [r.code, r]));
  const quotes: Quote[] = [];
  const excluded: ExcludedCandidate[] = [];
  for (const code of [...pool].sort()) {
    const q = byCode.get(code)?.quote;
    if (q?.status === 'valid') quotes.push({ code, fen: q.fen });
    else if (q?.status === 'invalid') excluded.push({ code, reason: q.reason });
    else excluded.push({ code, reason: { code: 'quote.not-revealed', zh: '未在规定时间内开启报价', en: 'The quote was not revealed in time' } });
  }
  return { quotes, excluded };
}

