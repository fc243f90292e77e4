/**
 * ISM-DRAW-1: the publicly verifiable draw (随机抽取) of DESIGN section 4, byte for byte.
 *
 *   1. At publication: a 32-byte secret seed `s`; `commitment = SHA-256(s)` over the 32 raw bytes, published as
 *      lowercase hex in the announcement. `beacon` names future public randomness, or is '' offline.
 *   2. At close: the eligible pool of 统一社会信用代码 sorted ascending; `poolHash = SHA-256(pool.join("\n"))`.
 *   3. `key = HMAC-SHA256(key = 32 raw bytes of s, message = "ISM-DRAW-1|" + projectId + "|" + poolHash + "|" + beacon)`.
 *   4. `ticket(code) = HMAC-SHA256(key = 32 raw bytes of key, message = code)`; ranking by ticket ascending
 *      bytewise (memcmp), rank 1 wins. Sorting whole 256-bit tickets has no modulo bias, and nothing depends on
 *      the order the pool was stored in.
 *   5. The transcript is published with the award notice and anyone can recompute it (`bin/verify-draw.ts`).
 *
 * Encodings: hashes, keys and the seed are lowercase hex everywhere they appear in a message or the transcript;
 * strings are UTF-8. "Ascending" for the pool is JavaScript's default `Array.prototype.sort` (UTF-16 code units),
 * which for codes restricted to the GB 32100 character set (ASCII digits and upper-case letters, 18 characters)
 * is exactly bytewise order of their UTF-8/ASCII bytes — that restriction is why this module refuses anything
 * else as a code: an independent implementation sorting bytes must agree with ours.
 *
 * What the module refuses (so that a draw it produces always verifies anywhere): duplicate codes (one party
 * would hold two tickets), codes outside the GB 32100 shape, a `projectId` that is empty, contains '|' or a
 * control character (the key message must parse back unambiguously), a seed that is not 64 lowercase hex digits.
 * An empty pool is not an error: its ranking is empty (the lifecycle has already failed such a project, 流标).
 *
 * Two tickets equal on all 32 bytes would need an HMAC-SHA256 collision; should it ever happen the code breaks
 * the tie (ascending), so the ranking stays a total order — the verifier does the same.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const PROTOCOL = 'ISM-DRAW-1';

/** GB 32100 shape: 18 characters from the code's 31-character set (digits, capitals without I, O, Z, S, V). */
const CODE_SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;
export const HEX64 = /^[0-9a-f]{64}$/;
// '|' separates the key message's fields; control characters (including "\n", the pool separator) are never part
// of a project id and would make a transcript ambiguous to read.
export const PROJECT_ID_SHAPE = /^[^|\u0000-\u001f\u007f]{1,200}$/;

export interface TicketEntry {
  code: string;
  /** HMAC-SHA256(key, code), lowercase hex. */
  ticket: string;
}

/** The published transcript: exactly DESIGN's field names, `tickets` beside them (ranking order). */
export interface Transcript {
  protocol: typeof PROTOCOL;
  projectId: string;
  commitment: string;
  seed: string;
  pool: string[];
  poolHash: string;
  beacon: string;
  ranking: string[];
  tickets?: TicketEntry[];
}

export interface DrawCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface TranscriptVerification {
  valid: boolean;
  checks: DrawCheck[];
}

/** A draw asked with inputs the protocol cannot express unambiguously. Stable `code`, Chinese and English text. */
export class DrawInputError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'DrawInputError';
  }
}

/** 32 bytes from the operating system's CSPRNG, lowercase hex — the secret `s` kept until the award notice. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

function seedBytes(seedHex: string): Buffer {
  if (!HEX64.test(seedHex)) throw new DrawInputError('draw.seed-invalid', '抽签种子须为 64 位小写十六进制（32 字节）', 'The draw seed must be 64 lowercase hex digits (32 bytes)');
  return Buffer.from(seedHex, 'hex');
}

/** SHA-256 over the seed's 32 raw bytes (not over its hex text), lowercase hex — published at publication. */
export function commitmentOf(seedHex: string): string {
  return createHash('sha256').update(seedBytes(seedHex)).digest('hex');
}

