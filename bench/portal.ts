/**
 * Portal figures for `npm run bench` (issue 6), printed, never asserted: the median server time of the public portal's
 * home page (`GET /`) and statistics page (`GET /portal/statistics`) with a seeded year of data — at least 5,000
 * projects in one city (BENCH_PORTAL_PROJECTS, default 5,200) across 揭阳 and its two counties, published over the
 * 365 days before today. Budget ≤ 300 ms each.
 *
 * The rows are the product's own: three projects are first run through the real API and timeline (an evaluated random
 * draw and a 流标 in a sandbox county of the bench's own, time accelerated; an open one in real-time 揭东), then each
 * seeded project is a copy of one of them — same shape, new id, name, budget, winner and certificate number, every
 * instant moved by the same offset — so the portal reads exactly what the product writes. The statistics rows
 * (per-month project summaries and accumulators) are made by the open-data context's own functions
 * (summarizeProject, then summaryStore.refreshMonth) over the same projects.
 *
 * Server time: the local cloud's HTTP API on localhost, timed by the client from the request to the last byte
 * (so an upper bound of API Gateway → response), sequentially over BENCH_PORTAL_REQUESTS (default 25) requests after
 * 5 warm-up requests. Run alone (`npx tsx bench/portal.ts`) it starts its own local cloud on ports 4640 / 3140 (or ISM_TEST_PORT /
 * ISM_TEST_API_PORT).
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { admittedAgency } from '#functions/agencies/domain/test-fixtures.ts';
import { agencyKeys, projectKeys } from '#functions/shared/store/keys.ts';
import { formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { createWorkingDayCalendar } from '#functions/tenancy/domain/calendar/working-day-calendar.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import { statsKeys } from '#functions/disclosure/statistics/adapters/summary-store.ts';
import { foldSummaries } from '#functions/disclosure/statistics/domain/fold.ts';
import { type ProjectSummary, summarizeProject } from '#functions/disclosure/statistics/domain/summary.ts';
import { cityTable, dynamoClient, freshUscc } from '../test/integration/agencies-fixtures.ts';
import { apiOf, call, JIEDONG, JIEYANG, PROVINCE, RONGCHENG } from '../test/integration/helpers.ts';
import { accelerate, admittedAgencies, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest, serveAndEvaluate } from '../test/integration/procurement-fixtures.ts';
import { withBenchCloud } from './local-cloud.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const DAY = 86_400_000;
const BENCH_COUNTY = '445281'; // 普宁市 (a county-level city of 揭阳), onboarded as a sandbox tenant for the templates
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Row = Record<string, unknown>;

/** Every ISO instant in a record moved by `deltaMs` (Beijing offset, as the product formats them). */
function shiftInstants<T>(value: T, deltaMs: number): T {
  if (typeof value === 'string') return (ISO_INSTANT.test(value) ? formatShanghaiInstant(Date.parse(value) + deltaMs) : value) as T;
  if (Array.isArray(value)) return value.map((v) => shiftInstants(v, deltaMs)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftInstants(v, deltaMs)])) as T;
  return value;
}

async function projectRow(tenant: string, id: string): Promise<Row> {
  const item = (await dynamoClient().send(new GetItemCommand({ TableName: await cityTable(JIEYANG), Key: marshall(projectKeys.current(tenant, id)), ConsistentRead: true }))).Item;
  if (!item) throw new Error(`template ${id} not found`);
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...project } = unmarshall(item);
  return project;
}

/** Three real projects, run through the API and the timeline: evaluated, failed (流标), open. */
async function templates(): Promise<{ evaluated: Row; failed: Row; open: Row }> {
  await onboardCounty(JIEYANG, BENCH_COUNTY, '普宁市');
  await accelerate(JIEYANG, BENCH_COUNTY);
  const owner = await ownerClerk(JIEYANG, BENCH_COUNTY);
  const agencies = await admittedAgencies(JIEYANG, BENCH_COUNTY, BENCH_COUNTY, 4);
  const won = await publish(JIEYANG, BENCH_COUNTY, owner.as, purchaseRequest(JIEYANG, owner.ownerId));
  const lost = await publish(JIEYANG, BENCH_COUNTY, owner.as, purchaseRequest(JIEYANG, owner.ownerId));
  for (const a of agencies) await call(JIEYANG, 'POST', `/v1/tenants/${BENCH_COUNTY}/projects/${won.id}/registrations`, { as: a.as, body: {} });
  await call(JIEYANG, 'POST', `/v1/tenants/${BENCH_COUNTY}/projects/${lost.id}/registrations`, { as: agencies[0].as, body: {} });
  await projectWhen(JIEYANG, BENCH_COUNTY, lost.id, (p) => p.status === 'failed', '流标');
  await serveAndEvaluate(JIEYANG, BENCH_COUNTY, owner.as, won.id);
  const jd = await ownerClerk(JIEYANG, JIEDONG);
  const open = await publish(JIEYANG, JIEDONG, jd.as, purchaseRequest(JIEYANG, jd.ownerId));
  return { evaluated: await projectRow(BENCH_COUNTY, won.id), failed: await projectRow(BENCH_COUNTY, lost.id), open: await projectRow(JIEDONG, open.id) };
}

