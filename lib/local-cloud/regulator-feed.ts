/**
 * The fake regulators' credit feed of the local cloud (行政处罚、失信被执行人、表彰), answering the small JSON API the
 * product's port speaks (functions/credit/adapters/regulator-feed.ts): `GET {base}/entries`. Its entries are
 * config/demo-regulator-feed.json, checked at start. `POST {base}/entries` adds an entry while the cloud runs (tests
 * and demos), `DELETE {base}/entries` forgets the added ones.
 *
 * Base URL in the local cloud: `${endpoint}/_local/regulator-feed` (the functions' REGULATOR_FEED_URL).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import * as z from 'zod';
import { FeedEntry } from '../../functions/credit/adapters/regulator-feed.ts';
import { sendJson } from './gateway.ts';
import type { ControlRoute } from './oidc.ts';

export const FAKE_REGULATOR_FEED_PATH = '/_local/regulator-feed';

const DemoFeed = z.object({ $comment: z.string().optional(), entries: z.array(FeedEntry) }).strict();

export function createFakeRegulatorFeed(opts: { repoRoot: string; file?: string }): { basePath: string; controlRoutes: ControlRoute[] } {
  const file = opts.file ?? path.join(opts.repoRoot, 'config/demo-regulator-feed.json');
  const parsed = DemoFeed.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const demo = parsed.data.entries;
  let added: FeedEntry[] = [];
  const at = `${FAKE_REGULATOR_FEED_PATH}/entries`;

  const list = async (_req: IncomingMessage, res: ServerResponse, _body: Buffer, url: URL) => {
    if (url.pathname !== at) return sendJson(res, 404, { message: `No local route for GET ${url.pathname}` });
    sendJson(res, 200, { entries: [...demo, ...added] });
  };
  const add = async (_req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL) => {
    if (url.pathname !== at) return sendJson(res, 404, { message: `No local route for POST ${url.pathname}` });
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { message: 'the body must be a JSON feed entry' });
    }
    const entry = FeedEntry.safeParse(input);
    if (!entry.success) return sendJson(res, 400, { message: entry.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    added = [...added.filter((e) => e.id !== entry.data.id), entry.data];
    sendJson(res, 201, entry.data);
  };
  const clear = async (_req: IncomingMessage, res: ServerResponse) => {
    added = [];
    sendJson(res, 200, { entries: demo.length });
  };
  return {
    basePath: FAKE_REGULATOR_FEED_PATH,
    controlRoutes: [
      { method: 'GET', path: at, handle: list },
      { method: 'POST', path: at, handle: add },
      { method: 'DELETE', path: at, handle: clear },
    ],
  };
}
