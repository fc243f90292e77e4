/**
 * The fake e-licence service (电子证照库) of the local cloud: what the province's e-licence gateway is in
 * the cloud, answering the same small JSON API the product's adapter speaks
 * (functions/agencies/adapters/elicence.ts): `POST {base}/licences/verify` with `{ type, number,
 * holderUscc }`. Its records are config/demo-licences.json; the status is computed at each query from
 * the record's dates, so an expired licence is expired because its date passed, as in the real system.
 *
 * Base URL in the local cloud: `${endpoint}/_local/elicence` (the functions' ELICENCE_URL).
 * `GET {base}/licences` lists the demo records, so that a developer can see which numbers to apply with.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import * as z from 'zod';
import { sendJson } from './gateway.ts';
import type { ControlRoute } from './oidc.ts';

export const FAKE_ELICENCE_PATH = '/_local/elicence';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const DemoLicence = z.object({
  agency: z.string().min(1),
  holderUscc: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
  type: z.string().min(1),
  number: z.string().min(1),
  grade: z.string().optional(),
  issuer: z.string().min(1),
  validFrom: IsoDate,
  validTo: IsoDate,
  revokedAt: IsoDate.optional(),
  revokedReason: z.string().optional(),
}).strict();
export type DemoLicence = z.infer<typeof DemoLicence>;
const DemoLicences = z.object({ $comment: z.string().optional(), licences: z.array(DemoLicence) }).strict();

const Query = z.object({ type: z.string().min(1), number: z.string().min(1), holderUscc: z.string().min(1) });

export interface FakeElicence {
  /** Path of the base URL under the local cloud's endpoint. */
  basePath: string;
  licences: DemoLicence[];
  controlRoutes: ControlRoute[];
}

export function createFakeElicence(opts: { repoRoot: string; file?: string; now?: () => Date }): FakeElicence {
  const file = opts.file ?? path.join(opts.repoRoot, 'config/demo-licences.json');
  // Read and checked once at start: a typo in the demo data fails the start, not a test an hour later.
  const parsed = DemoLicences.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const licences = parsed.data.licences;
  const now = opts.now ?? (() => new Date());

  const verify = async (_req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL) => {
    if (url.pathname !== `${FAKE_ELICENCE_PATH}/licences/verify`) return sendJson(res, 404, { message: `No local route for POST ${url.pathname}` });
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { message: 'the body must be JSON: { type, number, holderUscc }' });
    }
    const query = Query.safeParse(input);
    if (!query.success) return sendJson(res, 400, { message: 'type, number and holderUscc are required strings' });
    sendJson(res, 200, answer(licences, query.data, chinaDate(now())));
  };
  const list = async (_req: IncomingMessage, res: ServerResponse, _body: Buffer, url: URL) => {
    if (url.pathname !== `${FAKE_ELICENCE_PATH}/licences`) return sendJson(res, 404, { message: `No local route for GET ${url.pathname}` });
    const today = chinaDate(now());
    sendJson(res, 200, licences.map((l) => ({ ...l, status: answer(licences, l, today).status })));
  };

  return {
    basePath: FAKE_ELICENCE_PATH,
    licences,
    controlRoutes: [
      { method: 'POST', path: `${FAKE_ELICENCE_PATH}/licences/verify`, handle: verify },
      { method: 'GET', path: `${FAKE_ELICENCE_PATH}/licences`, handle: list },
    ],
  };
}

/** The record's answer on a date (YYYY-MM-DD): what the gateway would say. */
export function answer(licences: DemoLicence[], q: { type: string; number: string; holderUscc: string }, today: string): Record<string, unknown> {
  const record = licences.find((l) => l.type === q.type.trim() && l.number === q.number.trim());
  if (!record) return { status: 'unknown' };
  // Another holder's licence: say so, and nothing about the record (it is not the asker's to see).
  if (record.holderUscc !== q.holderUscc.trim().toUpperCase()) return { status: 'mismatch' };
  const details = { validFrom: record.validFrom, validTo: record.validTo, grade: record.grade, issuer: record.issuer, holderName: record.agency };
  if (record.revokedAt && record.revokedAt <= today) return { status: 'revoked', ...details, revokedAt: record.revokedAt, reason: record.revokedReason };
  if (record.validTo < today) return { status: 'expired', ...details };
  return { status: 'valid', ...details };
}

/** Licences run by calendar days in China Standard Time (UTC+8, no daylight saving). */
function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
