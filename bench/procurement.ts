/**
 * Procurement figures for `npm run bench` (issue 4), printed, never asserted:
 *   - deadline → award: the time from `registration.closesAt` to the published award notice, on small random-method
 *     projects (server-side: `award.rounds[0].awardedAt − closesAt`; client-side: the first 200 of GET …/award);
 *   - burst: N registrations (BENCH_BURST, default 1,000) from N distinct admitted agencies, each with its own token
 *     on its own connection, all sent in the last second before the registration deadline: accepted / refused / lost /
 *     duplicated and the latency percentiles, checked against the close's frozen pool and the registration rows;
 *   - the same burst sent long before the deadline (capacity): what the local cloud can serve when time is no limit.
 * Each runs on a sandbox county of its own with its clock accelerated, through the running local cloud
 * (ISM_TEST_ENDPOINT and ISM_API_URLS set by bench/run.ts, or by the caller when run alone: see the bottom of this file).
 *
 * Reading the burst on a 2-core machine: every registration costs about 12–15 ms of CPU across the stack (the
 * function ≈ 6, DynamoDB Local ≈ 3, the gateway and HTTP API ≈ 2), so 1,000 need 6 s or more of both cores. The close
 * waits for the requests in flight (an in-flight count per project, at most 20 s after the deadline), so they are
 * counted however long they take; the latency lines show what that costs here. The lines say which refusal happened
 * to how many; none of it is hidden in the counts.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { admittedAgency } from '#functions/agencies/domain/test-fixtures.ts';
import { CLOSE_GRACE_MS } from '#functions/procurement/timeline-route.ts';
import { computeUsccCheckChar } from '#functions/shared/codes/uscc.ts';
import { agencyKeys } from '#functions/shared/store/keys.ts';
import { cityTable, dynamoClient, freshUscc } from '../test/integration/agencies-fixtures.ts';
import { apiOf, call, endpoint, operatorOf, PROVINCE, token, type Claims } from '../test/integration/helpers.ts';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (iso: string) => Date.parse(iso);

// ── Set-up, as the procurement integration tests do it (test/integration/procurement-fixtures.ts), kept here so the
// bench does not depend on a test file's jest hooks. Each bench runs in a sandbox county of its own, onboarded here,
// so its accelerator never touches the demo counties (whose seeded projects run on their own clocks).

/** 固定资产投资项目节能评估: a city item with no qualification requirement, fiscal funds. */
const itemOf = (city: string) => ({ tenant: city, code: `ZJ-${city}-0006` });

async function onboardCounty(city: string, code: string, name: string): Promise<void> {
  if ((await call(city, 'GET', `/v1/tenants/${code}`)).status === 200) return;
  const admin: Claims = { role: 'province-admin', tenant: PROVINCE, sub: 'admin-bench' };
  const res = await call(city, 'POST', '/v1/tenants', { as: admin, body: { code, name, parent: city, operator: { username: `op-${code}`, name: '基准测试运营' } }, headers: { 'idempotency-key': `bench-onboard-${code}` } });
  if (res.status !== 201) throw new Error(`onboard ${code}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function accelerate(city: string, tenant: string, accelerator: number): Promise<void> {
  const res = await call(city, 'PUT', `/v1/tenants/${tenant}/policy`, { as: operatorOf(tenant), body: { timeAccelerator: accelerator } });
  if (res.status !== 200) throw new Error(`policy: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A department (机关, fiscal funds) registered in the county, and a clerk of it. */
async function ownerClerk(city: string, tenant: string): Promise<{ as: Claims; ownerId: string }> {
  let ownerId = (await call(city, 'GET', `/v1/tenants/${tenant}/owners`)).body.items?.[0]?.id as string | undefined;
  if (!ownerId) {
    const company = freshUscc(tenant);
    const first17 = `11${company.slice(2, 17)}`;
    const body = { kind: 'department', uscc: first17 + computeUsccCheckChar(first17), name: `${tenant} 发展和改革局`, fundingTypes: ['fiscal'], contact: { name: '王经理', officePhone: '0663-8888888' } };
    const res = await call(city, 'POST', `/v1/tenants/${tenant}/owners`, { as: operatorOf(tenant), body, headers: { 'idempotency-key': `bench-owner-${tenant}` } });
    if (res.status !== 201) throw new Error(`owner: ${res.status} ${JSON.stringify(res.body)}`);
    ownerId = res.body.id as string;
  }
  const added = await call(city, 'POST', `/v1/tenants/${tenant}/owners/${ownerId}/clerks`, { as: operatorOf(tenant), body: { username: `clerk-${randomBytes(4).toString('hex')}`, name: '基准经办' } });
  if (added.status !== 201) throw new Error(`clerk: ${added.status} ${JSON.stringify(added.body)}`);
  return { as: { role: 'owner', tenant, sub: added.body.subject }, ownerId: ownerId! };
}

const purchaseRequest = (city: string, ownerId: string, workingDays: number) => ({
  name: `基准测试项目 ${randomBytes(3).toString('hex')}`, serviceItem: itemOf(city), ownerId, fundingType: 'fiscal', budgetFen: 5_000_000,
  serviceContent: '某产业园区固定资产投资项目节能评估报告编制', selectionMethod: 'random', registrationWindowWorkingDays: workingDays,
});

/** Runs `f` over `xs` with at most `width` at a time. */
async function pooled<T, R>(xs: T[], width: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, xs.length) }, async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i], i);
    }
  }));
  return out;
}