function assertPool(codes: readonly string[]): void {
  const seen = new Set<string>();
  for (const code of codes) {
    if (typeof code !== 'string' || !CODE_SHAPE.test(code)) {
      throw new DrawInputError('draw.code-invalid', `抽签池中的代码不是 18 位统一社会信用代码：${String(code)}`, `Not an 18-character unified social credit code in the pool: ${String(code)}`);
    }
    if (seen.has(code)) throw new DrawInputError('draw.code-duplicate', `抽签池中代码重复：${code}`, `Duplicate code in the pool: ${code}`);
    seen.add(code);
  }
}

/** The pool in protocol order: JavaScript's default sort, = bytewise for GB 32100 codes. Refuses duplicates. */
export function sortPool(codes: readonly string[]): string[] {
  assertPool(codes);
  return [...codes].sort();
}

/** SHA-256 of the ascending codes joined by "\n" (no trailing newline), UTF-8, lowercase hex. Empty pool → SHA-256(""). */
export function poolHashOf(codes: readonly string[]): string {
  return createHash('sha256').update(sortPool(codes).join('\n'), 'utf8').digest('hex');
}

/** The message of step 3, exactly as HMAC'd (UTF-8). */
export function keyMessageOf(projectId: string, poolHash: string, beacon: string): string {
  return `${PROTOCOL}|${projectId}|${poolHash}|${beacon}`;
}

/** Step 3: the draw key, lowercase hex. */
export function drawKeyOf(seedHex: string, projectId: string, poolHash: string, beacon: string): string {
  return createHmac('sha256', seedBytes(seedHex)).update(keyMessageOf(projectId, poolHash, beacon), 'utf8').digest('hex');
}

/** Step 4: tickets in ranking order (ascending bytewise; a full 32-byte tie — never seen — falls back to the code). */
function rankByTickets(keyHex: string, pool: readonly string[]): TicketEntry[] {
  const key = Buffer.from(keyHex, 'hex');
  const tickets = pool.map((code) => ({ code, bytes: createHmac('sha256', key).update(code, 'utf8').digest() }));
  tickets.sort((a, b) => Buffer.compare(a.bytes, b.bytes) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return tickets.map(({ code, bytes }) => ({ code, ticket: bytes.toString('hex') }));
}

export interface DrawRequest {
  /** The secret seed drawn at publication (lowercase hex, 32 bytes). */
  seed: string;
  projectId: string;
  /** Eligible codes at close, in any order. */
  pool: readonly string[];
  /** Public randomness named in the announcement, '' where none (local, offline). */
  beacon?: string;
}

function assertProjectId(projectId: string): void {
  if (typeof projectId !== 'string' || !PROJECT_ID_SHAPE.test(projectId)) {
    throw new DrawInputError('draw.project-id-invalid', '项目编号须为 1–200 个字符，不含“|”和控制字符', "The project id must be 1–200 characters without '|' or control characters");
  }
}

/** Runs ISM-DRAW-1 and returns the publishable transcript (with tickets, so any field change is detectable). */
export function drawRanking({ seed, projectId, pool, beacon = '' }: DrawRequest): Transcript {
  assertProjectId(projectId);
  if (typeof beacon !== 'string') throw new DrawInputError('draw.beacon-invalid', '随机信标须为字符串', 'The beacon must be a string');
  const sorted = sortPool(pool);
  const poolHash = createHash('sha256').update(sorted.join('\n'), 'utf8').digest('hex');
  const key = drawKeyOf(seed, projectId, poolHash, beacon);
  const tickets = rankByTickets(key, sorted);
  return {
    protocol: PROTOCOL,
    projectId,
    commitment: commitmentOf(seed),
    seed,
    pool: sorted,
    poolHash,
    beacon,
    ranking: tickets.map((t) => t.code),
    tickets,
  };
}

/**
 * A verifier's list of named checks: `check` records one (and returns whether it passed), `done` is the verdict —
 * valid when there is at least one check and every check passed. Shared by the verifiers of ISM-DRAW-1, ISM-DRAW-1-W
 * and of a published spot check.
 */
export function checklist(): { check: (name: string, ok: boolean, detail?: string) => boolean; done: () => TranscriptVerification } {
  const checks: DrawCheck[] = [];
  return {
    check: (name, ok, detail) => {
      checks.push(detail === undefined ? { name, ok } : { name, ok, detail });
      return ok;
    },
    done: () => ({ valid: checks.length > 0 && checks.every((c) => c.ok), checks }),
  };
}

export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * The fields every ISM-DRAW-1 transcript shares with its weighted variant (ISM-DRAW-1-W): projectId, seed, commitment,
 * poolHash, beacon. One check, so both verifiers refuse the same malformed input with the same words.
 */
export function drawFieldProblems(t: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof t.projectId !== 'string' || !PROJECT_ID_SHAPE.test(t.projectId)) problems.push("projectId: 1–200 characters without '|' or control characters");
  for (const f of ['seed', 'commitment', 'poolHash'] as const) if (typeof t[f] !== 'string' || !HEX64.test(t[f] as string)) problems.push(`${f}: 64 lowercase hex digits`);
  if (typeof t.beacon !== 'string') problems.push('beacon: a string');
  return problems;
}

