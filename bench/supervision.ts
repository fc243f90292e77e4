/**
 * `npx tsx bench/supervision.ts`: prints (never asserts) the domain cost of supervision at a city's scale, no cloud:
 *   - red flags (风险预警) over BENCH_RF_PROJECTS (default 5,000) synthetic projects with 200 agencies and 40 owners,
 *     every rule, median of BENCH_RUNS (default 5) runs, and per rule;
 *   - a spot check of 1,000 agencies (weights 1/3/6), 200 drawn, a roster of 30 inspectors: the draw, the published
 *     body recomputed and verified (bin/verify-spot-check.ts's function), and the stored row's size against DynamoDB's
 *     400 KB item limit (the handler refuses above 380 KB).
 * The synthetic data come from a fixed linear congruential sequence, so every run sees the same projects.
 */
import { performance } from 'node:perf_hooks';
import { commitmentOf } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import { newInspectorId, type Inspector } from '#functions/supervision/domain/inspector.ts';
import { RED_FLAG_RULES, redFlags } from '#functions/supervision/domain/red-flags.ts';
import { drawSpotCheck, planSpotCheck, publicSpotCheck, type PoolMember } from '#functions/supervision/domain/spot-check.ts';
import { verifySpotCheck } from '#functions/supervision/domain/verify-spot-check.ts';
import { DEFAULT_TENANT_POLICY } from '#functions/tenancy/domain/policy/tenant-policy.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROJECTS = Number(process.env.BENCH_RF_PROJECTS ?? 5000);
const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const code = (n: number) => `91445200MA${Array.from({ length: 8 }, (_, i) => CH[Math.floor(n / 31 ** i) % 31]).join('')}`;
let state = 1;
const rnd = (n: number) => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state % n;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
};

const projects = Array.from({ length: PROJECTS }, (_, i) => {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 6_000_000).toISOString();
  const pool = [...new Set(Array.from({ length: 1 + rnd(6) }, () => code(1 + rnd(200))))].sort();
  return {
    id: `445203-20260101-${String(i).padStart(6, '0')}`, tenant: '445203', ownerId: `OWN-445203-${String(rnd(40)).padStart(8, '0')}`, fundingType: 'fiscal',
    budgetFen: 100_000 + rnd(50_000_000), serviceItem: { tenant: '445200', code: `ZJ-445200-000${rnd(9)}` }, tradingMode: 'many-to-one', selectionMethod: 'random',
    registrationWindowWorkingDays: 2 + rnd(3), registration: { opensAt: at, deadline: { at } }, submittedAt: at, publishedAt: at, status: 'awarded',
    closing: { closedAt: at, pool, excluded: [] }, award: { rounds: [{ code: pool[0], awardedAt: at }] }, evaluationDue: { dueAt: at },
    ...(rnd(3) === 0 ? { evaluation: { at: new Date(Date.parse(at) + 86_400_000).toISOString() } } : {}),
  } as unknown as Project;
});
const all = Array.from({ length: RUNS }, () => timed(() => redFlags(projects, () => DEFAULT_TENANT_POLICY, Date.now())));
console.log(`red flags, ${PROJECTS} projects, every rule: ${all[0][0].length} flags, median ${median(all.map((r) => r[1])).toFixed(0)} ms over ${RUNS} runs`);
for (const rule of RED_FLAG_RULES) {
  const runs = Array.from({ length: RUNS }, () => timed(() => redFlags(projects, () => DEFAULT_TENANT_POLICY, Date.now(), [rule])));
  console.log(`  ${rule.padEnd(28)} ${String(runs[0][0].length).padStart(5)} flags  median ${median(runs.map((r) => r[1])).toFixed(0)} ms`);
}

const N = 1000;
const SAMPLE = 200;
const pool: PoolMember[] = Array.from({ length: N }, (_, i) => ({
  code: code(i + 1), name: `揭阳市某某工程咨询有限公司${i}`, weight: i % 10 === 0 ? 6 : i % 5 === 0 ? 3 : 1,
  basis: i % 5 === 0 ? [{ code: 'credit.general', zh: '一般失信，列为重点监管对象，抽中机会 ×3', en: 'General dishonesty: under closer supervision, chances ×3' }] : [], industries: ['housing'],
}));
const roster: Inspector[] = Array.from({ length: 30 }, (_, i) => ({
  id: newInspectorId('445203', Uint8Array.from([0, 0, 0, 0, 0, 0, 0, i])), tenant: '445203', name: `检查员${i}`, unit: '揭东区住房和城乡建设局',
  industries: ['housing'], conflicts: [code(i + 1)], status: 'active', version: 1, createdAt: '', updatedAt: '', updatedBy: '',
}));
const seed = 'ab'.repeat(32);
const plan = planSpotCheck('SC-445203-20261121-ABCDEF', '445203', { name: 'bench', scope: { kind: 'all' }, sampleSize: SAMPLE, inspectorsPerAgency: 2, beacon: '' }, commitmentOf(seed), 'op', '');
const draws = Array.from({ length: RUNS }, () => timed(() => drawSpotCheck(plan, { seed, pool, excluded: [], inspectors: roster, at: '', by: 'op' })));
const drawn = draws[0][0];
const reads = Array.from({ length: RUNS }, () => timed(() => verifySpotCheck(JSON.parse(JSON.stringify(publicSpotCheck(drawn))))));
console.log(`spot check, ${N} agencies, ${SAMPLE} drawn, 30 inspectors: draw median ${median(draws.map((r) => r[1])).toFixed(0)} ms; publish + verify median ${median(reads.map((r) => r[1])).toFixed(0)} ms (${reads[0][0].valid ? 'VALID' : 'INVALID'}); stored row ${(Buffer.byteLength(JSON.stringify(drawn)) / 1024).toFixed(0)} KB, published body ${(Buffer.byteLength(JSON.stringify(publicSpotCheck(drawn))) / 1024).toFixed(0)} KB`);