/**
 * Waits until no function of the local cloud has been invoked for `quietMs` (the announcement to every qualified
 * agency, a previous project's certificate …), so that a measurement is not of someone else's work. Returns the wait.
 */
async function idle(quietMs = 1_000, maxMs = 60_000): Promise<number> {
  const started = Date.now();
  const total = async () => ((await (await fetch(`${endpoint()}/_local/functions`)).json()) as { invocations: number }[]).reduce((s, f) => s + f.invocations, 0);
  let last = await total();
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - started < maxMs) {
    await sleep(100);
    const now = await total();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return Date.now() - started;
}

/**
 * The accelerator that makes a registration window of `workingDays` opening about now last about `targetMs` (the
 * real deadline is 2+ working days away, further over a weekend or a holiday: the tenant's calendar says how far).
 */
async function acceleratorFor(city: string, tenant: string, workingDays: number, targetMs: number): Promise<number> {
  const from = new Date().toISOString();
  const res = await call(city, 'GET', `/v1/tenants/${tenant}/deadlines?from=${encodeURIComponent(from)}&workingDays=${workingDays}`);
  if (res.status !== 200) throw new Error(`deadline: ${res.status} ${JSON.stringify(res.body)}`);
  const realMs = ms(res.body.at) - ms(from);
  return Math.max(1, Math.min(86_400, Math.floor(realMs / targetMs)));
}

async function publish(city: string, tenant: string, owner: Awaited<ReturnType<typeof ownerClerk>>, workingDays: number) {
  const base = `/v1/tenants/${tenant}/projects`;
  const submitted = await call(city, 'POST', base, { as: owner.as, body: purchaseRequest(city, owner.ownerId, workingDays) });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const id = submitted.body.id as string;
  const approved = await call(city, 'POST', `${base}/${id}/review`, { as: operatorOf(tenant), body: { decision: 'approve' } });
  if (approved.status !== 200 || approved.body.status !== 'published') throw new Error(`review: ${approved.status} ${JSON.stringify(approved.body)}`);
  return { id, closesAt: approved.body.registration.closesAt as string };
}

