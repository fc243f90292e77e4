/**
 * ISM-DRAW-1-W: ISM-DRAW-1 with integer weights, for 双随机 spot checks (functions/supervision) where an agency under
 * 重点监管 must be drawn more often (seed 001 §四(二)5: 对出现失信记录的…提高抽查比例和检查频次). Byte for byte:
 *
 *   1. At planning: a 32-byte secret seed `s`; `commitment = SHA-256(s)` over the 32 raw bytes, lowercase hex,
 *      published with the plan — exactly ISM-DRAW-1 step 1. `beacon` as in ISM-DRAW-1 ('' offline).
 *   2. At the draw: each candidate has a weight `w`, an integer 1…100 (decimal, no leading zero). The pool is the
 *      list of entries `code + "*" + w`, sorted ascending (codes are 18 characters of the GB 32100 set, so the
 *      order is the codes' order, bytewise); `poolHash = SHA-256(entries joined by "\n")`, UTF-8, lowercase hex.
 *   3. `key = HMAC-SHA256(key = 32 raw bytes of s, message = "ISM-DRAW-1-W|" + drawId + "|" + poolHash + "|" + beacon)`
 *      — ISM-DRAW-1's key with the protocol's own name in the message, so a weighted and an unweighted draw over
 *      the same seed never share a key.
 *   4. A candidate's ticket is the smallest (bytewise) of `HMAC-SHA256(key = 32 raw bytes of key, message = code + "#" + i)`
 *      for i = 1 … w; `entry` is that i. Candidates are ranked by ticket ascending bytewise (a full 32-byte tie,
 *      never seen, falls back to the code). Rank 1 is drawn first.
 *   5. The transcript: `{"protocol": "ISM-DRAW-1-W", "projectId" (the draw id), "commitment", "seed",
 *      "pool": ["code*w", ascending], "poolHash", "beacon", "ranking": [codes], "tickets": [{code, ticket, entry}]}`
 *      plus `drawn` (how many of the ranking were taken).
 *
 * Why the minimum of w tickets: the w tickets of a candidate are w independent uniform 256-bit values, so the
 * candidate holding the smallest ticket of the whole pool is the holder of one of Σw equally likely tickets —
 * weight w is exactly w chances out of Σw for rank 1 (and, rank by rank, sampling without replacement in
 * proportion to the weights, which is what "draw n agencies, weighted" means). No modulo bias, no floating point,
 * and nothing depends on the order the pool was stored in. With every weight 1 the ranking equals a ranking by
 * HMAC(key, code + "#1"): a weighted draw is never confused with an ISM-DRAW-1 draw (different key, different messages).
 *
 * What the module refuses, as ISM-DRAW-1 does: codes outside the GB 32100 shape, duplicate codes, a draw id that
 * is empty or has '|' or a control character, a seed that is not 64 lowercase hex digits — and weights that are
 * not integers from 1 to 100 (MAX_WEIGHT; a weight is a multiplier of chances, not a score).
 */
import { createHmac } from 'node:crypto';
import { checklist, commitmentOf, drawFieldProblems, DrawInputError, PROJECT_ID_SHAPE as DRAW_ID_SHAPE, sha256Hex, sortPool, type TranscriptVerification } from './ism-draw-1.ts';

export const WEIGHTED_PROTOCOL = 'ISM-DRAW-1-W';
export const MAX_WEIGHT = 100;

const ENTRY_SHAPE = /^([0-9ABCDEFGHJKLMNPQRTUWXY]{18})\*([1-9][0-9]{0,2})$/;

export interface WeightedCandidate {
  code: string;
  weight: number;
}

export interface WeightedTicket {
  code: string;
  /** min over i of HMAC-SHA256(key, code + "#" + i), lowercase hex. */
  ticket: string;
  /** The i that gave the smallest ticket (1 … weight). */
  entry: number;
}

export interface WeightedTranscript {
  protocol: typeof WEIGHTED_PROTOCOL;
  projectId: string;
  commitment: string;
  seed: string;
  /** `code*weight`, ascending. */
  pool: string[];
  poolHash: string;
  beacon: string;
  ranking: string[];
  tickets: WeightedTicket[];
  /** How many of the ranking were drawn (the first `drawn`). */
  drawn: number;
}

const isWeight = (w: unknown): w is number => Number.isSafeInteger(w) && (w as number) >= 1 && (w as number) <= MAX_WEIGHT;

/** `code*weight` entries, ascending by code; refuses duplicates, bad codes and bad weights. */
export function weightedPoolEntries(candidates: readonly WeightedCandidate[]): string[] {
  for (const c of candidates) {
    if (!isWeight(c.weight)) throw new DrawInputError('draw.weight-invalid', `权重须为 1–${MAX_WEIGHT} 的整数：${c.code} 的权重是 ${String(c.weight)}`, `A weight is an integer from 1 to ${MAX_WEIGHT}: ${c.code} has ${String(c.weight)}`);
  }
  const weightOf = new Map(candidates.map((c) => [c.code, c.weight]));
  return sortPool(candidates.map((c) => c.code)).map((code) => `${code}*${weightOf.get(code)}`);
}

export const weightedKeyMessageOf = (drawId: string, poolHash: string, beacon: string) => `${WEIGHTED_PROTOCOL}|${drawId}|${poolHash}|${beacon}`;

function keyOf(seedHex: string, drawId: string, poolHash: string, beacon: string): Buffer {
  return createHmac('sha256', Buffer.from(seedHex, 'hex')).update(weightedKeyMessageOf(drawId, poolHash, beacon), 'utf8').digest();
}

