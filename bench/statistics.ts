/**
 * `npx tsx bench/statistics.ts` — the statistics API with a seeded year: BENCH_STATS_PROJECTS (default 6,000) project
 * summaries of one city, spread over the 12 months of BENCH_STATS_YEAR (default 2025) and its three demo tenants, are
 * written as the disclosure projector writes them (summary rows, each month's and each day's accumulator, the pure
 * fold), then `GET /v1/stats` (whole year: month accumulators only), `GET /v1/stats` for a period with partial months
 * (their day accumulators) and `GET /v1/tenants/445203/stats` are timed, BENCH_STATS_RUNS (default 50)
 * sequential requests each after one warm-up. Prints median and p95 (client-measured, so an upper bound of the server
 * time). Budget: ≤ 300 ms for the statistics page's data.
 *
 * Needs a running local cloud: BENCH_API (default http://localhost:3000, 揭阳) and the AWS endpoint
 * BENCH_ENDPOINT (default http://localhost:4566), e.g. `npm start` in another terminal.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { foldSummaries } from '../functions/disclosure/statistics/domain/fold.ts';
import { isOutOfRegion, type ProjectSummary } from '../functions/disclosure/statistics/domain/summary.ts';
import { statsKeys } from '../functions/disclosure/statistics/adapters/summary-store.ts';

const API = process.env.BENCH_API ?? 'http://localhost:3000';
const ENDPOINT = process.env.BENCH_ENDPOINT ?? 'http://localhost:4566';
const N = Number(process.env.BENCH_STATS_PROJECTS ?? 6000);
const RUNS = Number(process.env.BENCH_STATS_RUNS ?? 50);
const YEAR = process.env.BENCH_STATS_YEAR ?? '2025';
const CITY = '445200';
const TENANTS = ['445200', '445202', '445203'];
const AGENCIES = Array.from({ length: 40 }, (_, i) => `91${i % 4 === 0 ? '440500' : '445202'}MA${String(i).padStart(8, '0')}`);
const METHODS = ['random', 'lowest-price', 'average-price', 'best-value', 'direct'];
const ITEMS = Array.from({ length: 12 }, (_, i) => ({ tenant: CITY, code: `ZJ-445200-${String(i + 1).padStart(4, '0')}`, name: `事项${i + 1}`, serviceType: ['assessment', 'testing', 'consulting'][i % 3] }));

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: ENDPOINT, region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), { marshallOptions: { removeUndefinedValues: true } });

function summaryOf(i: number): ProjectSummary {
  const tenant = TENANTS[Math.floor(i / 12) % TENANTS.length];
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = `${YEAR}-${month}-${String((i % 28) + 1).padStart(2, '0')}`;
  const failed = i % 9 === 0;
  const winner = AGENCIES[(i * 7) % AGENCIES.length];
  const budgetFen = 1_000_000 + (i % 50) * 100_000;
  return {
    schemaVersion: 1, version: 10, projectId: `${tenant}-${day.replaceAll('-', '')}-B${String(i).padStart(5, '0')}`, tenant, city: CITY, province: '440000',
    name: `基准项目${i}`, publishedAt: `${day}T09:00:00.000+08:00`, day, month: day.slice(0, 7), status: failed ? 'failed' : 'evaluated',
    method: METHODS[i % METHODS.length], tradingMode: 'many-to-one', fundingType: 'fiscal', serviceItem: ITEMS[i % ITEMS.length], budgetFen,
    tenderers: 3 + (i % 5), outcome: failed ? 'failed' : 'awarded', summarizedAt: `${day}T10:00:00.000+08:00`,
    ...(failed ? {} : {
      winner: { uscc: winner, name: `机构${winner.slice(-4)}`, homeRegion: winner.slice(2, 8), outOfRegion: isOutOfRegion(winner, tenant) },
      awardedAt: `${day}T09:00:00.000+08:00`, workingDaysToAward: 5 + (i % 6), awardFen: Math.round(budgetFen * 0.8),
      evaluation: { quality: 3 + (i % 3), attitude: 4, feeReasonableness: 3 + (i % 2) },
    }),
  };
}

async function write(table: string, items: Record<string, unknown>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let batch: Record<string, unknown>[] | undefined = items.slice(i, i + 25);
    while (batch?.length) {
      const res: { UnprocessedItems?: Record<string, { PutRequest?: { Item?: Record<string, unknown> } }[]> } = await client.send(new BatchWriteCommand({ RequestItems: { [table]: batch.map((Item) => ({ PutRequest: { Item } })) } }));
      batch = res.UnprocessedItems?.[table]?.map((r) => r.PutRequest!.Item as Record<string, unknown>);
    }
  }
}

async function time(path: string): Promise<{ median: number; p95: number; projects: number }> {
  const first = await (await fetch(`${API}${path}`)).json() as { statistics: { projects: number } };
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${API}${path}`);
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))], projects: first.statistics.projects };
}

const tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
const table = tables.find((t) => t.startsWith(`Ism-City-${CITY}`));
if (!table) throw new Error(`no table of ${CITY} at ${ENDPOINT}: is the local cloud running?`);
const summaries = Array.from({ length: N }, (_, i) => summaryOf(i));
const t0 = performance.now();
await write(table, summaries.map((s) => ({ ...statsKeys.summary(s.tenant, s.month, s.projectId), version: s.version, summary: s })));
const months = new Map<string, ProjectSummary[]>();
for (const s of summaries) months.set(`${s.tenant}|${s.month}`, [...(months.get(`${s.tenant}|${s.month}`) ?? []), s]);
await write(table, [...months].map(([k, list]) => {
  const [tenant, month] = k.split('|');
  return { ...statsKeys.month(tenant, month), tenant, month, rev: 1, acc: foldSummaries(list), updatedAt: new Date().toISOString() };
}));
const days = new Map<string, ProjectSummary[]>();
for (const s of summaries) days.set(`${s.tenant}|${s.day}`, [...(days.get(`${s.tenant}|${s.day}`) ?? []), s]);
await write(table, [...days].map(([k, list]) => {
  const [tenant, day] = k.split('|');
  return { ...statsKeys.day(tenant, day), tenant, day, acc: foldSummaries(list), updatedAt: new Date().toISOString() };
}));
console.log(`seeded ${N} project summaries of ${YEAR} (${months.size} month and ${days.size} day accumulators) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const [label, path] of [
  [`GET /v1/stats, the year ${YEAR} (whole months)`, `/v1/stats?from=${YEAR}-01-01&to=${YEAR}-12-31`],
  [`GET /v1/stats, ${YEAR}-01-15 → ${YEAR}-12-15 (two partial months)`, `/v1/stats?from=${YEAR}-01-15&to=${YEAR}-12-15`],
  [`GET /v1/tenants/445203/stats, the year ${YEAR}`, `/v1/tenants/445203/stats?from=${YEAR}-01-01&to=${YEAR}-12-31`],
] as const) {
  const r = await time(path);
  console.log(`${label}: ${r.projects} projects, median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms over ${RUNS} requests`);
}