async function record(city: string, tenant: string, id: string) {
  const res = await call(city, 'GET', `/v1/tenants/${tenant}/projects/${id}/record`, { as: operatorOf(tenant) });
  if (res.status !== 200) throw new Error(`record: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// ───────────────────────────── deadline → award ─────────────────────────────

export interface AwardRun { serverMs: number; clientMs: number; closeMs: number; registrants: number }

/**
 * `runs` small random-method projects (`registrants` agencies each) on an accelerated county: from the deadline the
 * server enforced to the award notice. Server-side from the stored instants; client-side from polling GET …/award
 * (every 20 ms) until it answers 200. Each run starts with the local cloud idle (the previous project's certificate
 * is issued a publicity window after its award).
 */
export async function measureDeadlineToAward(runs: number, o: { city?: string; tenant?: string; registrants?: number } = {}): Promise<AwardRun[]> {
  const city = o.city ?? '445200';
  const tenant = o.tenant ?? '445222';
  const registrants = o.registrants ?? 4;
  await onboardCounty(city, tenant, '揭西县');
  // One working day per second at most: the 2-day window is 2+ s, time enough to register a handful.
  await accelerate(city, tenant, await acceleratorFor(city, tenant, 2, 3_000));
  const owner = await ownerClerk(city, tenant);
  const agencies = (await admitMany(city, tenant, registrants)).map((uscc) => ({ uscc, as: agencyClerk(tenant, uscc) }));
  await Promise.all(agencies.map((a) => token(a.as)));
  const out: AwardRun[] = [];
  for (let r = 0; r < runs; r++) {
    await idle();
    const { id, closesAt } = await publish(city, tenant, owner, 2);
    for (const a of agencies) {
      const res = await call(city, 'POST', `/v1/tenants/${tenant}/projects/${id}/registrations`, { as: a.as, body: {} });
      if (res.status !== 201) throw new Error(`registration: ${res.status} ${JSON.stringify(res.body)}`);
    }
    if (Date.now() >= ms(closesAt)) throw new Error(`registrations of run ${r + 1} ended after the deadline ${closesAt}: raise the window`);
    let seenAt = 0;
    for (;;) {
      const res = await call(city, 'GET', `/v1/tenants/${tenant}/projects/${id}/award`);
      if (res.status === 200) {
        seenAt = Date.now();
        break;
      }
      if (Date.now() - ms(closesAt) > 60_000) throw new Error(`no award notice 60 s after the deadline: ${JSON.stringify((await record(city, tenant, id)).status)}`);
      await sleep(20);
    }
    const p = await record(city, tenant, id);
    if (p.closing.pool.length !== registrants) throw new Error(`pool of ${p.closing.pool.length}, expected ${registrants}`);
    out.push({ serverMs: ms(p.award.rounds[0].awardedAt) - ms(closesAt), clientMs: seenAt - ms(closesAt), closeMs: ms(p.closing.closedAt) - ms(closesAt), registrants });
  }
  return out;
}

// ───────────────────────────── the burst ─────────────────────────────

const agencyClerk = (tenant: string, uscc: string): Claims => ({ role: 'agency', tenant, agency: uscc, sub: `clerk-${uscc}` });

/** `n` distinct agencies offering the city's item (no qualification required), admitted in the county and practising there, written 25 at a time. */
async function admitMany(city: string, county: string, n: number): Promise<string[]> {
  const table = await cityTable(city);
  const codes = new Set<string>();
  while (codes.size < n) codes.add(freshUscc(county));
  const all = [...codes];
  const client = dynamoClient();
  const batches: string[][] = [];
  for (let i = 0; i < all.length; i += 25) batches.push(all.slice(i, i + 25));
  await pooled(batches, 4, async (batch, b) => {
    let items: Record<string, unknown>[] = batch.map((uscc, j) => {
      const base = admittedAgency({ uscc, name: `基准节能咨询有限公司${b * 25 + j + 1}号`, serviceItems: [{ tenant: '445200', code: 'ZJ-445200-0003' }] });
      const agency = { ...base, province: PROVINCE, admittedIn: county, serviceItems: [{ ...itemOf(city), status: 'active' }], qualifications: [], practiceRegions: [county] };
      return { PutRequest: { Item: marshall({ ...agencyKeys.agency(PROVINCE, uscc), ...agencyKeys.directoryIndex(PROVINCE, uscc), ...agencyKeys.admittedByCityIndex(city, uscc), ...agency }, { removeUndefinedValues: true, convertClassInstanceToMap: true }) } };
    });
    for (let attempt = 0; items.length; attempt++) {
      if (attempt > 10) throw new Error('BatchWriteItem: items still unprocessed after 10 attempts');
      const res = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items as never } }));
      items = (res.UnprocessedItems?.[table] ?? []) as never;
      if (items.length) await sleep(50 * (attempt + 1));
    }
  });
  client.destroy();
  return all;
}

/** `now`: the handler's clock in a deadline refusal (`registration.closed` carries it), to see how late it read it. */
interface Answer { code: string; status: number; problem?: string; now?: string; sentAt: number; latencyMs: number }

/** One POST on its own connection (distinct agencies are distinct clients), timed from the call to the last byte. */
function register(url: URL, bearer: string, code: string): Promise<Answer> {
  const sentAt = Date.now();
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'content-length': 2 } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let problem: string | undefined;
        let now: string | undefined;
        if ((res.statusCode ?? 0) >= 300) {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const body = JSON.parse(text) as { code?: string; type?: string; message?: string; now?: string };
            problem = body.code ?? body.type ?? body.message;
            now = body.now;
          } catch {
            problem = text.slice(0, 80);
          }
        }
        resolve({ code, status: res.statusCode ?? 0, problem, now, sentAt, latencyMs: performance.now() - started });
      });
    });
    req.on('error', (e) => resolve({ code, status: 0, problem: `${(e as NodeJS.ErrnoException).code ?? e.message}`, sentAt, latencyMs: performance.now() - started }));
    req.end('{}');
  });
}

export interface BurstResult {
  n: number;
  closesAt: string;
  leadMs: number;
  accepted: number;
  refused: number;
  refusedBy: Record<string, number>;
  lost: number;
  duplicated: number;
  /** Refused to the client, yet in the frozen pool: it counts though its agency was told it failed (by answer code). */
  refusedButInPool: number;
  refusedButInPoolBy: Record<string, number>;
  /** Rows left `registered` that the close did not take (stored after it read): GET …/registrations/mine says registered. */
  registeredOutsidePool: number;
  otherAnswers: Record<string, number>;
  latencies: number[];
  /** All sent between these two offsets from the deadline (ms, negative = before). */
  sentWindow: [number, number];
  /** Refused by the deadline although sent before it: how many, and how late after the deadline their handlers read the clock (ms). */
  lateReads?: { count: number; maxSentBeforeMs: number; clockAfterMs: [number, number] };
  /** Server clock at which the stored registrations were taken (registeredAt − closesAt, ms), first and last. */
  registeredWindow: [number, number];
  firstSentToLastAnswerMs: number;
  lastAnswerAfterDeadlineMs: number;
  closeToAwardMs?: number;
  status: string;
  poolSize: number;
  idleWaitMs: number;
}

export interface BurstSetup { city: string; tenant: string; owner: Awaited<ReturnType<typeof ownerClerk>>; codes: string[]; bearers: string[] }

/** n admitted agencies of a county of the bench's own (惠来县), each with its clerk's token; the registrations function warmed. */
export async function prepareBurst(n: number, o: { city?: string; tenant?: string } = {}): Promise<BurstSetup> {
  const city = o.city ?? '445200';
  const tenant = o.tenant ?? '445224';
  await onboardCounty(city, tenant, '惠来县');
  const owner = await ownerClerk(city, tenant);
  const codes = await admitMany(city, tenant, n);
  const bearers = await pooled(codes, 32, (c) => token(agencyClerk(tenant, c)));
  // A cold start is not what the burst measures: one request through the registrations function first (a 404).
  await call(city, 'GET', `/v1/tenants/${tenant}/projects/${tenant}-00000000-XXXXXX/registrations/mine`, { as: agencyClerk(tenant, codes[0]) });
  return { city, tenant, owner, codes, bearers };
}

/**
 * All the set-up's agencies register at once, `leadMs` before the deadline of a new project (1,000: the last second),
 * each with its own token on its own connection. Then the close's frozen pool is compared with what each client was
 * told. The window is long enough for the announcement to all n agencies, which is waited out before firing.
 */
export async function measureBurst(setup: BurstSetup, o: { leadMs?: number; windowMs?: number } = {}): Promise<BurstResult> {
  const { city, tenant, owner, codes, bearers } = setup;
  const n = codes.length;
  const leadMs = o.leadMs ?? 1_000;
  await accelerate(city, tenant, await acceleratorFor(city, tenant, 2, o.windowMs ?? leadMs + Math.max(10_000, 15 * n)));
  const { id, closesAt } = await publish(city, tenant, owner, 2);
  const deadline = ms(closesAt);
  const idleWaitMs = await idle(1_000, Math.max(0, deadline - leadMs - Date.now() - 200));
  const fireAt = deadline - leadMs;
  if (Date.now() > fireAt) throw new Error(`set-up ended ${Date.now() - fireAt} ms after the burst should have started: raise BENCH_BURST_WINDOW_MS`);
  const url = new URL(`${apiOf(city)}/v1/tenants/${tenant}/projects/${id}/registrations`);
  // Sleep to just before, then spin: the first request leaves at fireAt, not a timer slice late.
  await sleep(Math.max(0, fireAt - Date.now() - 20));
  while (Date.now() < fireAt) { /* spin */ }
  const answers = await Promise.all(codes.map((c, i) => register(url, bearers[i], c)));
  const lastAnswerAt = Math.max(...answers.map((a) => a.sentAt + a.latencyMs));

  // The close freezes the pool at closesAt + grace, re-checking every registrant, then draws among them.
  let p: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (;;) {
    p = await record(city, tenant, id);
    if (!['published', 'closed', 'selecting'].includes(p.status)) break;
    if (Date.now() - deadline > 180_000) throw new Error(`project still ${p.status} 180 s after the deadline`);
    await sleep(200);
  }
  const pool: string[] = p.closing?.pool ?? [];
  const inPool = new Set(pool);
  const list = await call(city, 'GET', `/v1/tenants/${tenant}/projects/${id}/registrations`, { as: operatorOf(tenant) });
  if (list.status !== 200) throw new Error(`registrations: ${list.status} ${JSON.stringify(list.body)}`);
  const rows = list.body.items as { code: string; status: string; registeredAt: string }[];
  const rowsBy = new Map<string, number>();
  for (const r of rows) rowsBy.set(r.code, (rowsBy.get(r.code) ?? 0) + 1);
  const registered = rows.filter((r) => r.status === 'registered');

  const accepted = answers.filter((a) => a.status === 201);
  const refusedAnswers = answers.filter((a) => a.status === 0 || a.status >= 400);
  const tally = (xs: Answer[], key: (a: Answer) => string) => xs.reduce<Record<string, number>>((t, a) => ((t[key(a)] = (t[key(a)] ?? 0) + 1), t), {});
  const sent = answers.map((a) => a.sentAt - deadline);
  const late = answers.filter((a) => a.now && a.sentAt < deadline);
  const lateClock = late.map((a) => ms(a.now!) - deadline);
  const took = registered.map((r) => ms(r.registeredAt) - deadline);
  return {
    n, closesAt, leadMs,
    accepted: accepted.length,
    refused: refusedAnswers.length,
    // registration.closed twice over: refused by the clock the handler read (it carries `now`), or stored after the close and withdrawn.
    refusedBy: tally(refusedAnswers, (a) => `${a.status} ${a.problem ?? ''}${a.problem === 'registration.closed' ? (a.now ? ' (clock read after the deadline)' : ' (stored too late, withdrawn)') : ''}`.trim()),
    lost: accepted.filter((a) => !inPool.has(a.code)).length,
    // One row per agency and project is the key; a second row, or a code twice in the pool, is a duplicate.
    duplicated: [...rowsBy.values()].filter((k) => k > 1).length + (pool.length - inPool.size),
    refusedButInPool: refusedAnswers.filter((a) => inPool.has(a.code)).length,
    refusedButInPoolBy: tally(refusedAnswers.filter((a) => inPool.has(a.code)), (a) => `${a.status} ${a.problem ?? ''}`.trim()),
    registeredOutsidePool: registered.filter((r) => !inPool.has(r.code)).length,
    otherAnswers: tally(answers.filter((x) => x.status !== 201 && x.status !== 0 && x.status < 400), (a) => String(a.status)),
    latencies: answers.map((a) => a.latencyMs),
    sentWindow: [Math.min(...sent), Math.max(...sent)],
    lateReads: late.length ? { count: late.length, maxSentBeforeMs: Math.max(...late.map((a) => deadline - a.sentAt)), clockAfterMs: [Math.min(...lateClock), Math.max(...lateClock)] } : undefined,
    registeredWindow: took.length ? [Math.min(...took), Math.max(...took)] : [NaN, NaN],
    firstSentToLastAnswerMs: lastAnswerAt - Math.min(...answers.map((a) => a.sentAt)),
    lastAnswerAfterDeadlineMs: lastAnswerAt - deadline,
    closeToAwardMs: p.award ? ms(p.award.rounds[0].awardedAt) - deadline : undefined,
    status: p.status,
    poolSize: pool.length,
    idleWaitMs,
  };
}

export function burstLines(b: BurstResult, title = 'registration burst'): string[] {
  const list = (t: Record<string, number>) => Object.entries(t).map(([k, v]) => `${v}× ${k}`).join(', ');
  const notes = [
    Object.keys(b.refusedBy).length ? `refused: ${list(b.refusedBy)}` : '',
    Object.keys(b.otherAnswers).length ? `other answers: ${list(b.otherAnswers)}` : '',
    b.refusedButInPool ? `${b.refusedButInPool} refused yet in the close's pool (${list(b.refusedButInPoolBy)}): told they failed, they are drawn from` : '',
    b.lateReads ? `${b.lateReads.count} refused as late were sent up to ${b.lateReads.maxSentBeforeMs} ms before the deadline but their handlers read the clock ${b.lateReads.clockAfterMs[0]}…${b.lateReads.clockAfterMs[1]} ms after it` : '',
    b.registeredOutsidePool ? `${b.registeredOutsidePool} rows left 'registered' outside the pool (stored after the close, their requests timed out before withdrawing them)` : '',
  ].filter(Boolean).join('; ');
  return [
    `${title}: ${b.n} distinct agencies, sent ${-b.sentWindow[0]}…${-b.sentWindow[1]} ms before the deadline (${b.closesAt}), one connection each`,
    `  accepted / refused / lost / duplicated: ${b.accepted} / ${b.refused} / ${b.lost} / ${b.duplicated}   (must be ${b.n} / 0 / 0 / 0)${notes ? `; ${notes}` : ''}`,
    `  latency p50 ${median(b.latencies).toFixed(0)} ms, p99 ${pct(b.latencies, 0.99).toFixed(0)} ms; all ${b.n} answered in ${(b.firstSentToLastAnswerMs / 1000).toFixed(1)} s (${(b.n / (b.firstSentToLastAnswerMs / 1000)).toFixed(0)}/s), the last ${b.lastAnswerAfterDeadlineMs >= 0 ? `${(b.lastAnswerAfterDeadlineMs / 1000).toFixed(1)} s after` : `${(-b.lastAnswerAfterDeadlineMs / 1000).toFixed(1)} s before`} the deadline; the stored ones were taken ${b.registeredWindow[0]}…${b.registeredWindow[1]} ms from it`,
    `  close (at deadline + ${CLOSE_GRACE_MS} ms): pool of ${b.poolSize}, project ${b.status}${b.closeToAwardMs !== undefined ? `, award notice ${(b.closeToAwardMs / 1000).toFixed(2)} s after the deadline` : ''}; before firing, waited ${(b.idleWaitMs / 1000).toFixed(1)} s for the local cloud to be idle (the announcement to the ${b.n} agencies)`,
  ];
}