/** Step 4 over parsed entries: tickets in ranking order. */
function rankWeighted(key: Buffer, entries: readonly { code: string; weight: number }[]): WeightedTicket[] {
  const tickets = entries.map(({ code, weight }) => {
    let best: Buffer | undefined;
    let entry = 0;
    for (let i = 1; i <= weight; i++) {
      const t = createHmac('sha256', key).update(`${code}#${i}`, 'utf8').digest();
      if (!best || Buffer.compare(t, best) < 0) {
        best = t;
        entry = i;
      }
    }
    return { code, bytes: best!, entry };
  });
  tickets.sort((a, b) => Buffer.compare(a.bytes, b.bytes) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return tickets.map(({ code, bytes, entry }) => ({ code, ticket: bytes.toString('hex'), entry }));
}

const parseEntry = (e: string) => {
  const m = ENTRY_SHAPE.exec(e);
  return m ? { code: m[1], weight: Number(m[2]) } : undefined;
};

export interface WeightedDrawRequest {
  seed: string;
  /** The draw's id (a spot check's id): plays the role of ISM-DRAW-1's projectId. */
  drawId: string;
  candidates: readonly WeightedCandidate[];
  /** How many to draw; more than the pool draws everyone. */
  count: number;
  beacon?: string;
}

export function drawWeighted({ seed, drawId, candidates, count, beacon = '' }: WeightedDrawRequest): WeightedTranscript {
  if (typeof drawId !== 'string' || !DRAW_ID_SHAPE.test(drawId)) {
    throw new DrawInputError('draw.project-id-invalid', '抽取编号须为 1–200 个字符，不含“|”和控制字符', "The draw id must be 1–200 characters without '|' or control characters");
  }
  if (!Number.isSafeInteger(count) || count < 0) throw new DrawInputError('draw.count-invalid', '抽取数量须为非负整数', 'The number to draw must be a non-negative integer');
  const commitment = commitmentOf(seed); // validates the seed
  const pool = weightedPoolEntries(candidates);
  const poolHash = sha256Hex(Buffer.from(pool.join('\n'), 'utf8'));
  const tickets = rankWeighted(keyOf(seed, drawId, poolHash, beacon), pool.map((e) => parseEntry(e)!));
  return {
    protocol: WEIGHTED_PROTOCOL, projectId: drawId, commitment, seed, pool, poolHash, beacon,
    ranking: tickets.map((t) => t.code), tickets, drawn: Math.min(count, pool.length),
  };
}

/** Recomputes a weighted transcript from its own fields, as a third party would; never throws. */
export function verifyWeightedTranscript(input: unknown): TranscriptVerification {
  const { check, done } = checklist();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    check('transcript is a JSON object', false);
    return done();
  }
  const t = input as Record<string, unknown>;
  check('protocol is ISM-DRAW-1-W', t.protocol === WEIGHTED_PROTOCOL, t.protocol === WEIGHTED_PROTOCOL ? undefined : `got ${JSON.stringify(t.protocol)}`);
  const problems = drawFieldProblems(t);
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!strings(t.pool) || !t.pool.every((e) => { const p = parseEntry(e); return p !== undefined && isWeight(p.weight); })) problems.push(`pool: entries "code*weight" (weight 1–${MAX_WEIGHT})`);
  if (!strings(t.ranking)) problems.push('ranking: a list of codes');
  if (!Array.isArray(t.tickets) || !t.tickets.every((e) => typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.ticket === 'string' && Number.isSafeInteger(e.entry))) problems.push('tickets: a list of {code, ticket, entry}');
  if (!Number.isSafeInteger(t.drawn) || (t.drawn as number) < 0) problems.push('drawn: a non-negative integer');
  if (!check('fields are well-formed', problems.length === 0, problems.length ? problems.join('; ') : undefined)) return done();

  const pool = t.pool as string[];
  const entries = pool.map((e) => parseEntry(e)!);
  const commitment = sha256Hex(Buffer.from(t.seed as string, 'hex'));
  check('commitment = SHA-256(seed)', commitment === t.commitment, commitment === t.commitment ? undefined : `SHA-256(seed) is ${commitment}`);
  const ascending = entries.every((e, i) => i === 0 || entries[i - 1].code < e.code);
  check('pool is ascending by code without duplicates', ascending, ascending ? undefined : 'codes must be strictly ascending (bytewise)');
  const poolHash = sha256Hex(Buffer.from(pool.join('\n'), 'utf8'));
  check('poolHash = SHA-256(pool entries joined by "\\n")', poolHash === t.poolHash, poolHash === t.poolHash ? undefined : `recomputed ${poolHash}`);

  const expected = rankWeighted(keyOf(t.seed as string, t.projectId as string, t.poolHash as string, t.beacon as string), entries);
  const ranking = t.ranking as string[];
  const rankingOk = ranking.length === expected.length && ranking.every((c, i) => c === expected[i].code);
  check('ranking = pool ordered by min_i HMAC-SHA256(key, code#i)', rankingOk, rankingOk ? undefined : `recomputed ${expected.map((e) => e.code).join(', ') || '(empty)'}`);
  const given = t.tickets as WeightedTicket[];
  const ticketsOk = given.length === expected.length && given.every((e, i) => e.code === expected[i].code && e.ticket === expected[i].ticket && e.entry === expected[i].entry);
  check('tickets = min_i HMAC-SHA256(key, code#i), in ranking order', ticketsOk, ticketsOk ? undefined : 'at least one ticket differs from the recomputation');
  const drawnOk = (t.drawn as number) <= pool.length;
  check('drawn ≤ pool size', drawnOk, drawnOk ? undefined : `drawn ${String(t.drawn)} of a pool of ${pool.length}`);
  return done();
}