/**
 * Recomputes a transcript from its own fields, as any third party would, and reports each step. Takes `unknown`
 * because it reads transcripts from anywhere (the API, a file someone downloaded); never throws.
 * Without `tickets`, a changed projectId or beacon is caught only when it changes the ranking (a pool of n has
 * a 1/n! chance that it does not); the platform always publishes tickets, which bind the key.
 */
export function verifyTranscript(input: unknown): TranscriptVerification {
  const { check, done } = checklist();

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    check('transcript is a JSON object', false);
    return done();
  }
  const t = input as Record<string, unknown>;
  check('protocol is ISM-DRAW-1', t.protocol === PROTOCOL, t.protocol === PROTOCOL ? undefined : `got ${JSON.stringify(t.protocol)}`);
  const shapeProblems = drawFieldProblems(t);
  if (!isStringArray(t.pool) || !t.pool.every((c) => CODE_SHAPE.test(c))) shapeProblems.push('pool: 18-character unified social credit codes');
  if (!isStringArray(t.ranking)) shapeProblems.push('ranking: a list of codes');
  if (t.tickets !== undefined && !(Array.isArray(t.tickets) && t.tickets.every((e) => typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.ticket === 'string'))) {
    shapeProblems.push('tickets: a list of {code, ticket}');
  }
  if (!check('fields are well-formed', shapeProblems.length === 0, shapeProblems.length ? shapeProblems.join('; ') : undefined)) return done();

  const projectId = t.projectId as string;
  const seed = t.seed as string;
  const beacon = t.beacon as string;
  const pool = t.pool as string[];
  const ranking = t.ranking as string[];

  const commitment = sha256Hex(Buffer.from(seed, 'hex'));
  check('commitment = SHA-256(seed)', sameHex(commitment, t.commitment as string), sameHex(commitment, t.commitment as string) ? undefined : `SHA-256(seed) is ${commitment}`);

  const ascending = pool.every((c, i) => i === 0 || pool[i - 1] < c);
  check('pool is ascending without duplicates', ascending, ascending ? undefined : 'codes must be strictly ascending (bytewise)');

  const poolHash = sha256Hex(Buffer.from(pool.join('\n'), 'utf8'));
  const poolHashOk = sameHex(poolHash, t.poolHash as string);
  check('poolHash = SHA-256(pool joined by "\\n")', poolHashOk, poolHashOk ? undefined : `recomputed ${poolHash}`);

  // The key uses the published poolHash, as the protocol says; a wrong poolHash has already failed above.
  const key = drawKeyOf(seed, projectId, t.poolHash as string, beacon);
  const expected = rankByTickets(key, [...new Set(pool)]);
  const expectedRanking = expected.map((e) => e.code);
  const rankingOk = ranking.length === expectedRanking.length && ranking.every((c, i) => c === expectedRanking[i]);
  check('ranking = pool ordered by HMAC-SHA256(key, code)', rankingOk, rankingOk ? undefined : `recomputed ${expectedRanking.join(', ') || '(empty)'}`);

  if (t.tickets !== undefined) {
    const given = t.tickets as TicketEntry[];
    const ticketsOk = given.length === expected.length && given.every((e, i) => e.code === expected[i].code && e.ticket === expected[i].ticket);
    check('tickets = HMAC-SHA256(key, code), in ranking order', ticketsOk, ticketsOk ? undefined : 'at least one ticket differs from the recomputation');
  }
  return done();
}