export function awardLine(runs: AwardRun[]): string {
  const s = runs.map((r) => r.serverMs);
  const c = runs.map((r) => r.clientMs);
  return `deadline → award notice (random, ${runs[0]?.registrants} registrants, ${runs.length} runs): median ${(median(s) / 1000).toFixed(2)} s server-side (awardedAt − closesAt) [${s.map((x) => (x / 1000).toFixed(2)).join(', ')}], ${(median(c) / 1000).toFixed(2)} s client-observed (first 200 of GET …/award) [${c.map((x) => (x / 1000).toFixed(2)).join(', ')}]; close ran at +${(median(runs.map((r) => r.closeMs)) / 1000).toFixed(2)} s (grace ${CLOSE_GRACE_MS} ms)   (budget ≤ 2 s)`;
}

// Alone, against a running local cloud:
//   ISM_TEST_ENDPOINT=http://localhost:4680 ISM_API_URLS='{"445200":"http://localhost:3180"}' npx tsx bench/procurement.ts [award|burst|capacity]
if (import.meta.url === `file://${process.argv[1]}`) {
  const what = process.argv[2] ?? 'all';
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  if (what === 'all' || what === 'award') console.log(awardLine(await measureDeadlineToAward(env('BENCH_AWARD_RUNS') ?? 5)));
  if (what !== 'award') {
    const setup = await prepareBurst(env('BENCH_BURST') ?? 1000);
    if (what !== 'capacity') for (const line of burstLines(await measureBurst(setup, { leadMs: env('BENCH_BURST_LEAD_MS'), windowMs: env('BENCH_BURST_WINDOW_MS') }))) console.log(line);
    if (what !== 'burst') for (const line of burstLines(await measureBurst(setup, { leadMs: env('BENCH_CAPACITY_LEAD_MS') ?? 30 * setup.codes.length }), 'same burst, deadline not binding')) console.log(line);
  }
}
