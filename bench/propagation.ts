/**
 * Province-wide propagation through the real event path (city bus → province bus → other city's bus →
 * inbox queue → inbox function → table): the time from an agency's admission in 揭阳 to its profile
 * answering in 汕头, and from each change (变更) to the change being visible there.
 * Uses a demo agency whose licences are valid (config/demo-licences.json), so it is admitted at once.
 */
import { readFileSync } from 'node:fs';
import { applicationBody, applyAndSubmit, clerkOf } from '../test/integration/agencies-fixtures.ts';
import { call } from '../test/integration/helpers.ts';

interface Licence { agency: string; holderUscc: string; type: string; number: string; grade?: string; issuer: string; validFrom: string; validTo: string; revokedAt?: string }

async function msUntil(probe: () => Promise<boolean>, started: number): Promise<number> {
  while (!(await probe())) {
    if (performance.now() - started > 10_000) throw new Error('not propagated within 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - started;
}

export async function measurePropagation(changes: number): Promise<{ admission: number; changes: number[] }> {
  const { licences } = JSON.parse(readFileSync('config/demo-licences.json', 'utf8')) as { licences: Licence[] };
  const uscc = '91445200MA4W3K7RX7'; // 揭阳市绿源环境科技有限公司: valid 环评 and 水保 licences
  const mine = licences.filter((l) => l.holderUscc === uscc);
  const qualifications = mine.map((l, i) => ({ id: `q-${i + 1}`, type: l.type, number: l.number, ...(l.grade ? { grade: l.grade } : {}), issuer: l.issuer, validFrom: l.validFrom, validTo: l.validTo }));
  const clerk = clerkOf('445200', uscc);
  const body = applicationBody(uscc, mine[0].agency, [{ tenant: '445200', code: 'ZJ-445200-0001' }, { tenant: '445200', code: 'ZJ-445200-0002' }], qualifications);
  const { submitted } = await applyAndSubmit('445200', clerk, body);
  if (submitted.body.status !== 'admitted') throw new Error(`not admitted at once: ${JSON.stringify(submitted.body).slice(0, 300)}`);
  // Server-recorded admission instant, same machine and clock as this process.
  const admittedAtEpoch = Date.parse(submitted.body.decidedAt);
  const offset = Date.now() - performance.now();
  const admission = await msUntil(async () => (await call('440500', 'GET', `/v1/agencies/${uscc}`)).status === 200, admittedAtEpoch - offset);
  const changeTimes: number[] = [];
  for (let i = 0; i < changes; i++) {
    const address = `广东省揭阳市榕城区临江北路 ${100 + i} 号`;
    const started = performance.now();
    const r = await call('445200', 'PATCH', `/v1/agencies/${uscc}`, { as: clerk, body: { kind: 'change', changes: { address } } });
    if (r.status >= 300) throw new Error(`change refused: ${r.status} ${JSON.stringify(r.body)}`);
    changeTimes.push(await msUntil(async () => (await call('440500', 'GET', `/v1/agencies/${uscc}`)).body?.address === address, started));
  }
  return { admission, changes: changeTimes };
}
