/**
 * The data the browser tests look at, made once per run through the real API and timeline (the procurement fixtures,
 * time accelerated in a sandbox county of its own, 惠来 445224): a random-draw project run to its award, certificate,
 * contract and evaluation; a 流标; a regulator's credit record (一般失信) against another registrant; and, in 榕城
 * (real time), a lowest-price project still open with sealed quotes committed — the privacy walk checks that neither
 * quote nor salt shows before close.
 * The agencies are the fixtures' admitted agencies, whose records hold a legal representative's ID number and a
 * contact's mobile: what the portal must never show. Cached in the harness's state directory for the second file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, JIEYANG, RONGCHENG } from '../integration/helpers.ts';
import { accelerate, admittedAgencies, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest, sealedQuote, serveAndEvaluate } from '../integration/procurement-fixtures.ts';

export interface BrowserScenario {
  city: string;
  tenant: string;
  awarded: { id: string; name: string; winner: string; certificateNo: string };
  failed: { id: string; name: string };
  open: { tenant: string; id: string };
  restricted: string;
  /** What must never appear on a public page while the sealed-quote project is open. */
  secrets: string[];
}

const TENANT = '445224'; // 惠来县

async function build(): Promise<BrowserScenario> {
  await onboardCounty(JIEYANG, TENANT, '惠来县');
  await accelerate(JIEYANG, TENANT);
  const owner = await ownerClerk(JIEYANG, TENANT);
  const agencies = await admittedAgencies(JIEYANG, TENANT, TENANT, 5);

  const awarded = await publish(JIEYANG, TENANT, owner.as, purchaseRequest(JIEYANG, owner.ownerId, { name: '惠来县行政服务中心节能评估（浏览器测试）' }));
  const failed = await publish(JIEYANG, TENANT, owner.as, purchaseRequest(JIEYANG, owner.ownerId, { name: '惠来县流标测试项目节能评估' }));
  for (const a of agencies.slice(0, 4)) await call(JIEYANG, 'POST', `/v1/tenants/${TENANT}/projects/${awarded.id}/registrations`, { as: a.as, body: {} });
  for (const a of agencies.slice(0, 2)) await call(JIEYANG, 'POST', `/v1/tenants/${TENANT}/projects/${failed.id}/registrations`, { as: a.as, body: {} });
  await projectWhen(JIEYANG, TENANT, failed.id, (p) => p.status === 'failed', '流标');
  const confirmed = await projectWhen(JIEYANG, TENANT, awarded.id, (p) => p.status === 'confirmed', 'confirmed');
  await serveAndEvaluate(JIEYANG, TENANT, owner.as, awarded.id);
  const winner = confirmed.award.rounds.at(-1).code as string;
  const loser = agencies.map((a) => a.uscc).find((u) => u !== winner)!;
  // 一般失信 by a regulator of the county, through the credit API: the credit context writes the profile and restriction.
  const regulator = { role: 'regulator', tenant: TENANT, sub: `portal-reg-${TENANT}`, industry: 'development' };
  const record = await call(JIEYANG, 'POST', '/v1/credit-records', { as: regulator, body: { uscc: loser, kind: 'administrative-penalty', facts: '节能评估报告数据失实（浏览器测试）' } });
  if (record.status !== 201) throw new Error(`credit record: ${record.status} ${JSON.stringify(record.body)}`);

  // 榕城 runs in real time: this lowest-price project stays open for days, its sealed quotes committed and secret.
  const rcOwner = await ownerClerk(JIEYANG, RONGCHENG);
  const bidders = await admittedAgencies(JIEYANG, RONGCHENG, RONGCHENG, 2);
  const open = await publish(JIEYANG, RONGCHENG, rcOwner.as, purchaseRequest(JIEYANG, rcOwner.ownerId, { name: '榕城区密封报价测试项目', selectionMethod: 'lowest-price', priceFloorFen: 1_000_000 }));
  const quotes = [sealedQuote(3_141_593), sealedQuote(2_718_282)];
  for (const [i, b] of bidders.entries()) {
    await call(JIEYANG, 'POST', `/v1/tenants/${RONGCHENG}/projects/${open.id}/registrations`, { as: b.as, body: {} });
    const c = await call(JIEYANG, 'PUT', `/v1/tenants/${RONGCHENG}/projects/${open.id}/registrations/mine/quote`, { as: b.as, body: { commitment: quotes[i].commitment } });
    if (c.status !== 200) throw new Error(`quote: ${c.status} ${JSON.stringify(c.body)}`);
  }
  return {
    city: JIEYANG, tenant: TENANT,
    awarded: { id: awarded.id, name: awarded.project.name, winner, certificateNo: confirmed.award.certificate.certificateNo },
    failed: { id: failed.id, name: failed.project.name }, open: { tenant: RONGCHENG, id: open.id }, restricted: loser,
    secrets: quotes.flatMap((q) => [q.salt, q.commitment, '31,415.93', '27,182.82', '3141593', '2718282']),
  };
}

export async function browserScenario(): Promise<BrowserScenario> {
  const file = join(process.env.ISM_TEST_STATE_DIR ?? '/tmp', 'browser-scenario.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as BrowserScenario;
  const scenario = await build();
  writeFileSync(file, JSON.stringify(scenario));
  return scenario;
}
