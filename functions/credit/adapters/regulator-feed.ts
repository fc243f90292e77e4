/**
 * The regulators' credit feed port (行业主管部门行政处罚、法院失信被执行人名单, 联合奖惩 — seed 003 附件1（七）, seed 001
 * 四（二）5 "联通信用中国"): `GET {base}/entries` answers the entries in force, each with a stable id. The domain
 * depends on `RegulatorFeedPort`; `httpRegulatorFeed` implements it against the province's credit platform, and the
 * local cloud serves a fake of the same API (lib/local-cloud/regulator-feed.ts). Base URL: REGULATOR_FEED_URL.
 * An outside system may be down: a failed fetch is an error of the import run (retried on the next schedule).
 */
import * as z from 'zod';
import { ENV, optionalEnv } from '#shared/deployment-env.ts';

export const FeedEntry = z.object({
  /** Stable id of the entry at the source (e.g. the penalty decision number): one record per id. */
  id: z.string().min(1).max(200),
  uscc: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
  kind: z.enum(['fake-documents', 'administrative-penalty', 'court-enforcement', 'commendation']),
  /** The tenant (GB/T 2260) of the body that decided: the record is issued there. */
  tenant: z.string().regex(/^\d{6}$/),
  /** 作出决定的机关. */
  regulator: z.string().min(1).max(200),
  facts: z.string().min(1).max(1000),
  decisionNo: z.string().max(200).optional(),
  effectiveAt: z.iso.datetime({ offset: true }),
});
export type FeedEntry = z.infer<typeof FeedEntry>;

export interface RegulatorFeedPort {
  /** Entries in force; malformed ones are reported apart, never dropped silently. */
  entries(): Promise<{ entries: FeedEntry[]; rejected: { index: number; problem: string }[]; source: string }>;
}

export function httpRegulatorFeed(baseUrl: string, options: { timeoutMs?: number } = {}): RegulatorFeedPort {
  const source = baseUrl.replace(/\/+$/, '');
  return {
    async entries() {
      const response = await fetch(`${source}/entries`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      if (!response.ok) throw new Error(`regulator feed ${source} answered HTTP ${response.status}`);
      const body = (await response.json()) as { entries?: unknown[] };
      const entries: FeedEntry[] = [];
      const rejected: { index: number; problem: string }[] = [];
      (body.entries ?? []).forEach((raw, index) => {
        const parsed = FeedEntry.safeParse(raw);
        if (parsed.success) entries.push(parsed.data);
        else rejected.push({ index, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      });
      return { entries, rejected, source };
    },
  };
}

/** The port as the environment configures it; undefined where the province has no feed. */
export function regulatorFeedFromEnv(): RegulatorFeedPort | undefined {
  const url = optionalEnv(ENV.regulatorFeedUrl);
  return url ? httpRegulatorFeed(url) : undefined;
}