async function batchWrite(table: string, items: Row[]): Promise<void> {
  const client = dynamoClient();
  const batches: Row[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < batches.length) {
      let requests = batches[next++].map((Item) => ({ PutRequest: { Item: marshall(Item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) } }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 10) throw new Error('BatchWriteItem: unprocessed items after 10 attempts');
        const res = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests as never } }));
        requests = (res.UnprocessedItems?.[table] ?? []) as never;
        if (requests.length) await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
  }));
  client.destroy();
}

const CODE = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const code6 = () => Array.from(randomBytes(6), (b) => CODE[b % CODE.length]).join('');

/** One copy of a template as project `id` of `tenant`, published `publishedAt`, won (when it has a winner) by `winner`. */
function copyOf(template: Row, tenant: string, publishedAt: number, winner: string, n: number): Row {
  const id = `${tenant}-${formatShanghaiInstant(publishedAt).slice(0, 10).replaceAll('-', '')}-${code6()}`;
  const oldWinner = ((template.award as { rounds?: { code: string }[] } | undefined)?.rounds ?? []).at(-1)?.code;
  let text = JSON.stringify(template).replaceAll(template.id as string, id);
  if (oldWinner) text = text.replaceAll(oldWinner, winner);
  text = text.replace(/ZXQR-\d{6}-(\d{4})-\d{6}/g, (_m, year: string) => `ZXQR-${tenant}-${year}-${String(n).padStart(6, '0')}`);
  const copy = shiftInstants(JSON.parse(text) as Row, publishedAt - Date.parse(template.publishedAt as string));
  return { ...copy, tenant, name: `基准项目 ${n} 号：${(template.serviceItem as { name: string }).name}`, budgetFen: 1_000_000 + (n % 97) * 50_000 };
}

export interface SeededYear { projects: number; byTenant: Record<string, number>; statistics: string; seconds: number }

