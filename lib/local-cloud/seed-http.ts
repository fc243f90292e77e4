/**
 * The demo seed's client of the product's own HTTP API (seed-agencies.ts, seed-projects.ts): JSON in and out, a
 * bearer token from the local issuer for the claims it acts with, an optional Idempotency-Key, and an abort
 * signal so that stopping the local cloud stops a demo still being driven. It answers status and body and
 * leaves judging them to the caller (`expect` throws with both when the status is not the one wanted).
 */
import type { Role } from '../../functions/shared/auth/claims.ts';

export interface SeedClaims {
  role: Exclude<Role, 'public'>;
  tenant?: string;
  agency?: string;
  sub: string;
}

export type IssueToken = (claims: SeedClaims) => Promise<string>;

export interface SeedAnswer {
  status: number;
  // Each caller reads the few fields it needs from the product's documented views.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface SeedHttp {
  call(apiUrl: string, method: string, path: string, opts?: { as?: SeedClaims; body?: unknown; key?: string }): Promise<SeedAnswer>;
  /** `call`, then throws unless the status is one of `ok`. */
  expect(ok: number | number[], apiUrl: string, method: string, path: string, opts?: { as?: SeedClaims; body?: unknown; key?: string }): Promise<SeedAnswer>;
  signal: AbortSignal;
  /** The same client, not stopped by `signal` but after 5 s: for putting things back while the local cloud stops. */
  detached(): SeedHttp;
}

export function seedHttp(issue: IssueToken, signal: AbortSignal = new AbortController().signal): SeedHttp {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (claims: SeedClaims) => {
    const key = JSON.stringify(claims);
    if (!tokens.has(key)) tokens.set(key, issue(claims));
    return tokens.get(key)!;
  };
  const call: SeedHttp['call'] = async (apiUrl, method, path, opts = {}) => {
    signal.throwIfAborted();
    const headers: Record<string, string> = {};
    if (opts.as) headers.authorization = `Bearer ${await tokenOf(opts.as)}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.key) headers['idempotency-key'] = opts.key;
    const res = await fetch(`${apiUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: kept as text */
    }
    return { status: res.status, body };
  };
  return {
    call,
    signal,
    detached: () => seedHttp(issue, AbortSignal.timeout(5_000)),
    async expect(ok, apiUrl, method, path, opts) {
      const answer = await call(apiUrl, method, path, opts);
      if (!(Array.isArray(ok) ? ok : [ok]).includes(answer.status)) {
        throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 600)}`);
      }
      return answer;
    },
  };
}

/** Resolves after `ms`, or rejects at once when the demo is stopped. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls `probe` every `everyMs` until it answers something, or throws `what` after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, signal: AbortSignal, timeoutMs = 120_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting (${Math.round(timeoutMs / 1000)} s) for ${what}`);
    await pause(everyMs, signal);
  }
}
