/**
 * Credit propagation 揭阳 → 汕头 (一地失信、全省受限), through the real event path: a regulator's credit record made in
 * 揭阳 (`POST /v1/credit-records`, which stores it with its `CreditRecorded` event) → 揭阳's city bus → the province bus →
 * 汕头's bus → 汕头's inbox queue → the inbox worker (functions/credit/replica.ts) → 汕头's table, until
 * `GET /v1/agencies/{uscc}/credit` on 汕头's API lists the record. Timed from the request in 揭阳 (its ~20–50 ms included)
 * to the first answer of 汕头 that lists it (polled every 10 ms). Printed, never asserted.
 *
 * The agency is a demo agency whose licence verifies (config/demo-licences.json), admitted in 揭阳 through the API if
 * it is not yet (a --no-demo-projects cloud has none), and awaited in 汕头 before the first run. Each run records a
 * commendation (守信激励, +5, level good): any number of them leave the agency free to work, so runs do not change
 * what the next one measures.
 */
import { readFileSync } from 'node:fs';
import { applicationBody, applyAndSubmit, clerkOf } from '../test/integration/agencies-fixtures.ts';
import { call, endpoint, JIEYANG, operatorOf, SHANTOU } from '../test/integration/helpers.ts';

interface Licence { agency: string; holderUscc: string; type: string; number: string; grade?: string; issuer: string; validFrom: string; validTo: string }

/** 揭阳市德润节能环保咨询有限公司: a valid 环境影响评价 licence, for 揭阳's 环评 item. */
const USCC = '91445200MAARGYWF6E';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(10);
  }
}

/** The agency, admitted in 揭阳 and known in 汕头. */
async function ensureAgency(): Promise<void> {
  if ((await call(JIEYANG, 'GET', `/v1/agencies/${USCC}`)).status !== 200) {
    const { licences } = JSON.parse(readFileSync('config/demo-licences.json', 'utf8')) as { licences: Licence[] };
    const mine = licences.filter((l) => l.holderUscc === USCC);
    const qualifications = mine.map((l, i) => ({ id: `q-${i + 1}`, type: l.type, number: l.number, ...(l.grade ? { grade: l.grade } : {}), issuer: l.issuer, validFrom: l.validFrom, validTo: l.validTo }));
    const body = applicationBody(USCC, mine[0].agency, [{ tenant: JIEYANG, code: `ZJ-${JIEYANG}-0001` }], qualifications);
    const { submitted } = await applyAndSubmit(JIEYANG, clerkOf(JIEYANG, USCC), body);
    if (submitted.body.status !== 'admitted') throw new Error(`not admitted at once: ${JSON.stringify(submitted.body).slice(0, 300)}`);
  }
  await until(async () => (await call(SHANTOU, 'GET', `/v1/agencies/${USCC}`)).status === 200, 'the agency in 汕头');
}

export interface PropagationRun {
  /** From the request in 揭阳 to the first answer of 汕头 that lists the record. */
  total: number;
  /** Of which 揭阳's answer (201: record, audit entry and event stored). */
  write: number;
}

/** Each record's way from the request in 揭阳 to 汕头's API listing it. */
export async function measureCreditPropagation(runs: number): Promise<PropagationRun[]> {
  await ensureAgency();
  const out: PropagationRun[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const made = await call(JIEYANG, 'POST', '/v1/credit-records', {
      as: operatorOf(JIEYANG), body: { uscc: USCC, kind: 'commendation', facts: `基准测试：行业主管部门通报表扬（第 ${i + 1} 次）`, basis: `揭发改表〔2026〕${100 + i} 号` },
    });
    const write = performance.now() - started;
    if (made.status !== 201) throw new Error(`credit record refused: ${made.status} ${JSON.stringify(made.body)}`);
    const id = made.body.id as string;
    await until(async () => {
      const r = await call(SHANTOU, 'GET', `/v1/agencies/${USCC}/credit`);
      return r.status === 200 && (r.body.records as { id: string }[]).some((x) => x.id === id);
    }, `record ${id} in 汕头`);
    out.push({ total: performance.now() - started, write });
    await sleep(50); // let the other deliveries of this event (揭阳's own inbox, the province read model) settle
  }
  return out;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.9) - 1)];
export const creditPropagationLine = (runs: PropagationRun[]) => {
  const total = runs.map((r) => r.total);
  const after = runs.map((r) => r.total - r.write);
  return `credit record in 揭阳 → listed by 汕头's API (CreditRecorded via the province bus, ${runs.length} runs): median ${median(total).toFixed(0)} ms, p90 ${p90(total).toFixed(0)} ms [${total.map((x) => x.toFixed(0)).join(', ')}]; `
    + `of which 揭阳's POST answered in median ${median(runs.map((r) => r.write)).toFixed(0)} ms, and from its answer to 汕头's: median ${median(after).toFixed(0)} ms, p90 ${p90(after).toFixed(0)} ms`;
};

// Alone, against a running local cloud (`npm start`, or one started with --no-demo-projects on other ports):
//   ISM_TEST_ENDPOINT=http://localhost:4566 ISM_API_URLS='{"445200":"http://localhost:3000","440500":"http://localhost:3001"}' npx tsx bench/credit-propagation.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.env.BENCH_PROPAGATION_RUNS ?? 10);
  console.log(creditPropagationLine(await measureCreditPropagation(runs)));
  console.log(`command: ISM_TEST_ENDPOINT=${endpoint()} ISM_API_URLS='${process.env.ISM_API_URLS}' BENCH_PROPAGATION_RUNS=${runs} npx tsx bench/credit-propagation.ts`);
}