/** Seeds the year; `statistics` says how the statistics rows were made (or why they were not). */
export async function seedPortalYear(total = Number(process.env.BENCH_PORTAL_PROJECTS ?? 5_200)): Promise<SeededYear> {
  const t0 = performance.now();
  const table = await cityTable(JIEYANG);
  const t = await templates();
  const winners = Array.from({ length: 150 }, (_x, i) => freshUscc(i % 3 === 0 ? '440507' : RONGCHENG));
  await batchWrite(table, winners.map((uscc, i) => {
    const base = admittedAgency({ uscc, name: `基准鉴定评估有限公司${i + 1}号`, serviceItems: [{ tenant: JIEYANG, code: 'ZJ-445200-0003' }] }); // the fixture's catalogue; replaced below
    const agency = { ...base, province: PROVINCE, admittedIn: RONGCHENG, serviceItems: [{ tenant: JIEYANG, code: 'ZJ-445200-0006', status: 'active' }], qualifications: [], practiceRegions: [RONGCHENG] };
    return { ...agencyKeys.agency(PROVINCE, uscc), ...agencyKeys.directoryIndex(PROVINCE, uscc), ...agencyKeys.admittedByCityIndex(JIEYANG, uscc), ...agency };
  }));
  const tenants = [JIEYANG, RONGCHENG, JIEDONG];
  const now = Date.now();
  const projects: Row[] = [];
  for (let n = 0; n < total; n++) {
    const daysAgo = (n * 365) / total; // evenly over the year, newest last
    const publishedAt = now - (365 - daysAgo) * DAY + (n % 7) * 3_600_000;
    const recent = now - publishedAt < 6 * DAY;
    const template = recent ? t.open : n % 10 === 3 ? t.failed : t.evaluated;
    projects.push(copyOf(template, tenants[n % tenants.length], publishedAt, winners[(n * 7) % winners.length], n + 1));
  }
  await batchWrite(table, projects.map((p) => ({ ...projectKeys.current(p.tenant as string, p.id as string), ...projectKeys.listIndex(p.tenant as string, p.id as string), ...p })));
  const statistics = await seedStatistics(table, projects, Object.fromEntries(winners.map((u, i) => [u, `基准鉴定评估有限公司${i + 1}号`])));
  const byTenant = Object.fromEntries(tenants.map((x) => [x, projects.filter((p) => p.tenant === x).length]));
  return { projects: projects.length, byTenant, statistics, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The open-data context's precomputed statistics over the seeded projects, made by its own functions: each project's
 * summary (summarizeProject), then per tenant and month the accumulator and per day the day's (foldSummaries) in the
 * rows and keys summaryStore.refreshMonth writes (statsKeys), so the statistics page reads what the projector writes.
 */
async function seedStatistics(table: string, projects: Row[], winnerNames: Record<string, string>): Promise<string> {
  const item = await call(JIEYANG, 'GET', '/v1/tenants/445200/service-items/ZJ-445200-0006');
  const ctx = { province: PROVINCE, serviceType: item.body.serviceType as string, calendar: createWorkingDayCalendar(), now: new Date().toISOString(), agencyNames: winnerNames };
  const summaries = projects.map((p) => summarizeProject(p as unknown as Project, ctx)).filter((x) => x !== undefined);
  const group = (key: (x: ProjectSummary) => string) => {
    const out = new Map<string, ProjectSummary[]>();
    for (const x of summaries) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
    return out;
  };
  const updatedAt = new Date().toISOString();
  const months = [...group((x) => `${x.tenant}|${x.month}`)].map(([k, xs]) => {
    const [tenant, month] = k.split('|');
    return { ...statsKeys.month(tenant, month), tenant, month, rev: 1, acc: foldSummaries(xs), updatedAt };
  });
  const days = [...group((x) => `${x.tenant}|${x.day}`)].map(([k, xs]) => {
    const [tenant, day] = k.split('|');
    return { ...statsKeys.day(tenant, day), tenant, day, acc: foldSummaries(xs), updatedAt };
  });
  await batchWrite(table, [...summaries.map((x) => ({ ...statsKeys.summary(x.tenant, x.month, x.projectId), version: x.version, summary: x })), ...months, ...days]);
  return `${summaries.length} summaries, ${months.length} month and ${days.length} day accumulators`;
}

async function timedGets(url: string, n: number): Promise<number[]> {
  for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

export interface PortalTimes { home: number[]; statistics: number[]; shown: string }

export async function measurePortal(n = Number(process.env.BENCH_PORTAL_REQUESTS ?? 25)): Promise<PortalTimes> {
  const api = apiOf(JIEYANG);
  // What the pages showed, so a page that got cheap by showing nothing is seen.
  const home = await (await fetch(`${api}/`)).text();
  const stats = await (await fetch(`${api}/portal/statistics`)).text();
  const open = (home.split('id="results"')[0].match(/<tr><td><a href="\/portal\/tenants/g) ?? []).length;
  const shown = `home: ${open} open announcements listed; statistics: ${/共 (\d+) 个项目/.exec(stats)?.[1] ?? '?'} projects this year, ${(stats.match(/<svg/g) ?? []).length} charts`;
  return { home: await timedGets(`${api}/`, n), statistics: await timedGets(`${api}/portal/statistics`, n), shown };
}

export function portalLines(seeded: SeededYear, m: PortalTimes): string[] {
  return [
    `portal: seeded ${seeded.projects.toLocaleString('en-US')} projects over a year in 揭阳 (${Object.entries(seeded.byTenant).map(([k, v]) => `${k}: ${v}`).join(', ')}) in ${seeded.seconds.toFixed(0)} s; statistics rows: ${seeded.statistics}`,
    `portal GET / (home, ${m.home.length} sequential after warm-up): median ${median(m.home).toFixed(1)} ms, max ${Math.max(...m.home).toFixed(1)} ms   (budget ≤ 300 ms)`,
    `portal GET /portal/statistics (${m.statistics.length} sequential after warm-up): median ${median(m.statistics).toFixed(1)} ms, max ${Math.max(...m.statistics).toFixed(1)} ms   (budget ≤ 300 ms)`,
    `portal pages showed — ${m.shown}`,
  ];
}

// Alone: a local cloud of its own (no demo projects), seeded, measured, stopped.
if (import.meta.url === `file://${process.argv[1]}`) {
  const ports = { port: Number(process.env.ISM_TEST_PORT ?? 4640), apiPort: Number(process.env.ISM_TEST_API_PORT ?? 3140) };
  await withBenchCloud(ports, 'portal', async () => {
    const seeded = await seedPortalYear();
    for (const line of portalLines(seeded, await measurePortal())) console.log(line);
  });
}
