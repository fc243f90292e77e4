/**
 * `npm run bench`: prints (never asserts) the platform's figures against the budgets of the issue:
 *   - local cloud cold start to healthy (fresh state; median of BENCH_COLD_RUNS runs, default 3) ≤ 60 s
 *   - median latency of an API read and an API write through the local cloud ≤ 30 ms (read)
 *   - each function's bundle size ≤ 500 KB
 *   - province-wide propagation: agency admission and changes in 揭阳, visible in 汕头; a credit record made in 揭阳,
 *     listed by 汕头's API (bench/credit-propagation.ts; median and p90 of BENCH_PROPAGATION_RUNS, default 10)
 *   - procurement (bench/procurement.ts), each on a sandbox county of its own with its clock accelerated:
 *       deadline → award notice: median over BENCH_AWARD_RUNS (default 5) small random-method projects ≤ 2 s;
 *       a burst of BENCH_BURST (default 1,000) registrations from distinct agencies, all sent in the last second before
 *       the deadline (BENCH_BURST_LEAD_MS, default 1000): accepted / refused / lost / duplicated (must be 1,000 / 0 /
 *       0 / 0) and p50/p99 latency; then the same burst with the deadline not binding (sent BENCH_CAPACITY_LEAD_MS
 *       before it, default 30 ms per registration; BENCH_BURST_CAPACITY=0 skips it), which shows what the local cloud
 *       can serve. 0 runs or a burst of 0 skips a part.
 *   - the public portal (bench/portal.ts): a year of BENCH_PORTAL_PROJECTS (default 5,200) projects in 揭阳, then the
 *     median server time of the home page and of the statistics page ≤ 300 ms each
 * Runs on its own ports (4630 / 3130) and a temporary state folder, so a running `npm start` is untouched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = 4630;
const API_PORT = 3130;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function startCloud(stateDir: string): Promise<{ child: ChildProcess; healthyMs: number; readyMs: number }> {
  const t0 = performance.now();
  const child = spawn('node_modules/.bin/tsx', ['lib/local-cloud/main.ts', '--reset', '--port', String(PORT), '--api-port', String(API_PORT), '--state-dir', stateDir, '--no-demo-projects'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  let healthyMs = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local cloud exited:\n${out}`);
    if (!healthyMs) {
      const ok = await fetch(`http://localhost:${API_PORT}/v1/health`).then((r) => r.ok, () => false);
      if (ok) healthyMs = performance.now() - t0;
    }
    if (out.includes('local cloud ready')) return { child, healthyMs: healthyMs || performance.now() - t0, readyMs: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

async function token(body: unknown): Promise<string> {
  const r = await fetch(`http://localhost:${PORT}/_local/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return ((await r.json()) as { token: string }).token;
}

async function timed(n: number, f: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await f(i);
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`request ${i} failed: ${r.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

function bundleSizes(stateDir: string): { name: string; kb: number }[] {
  const outdir = join(stateDir, 'cdk.out');
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; properties?: { templateFile?: string } }> };
  const seen = new Map<string, string>();
  for (const a of Object.values(manifest.artifacts)) {
    if (a.type !== 'aws:cloudformation:stack') continue;
    const template = JSON.parse(readFileSync(join(outdir, a.properties!.templateFile!), 'utf8')) as { Resources: Record<string, { Type: string; Metadata?: Record<string, string>; Properties?: { FunctionName?: unknown } }> };
    for (const [id, r] of Object.entries(template.Resources)) {
      const asset = r.Metadata?.['aws:asset:path'];
      // Cities share bundles (same code): one line per asset, named after the first function using it.
      if (r.Type === 'AWS::Lambda::Function' && asset && !seen.has(asset)) seen.set(asset, typeof r.Properties?.FunctionName === 'string' ? r.Properties.FunctionName : id);
    }
  }
  return [...seen].map(([asset, name]) => {
    const file = readdirSync(join(outdir, asset)).find((f) => /^index\.(m?js|cjs)$/.test(f))!;
    return { name, kb: statSync(join(outdir, asset, file)).size / 1024 };
  });
}

const runs = Number(process.env.BENCH_COLD_RUNS ?? 3);
const healthy: number[] = [];
const ready: number[] = [];
let last: { child: ChildProcess; stateDir: string } | undefined;
for (let i = 0; i < runs; i++) {
  const stateDir = mkdtempSync(join(tmpdir(), 'ism-bench-'));
  const started = await startCloud(stateDir);
  healthy.push(started.healthyMs);
  ready.push(started.readyMs);
  if (i < runs - 1) {
    await stop(started.child);
    rmSync(stateDir, { recursive: true, force: true });
  } else last = { child: started.child, stateDir };
}
console.log(`local cloud cold start (fresh state, ${runs} runs): to healthy median ${(median(healthy) / 1000).toFixed(1)} s [${healthy.map((x) => (x / 1000).toFixed(1)).join(', ')}], to seeded and ready median ${(median(ready) / 1000).toFixed(1)} s   (budget ≤ 60 s)`);

const api = `http://localhost:${API_PORT}`;
await timed(20, () => fetch(`${api}/v1/tenants/445203/service-items`)); // warm the functions
const reads = await timed(300, () => fetch(`${api}/v1/tenants/445203/service-items`));
console.log(`API read  GET /v1/tenants/445203/service-items (300 sequential): median ${median(reads).toFixed(1)} ms, p95 ${pct(reads, 0.95).toFixed(1)} ms   (budget median ≤ 30 ms)`);
const auth = `Bearer ${await token({ role: 'operator', tenant: '445203', sub: 'bench' })}`;
const body = (i: number) => JSON.stringify({
  code: `ZJ-445203-B${String(i).padStart(4, '0')}`, name: '基准测试事项', serviceType: 'consulting', legalBasis: ['基准'], approvalItem: { name: '基准' },
  department: { name: '基准' }, industry: 'bench', qualificationRequirements: [], serviceTimeLimitWorkingDays: 5, fee: { pricing: 'market', standard: '市场调节价' }, fundingTypes: ['fiscal'],
});
const writes = await timed(100, (i) => fetch(`${api}/v1/tenants/445203/service-items`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: body(i) }));
console.log(`API write POST /v1/tenants/445203/service-items (100 sequential, transaction + audit + event): median ${median(writes).toFixed(1)} ms, p95 ${pct(writes, 0.95).toFixed(1)} ms`);

process.env.ISM_TEST_ENDPOINT = `http://localhost:${PORT}`;
process.env.ISM_API_URLS = JSON.stringify({ 445200: `http://localhost:${API_PORT}`, 440500: `http://localhost:${API_PORT + 1}` });
const { measurePropagation } = await import('./propagation.ts');
const propagation = await measurePropagation(9);
console.log(`propagation 揭阳 → 汕头 (agency events via the province bus): admission visible after ${propagation.admission.toFixed(0)} ms (first event, functions cold); changes (9): median ${median(propagation.changes).toFixed(0)} ms [${propagation.changes.map((x) => x.toFixed(0)).join(', ')}]`);
const creditPropagation = await import('./credit-propagation.ts');
console.log(creditPropagation.creditPropagationLine(await creditPropagation.measureCreditPropagation(Number(process.env.BENCH_PROPAGATION_RUNS ?? 10))));

const procurement = await import('./procurement.ts');
const awardRuns = Number(process.env.BENCH_AWARD_RUNS ?? 5);
if (awardRuns > 0) console.log(procurement.awardLine(await procurement.measureDeadlineToAward(awardRuns)));
const burst = Number(process.env.BENCH_BURST ?? 1000);
if (burst > 0) {
  const setup = await procurement.prepareBurst(burst);
  const lead = process.env.BENCH_BURST_LEAD_MS ? Number(process.env.BENCH_BURST_LEAD_MS) : undefined;
  for (const line of procurement.burstLines(await procurement.measureBurst(setup, { leadMs: lead }))) console.log(line);
  if (process.env.BENCH_BURST_CAPACITY !== '0') {
    const capacityLead = Number(process.env.BENCH_CAPACITY_LEAD_MS ?? 30 * burst);
    for (const line of procurement.burstLines(await procurement.measureBurst(setup, { leadMs: capacityLead }), 'same burst, deadline not binding')) console.log(line);
  }
}

// The public portal with a seeded year (bench/portal.ts): home and statistics pages; BENCH_PORTAL_PROJECTS=0 skips it.
if (Number(process.env.BENCH_PORTAL_PROJECTS ?? 5_200) > 0) {
  const portal = await import('./portal.ts');
  for (const line of portal.portalLines(await portal.seedPortalYear(), await portal.measurePortal())) console.log(line);
}

for (const b of bundleSizes(last!.stateDir)) console.log(`bundle ${b.name.padEnd(48)} ${b.kb.toFixed(0).padStart(5)} KB   (budget ≤ 500 KB)`);
await stop(last!.child);
rmSync(last!.stateDir, { recursive: true, force: true });
