/**
 * The e-licence port (电子证照库): automatic verification of an agency's qualification certificates
 * against the issuing authorities' own records — seed 000 四(二)4 and 四(三)3, 资质证照网上自动核验 —
 * so that an application whose every certificate verifies can be admitted at once (申请即入).
 *
 * The domain depends on `ElicencePort`; `httpElicence` implements it against the province's e-licence
 * gateway (a small JSON API, `POST {base}/licences/verify`), and the local cloud serves a fake of the
 * same API. The gateway is an outside system that may be slow or down: the adapter never throws, it
 * answers `unknown` with the reason, and the application then goes to a human reviewer.
 */
import * as z from 'zod';
import { ENV, optionalEnv } from '#shared/deployment-env.ts';

export const ELICENCE_STATUSES = ['valid', 'expired', 'revoked', 'unknown', 'mismatch'] as const;
/**
 * - `valid`: the licence exists, belongs to the holder and is in force today;
 * - `expired` / `revoked`: it exists and belongs to the holder, but is no longer in force (过期 / 吊销撤销);
 * - `mismatch`: the number exists but is held by another organisation (冒用他人证照);
 * - `unknown`: the authority has no such licence, or the gateway could not be asked (see `reason`).
 */
export type ElicenceStatus = (typeof ELICENCE_STATUSES)[number];

export interface ElicenceQuery {
  /** Qualification type as the catalogue names it, e.g. 测绘资质. */
  type: string;
  /** Certificate number as printed, e.g. 乙测资字44503127. */
  number: string;
  /** 统一社会信用代码 of the applicant. */
  holderUscc: string;
}

export interface ElicenceResult {
  status: ElicenceStatus;
  /** ISO dates (YYYY-MM-DD) from the authority's record: only for valid, expired and revoked licences. */
  validFrom?: string;
  validTo?: string;
  grade?: string;
  /** 发证机关. */
  issuer?: string;
  /** The holder's name on record, to compare with the application's. */
  holderName?: string;
  /** When the product asked (ISO 8601): a verification is a fact at a date, recorded in the audit chain. */
  checkedAt: string;
  /** Which e-licence gateway answered (its base URL), for the audit chain. */
  source: string;
  /** Why a licence is revoked, or why the gateway could not answer (`unknown`). */
  reason?: string;
}

export interface ElicencePort {
  verify(query: ElicenceQuery): Promise<ElicenceResult>;
}

export interface HttpElicenceOptions {
  /** Per attempt. @default 3000 — the verification runs inside an API request. */
  timeoutMs?: number;
  /** Attempts after the first, on timeouts, network errors, 429 and 5xx only. @default 1 */
  retries?: number;
  /** @default 200 */
  retryDelayMs?: number;
  now?: () => Date;
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
// The gateway's answer. Not strict: an authority's system adds fields over time, which must not break us.
const Answer = z.object({
  status: z.enum(ELICENCE_STATUSES),
  validFrom: IsoDate.optional(),
  validTo: IsoDate.optional(),
  grade: z.string().max(50).optional(),
  issuer: z.string().max(200).optional(),
  holderName: z.string().max(200).optional(),
  reason: z.string().max(500).optional(),
});

type Attempt = { answer: z.infer<typeof Answer> } | { failure: string; retryable: boolean };

export function httpElicence(baseUrl: string, options: HttpElicenceOptions = {}): ElicencePort {
  const { timeoutMs = 3000, retries = 1, retryDelayMs = 200, now = () => new Date() } = options;
  const source = baseUrl.replace(/\/+$/, '');
  const endpoint = `${source}/licences/verify`;

  async function attempt(query: ElicenceQuery): Promise<Attempt> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(query),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { failure: timedOut(error) ? `no answer within ${timeoutMs} ms` : `unreachable (${describe(error)})`, retryable: true };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { failure: `answered HTTP ${response.status}`, retryable: response.status === 429 || response.status >= 500 };
    }
    try {
      const parsed = Answer.safeParse(await response.json());
      return parsed.success ? { answer: parsed.data } : { failure: 'answered in an unexpected format', retryable: false };
    } catch (error) {
      return timedOut(error) ? { failure: `no answer within ${timeoutMs} ms`, retryable: true } : { failure: 'answered with a body that is not JSON', retryable: false };
    }
  }

  return {
    async verify(q) {
      const checkedAt = now().toISOString();
      const query = { type: q.type.trim(), number: q.number.trim(), holderUscc: q.holderUscc.trim().toUpperCase() };
      if (!query.type || !query.number || !query.holderUscc) {
        return { status: 'unknown', checkedAt, source, reason: 'incomplete query: type, number and holder are all needed' };
      }
      let result = await attempt(query);
      for (let left = retries; 'failure' in result && result.retryable && left > 0; left--) {
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        result = await attempt(query);
      }
      if ('failure' in result) return { status: 'unknown', checkedAt, source, reason: `e-licence gateway ${result.failure}` };
      const a = result.answer;
      // Details only describe the applicant's own licence: never echo another holder's record.
      if (a.status === 'unknown' || a.status === 'mismatch') return { status: a.status, checkedAt, source };
      return {
        status: a.status, validFrom: a.validFrom, validTo: a.validTo, grade: a.grade, issuer: a.issuer, holderName: a.holderName,
        checkedAt, source, ...(a.status === 'revoked' && a.reason ? { reason: a.reason } : {}),
      };
    },
  };
}

/**
 * The port as a function's environment configures it: `ELICENCE_URL` is the base URL of the province's
 * e-licence gateway (省电子证照共享服务), set by the CDK app per city. A city without one still works:
 * every licence is `unknown` and goes to a human reviewer.
 */
export function elicenceFromEnv(options?: HttpElicenceOptions): ElicencePort {
  const url = optionalEnv(ENV.elicenceUrl);
  if (url) return httpElicence(url, options);
  const now = options?.now ?? (() => new Date());
  return { verify: async () => ({ status: 'unknown', checkedAt: now().toISOString(), source: 'none', reason: `no e-licence gateway is configured (${ENV.elicenceUrl})` }) };
}

// By name, not instanceof: fetch's errors may come from another realm (a test runner's sandbox).
function timedOut(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function describe(error: unknown): string {
  const e = error as { name?: unknown; cause?: { code?: unknown } } | null;
  return typeof e?.cause?.code === 'string' ? e.cause.code : typeof e?.name === 'string' ? e.name : 'network error';
}
