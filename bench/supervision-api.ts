/**
 * `npx tsx bench/supervision-api.ts`: red flags (风险预警) through the local cloud's HTTP API over a seeded year —
 * the portal bench's year (bench/portal.ts `seedPortalYear`: BENCH_PORTAL_PROJECTS, default 5,200 projects over 揭阳
 * and its two counties, copies of projects run through the real API and timeline). Prints, never asserts: the median
 * and max time (client-side, request to last byte) of `GET /v1/tenants/445200/red-flags` (the city and its counties:
 * every project) and of one county, over BENCH_RF_REQUESTS (default 10) sequential requests after 2 warm-ups.
 * Starts a local cloud of its own on ISM_TEST_PORT / ISM_TEST_API_PORT (default 4650 / 3150) and stops it.
 */
import { apiOf, JIEYANG, operatorOf, RONGCHENG, token } from '../test/integration/helpers.ts';
import { withBenchCloud } from './local-cloud.ts';
import { seedPortalYear } from './portal.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const REQUESTS = Number(process.env.BENCH_RF_REQUESTS ?? 10);

async function timed(tenant: string): Promise<{ times: number[]; projects: number; count: number }> {
  const auth = { authorization: `Bearer ${await token(operatorOf(JIEYANG))}` };
  const url = `${apiOf(JIEYANG)}/v1/tenants/${tenant}/red-flags`;
  let body: { projects: number; count: number } = { projects: 0, count: 0 };
  for (let i = 0; i < 2; i++) body = await (await fetch(url, { headers: auth })).json() as typeof body;
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: auth });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  return { times, projects: body.projects, count: body.count };
}

const ports = { port: Number(process.env.ISM_TEST_PORT ?? 4650), apiPort: Number(process.env.ISM_TEST_API_PORT ?? 3150) };
await withBenchCloud(ports, 'supervision', async () => {
  const seeded = await seedPortalYear();
  console.log(`seeded ${seeded.projects} projects (${JSON.stringify(seeded.byTenant)}) in ${seeded.seconds.toFixed(0)} s`);
  for (const tenant of [JIEYANG, RONGCHENG]) {
    const r = await timed(tenant);
    console.log(`GET /v1/tenants/${tenant}/red-flags over ${r.projects} projects (${r.count} flags): median ${median(r.times).toFixed(0)} ms, max ${Math.max(...r.times).toFixed(0)} ms (${REQUESTS} sequential after 2 warm-ups)`);
  }
});
