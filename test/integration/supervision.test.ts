// Strategy: 双随机、一公开 and 风险预警 through the running local cloud.
// Spot checks, in a county of its own (南澳 440523): agencies admitted for the city's 节能评估 item, two of them under
// 重点监管 and one blacklisted (the credit context's PROFILE rows, written as that context writes them), one more
// under 重点监管 through the credit API itself (a regulator's administrative penalty), a roster of
// inspectors with a 回避 relation; plan (commitment only) → draw (public transcript, seed revealed) → results. The
// draw is checked by the API, by bin/verify-spot-check.ts on a saved file and on the URL, by bin/verify-draw.ts on the
// agency transcript, and a tampered copy fails. A roster that cannot staff every agency refuses before drawing.
// Red flags, in another county (惠来 445224) with real projects: one at the minimum window with a budget ¥1,000 under
// the ¥500,000 limit that closes with one registrant (流标), two purchases of one item that together pass the limit,
// and one ordinary project that must raise nothing.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { creditKeys } from '../../functions/shared/store/keys.ts';
import { cityTable, dynamoClient, regulatorOf } from './agencies-fixtures.ts';
import { apiOf, call, JIEYANG, operatorOf, PROVINCE, SHANTOU, token } from './helpers.ts';
import { accelerate, admittedAgencies, itemOf, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest, registerOwner } from './procurement-fixtures.ts';

jest.setTimeout(120_000);

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const scratch = mkdtempSync(join(tmpdir(), 'supervision-it-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(script: string, arg: string) {
  const r = spawnSync(TSX, [script, arg], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, verdict: r.stdout.trim().split('\n').at(-1), stdout: r.stdout };
}
const saved = (name: string, value: unknown) => {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
};

async function creditProfile(city: string, uscc: string, profile: Record<string, unknown>): Promise<void> {
  const row = { ...creditKeys.profile(PROVINCE, uscc), uscc, score: 60, updatedAt: new Date().toISOString(), restricted: false, blacklisted: false, ...profile };
  await dynamoClient().send(new PutItemCommand({ TableName: await cityTable(city), Item: marshall(row) }));
}

describe('双随机 spot checks', () => {
  const city = SHANTOU;
  const tenant = '440591'; // 汕头's county for spot checks (own code: the integration files share one local cloud)
  const operator = operatorOf(tenant);
  const base = `/v1/tenants/${tenant}/spot-checks`;
  let industry = '';
  let agencies: { uscc: string }[] = [];
  let conflicted = '';
  let cityInspectorId = '';

  beforeAll(async () => {
    await onboardCounty(city, tenant, '汕头抽查测试区');
    industry = (await call(city, 'GET', `/v1/tenants/${city}/service-items/${itemOf(city).code}`)).body.industry;
    agencies = await admittedAgencies(city, tenant, tenant, 6);
    await creditProfile(city, agencies[0].uscc, { grade: 'C', level: 'general', spotCheckWeight: 3 }); // ×3 ×2
    await creditProfile(city, agencies[1].uscc, { grade: 'B', level: 'general', spotCheckWeight: 3 }); // ×3
    await creditProfile(city, agencies[2].uscc, { grade: 'D', level: 'serious', blacklisted: true, restricted: true }); // out
    // And one through the credit context itself: a regulator's administrative penalty (一般失信) → the policy's weight 3.
    const penalty = await call(city, 'POST', '/v1/credit-records', { as: regulatorOf(tenant, 'development'), body: { uscc: agencies[4].uscc, kind: 'administrative-penalty', facts: '节能评估报告数据失实，处以罚款' } });
    expect(penalty.status).toBe(201);
    const inspector = (body: Record<string, unknown>) => call(city, 'POST', `/v1/tenants/${tenant}/inspectors`, { as: operator, body: { unit: '南澳县发展和改革局', industries: [industry], ...body } });
    const first = await inspector({ name: '回避检查员', conflicts: [agencies[3].uscc] });
    expect(first.status).toBe(201);
    conflicted = first.body.id;
    for (const name of ['检查员乙', '检查员丙']) expect((await inspector({ name })).status).toBe(201);
    expect((await inspector({ name: '环保检查员', industries: ['environment-x'] })).status).toBe(201);
    // 市级统筹: the city's roster serves its counties too.
    const cityInspector = await call(city, 'POST', `/v1/tenants/${city}/inspectors`, { as: operatorOf(city), body: { name: '市级检查员', unit: '汕头市发展和改革局', industries: [industry] } });
    expect(cityInspector.status).toBe(201);
    cityInspectorId = cityInspector.body.id;
  });

  it('plans with a commitment, draws by credit weight with inspectors minus 回避, publishes a transcript anyone verifies, then the results', async () => {
    const planned = await call(city, 'POST', base, { as: operator, body: { name: '2026年第四季度节能评估机构双随机抽查', scope: { kind: 'service-items', items: [itemOf(city)] }, sampleSize: 20, inspectorsPerAgency: 2 } });
    expect(planned.status).toBe(201);
    const id = planned.body.id as string;
    expect(planned.body).toMatchObject({ status: 'planned', commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const before = await call(city, 'GET', `${base}/${id}`);
    expect(before.status).toBe(200);
    expect(JSON.stringify(before.body)).not.toMatch(/"seed"/);
    expect((await call(city, 'GET', base)).body.items.map((c: { id: string }) => c.id)).toContain(id);

    // Only operators and regulators of the tenant (or above) draw.
    expect((await call(city, 'POST', `${base}/${id}/draw`, { as: operatorOf('440507') })).status).toBe(403);
    // A regulator runs spot checks of its own industry only.
    expect((await call(city, 'POST', `${base}/${id}/draw`, { as: regulatorOf(tenant, 'other-industry') })).status).toBe(403);
    const drawn = await call(city, 'POST', `${base}/${id}/draw`, { as: regulatorOf(tenant, industry) });
    expect(drawn.status).toBe(200);
    const body = drawn.body;
    expect(body.verification.valid).toBe(true);
    const weightOf = new Map(body.draw.pool.map((m: { code: string; weight: number }) => [m.code, m.weight]));
    expect([0, 1, 3, 4, 5].map((i) => weightOf.get(agencies[i].uscc))).toEqual([6, 3, 1, 3, 1]);
    expect(body.draw.excluded).toEqual([expect.objectContaining({ code: agencies[2].uscc, reason: expect.objectContaining({ code: 'credit.blacklisted' }) })]);
    // A sample larger than the pool draws everyone: the 回避 rule is then certain to be exercised.
    expect(body.draw.drawn).toHaveLength(body.draw.pool.length);
    for (const d of body.draw.drawn as { agency: string; inspectors: { id: string }[] }[]) {
      expect(d.inspectors).toHaveLength(2);
      if (d.agency === agencies[3].uscc) expect(d.inspectors.map((i) => i.id)).not.toContain(conflicted);
    }
    for (const d of body.draw.transcripts.inspectors as { transcript: { pool: string[] } }[]) expect(d.transcript.pool).toContain(cityInspectorId);
    const t = body.draw.transcripts.agencies;
    expect(t).toMatchObject({ protocol: 'ISM-DRAW-1-W', projectId: id, commitment: planned.body.commitment });
    expect(createHash('sha256').update(Buffer.from(t.seed, 'hex')).digest('hex')).toBe(planned.body.commitment);
    expect(JSON.stringify(body)).not.toMatch(/createdBy|excludedInspectors"|"by"/);

    // Anyone, offline or from the URL, with the standalone verifiers.
    const file = saved('spot-check.json', (await call(city, 'GET', `${base}/${id}`)).body);
    expect(cli('bin/verify-spot-check.ts', file)).toMatchObject({ status: 0, verdict: 'VALID' });
    expect(cli('bin/verify-spot-check.ts', `${apiOf(city)}${base}/${id}`)).toMatchObject({ status: 0, verdict: 'VALID' });
    expect(cli('bin/verify-draw.ts', saved('agencies.json', t))).toMatchObject({ status: 0, verdict: 'VALID' });
    expect(cli('bin/verify-draw.ts', saved('inspectors.json', body.draw.transcripts.inspectors[0].transcript))).toMatchObject({ status: 0, verdict: 'VALID' });
    const tampered = structuredClone(body);
    tampered.draw.drawn[0].inspectors[0].id = conflicted === tampered.draw.drawn[0].inspectors[0].id ? tampered.draw.drawn[0].inspectors[1].id : conflicted;
    expect(cli('bin/verify-spot-check.ts', saved('tampered.json', tampered))).toMatchObject({ status: 1, verdict: 'INVALID' });

    expect((await call(city, 'POST', `${base}/${id}/draw`, { as: operator })).body.code).toBe('spot-check.already-drawn');

    // 一公开: results, once per drawn agency; the check completes with the last.
    const drawnCodes = (body.draw.drawn as { agency: string }[]).map((d) => d.agency);
    for (const [i, agency] of drawnCodes.entries()) {
      const r = await call(city, 'POST', `${base}/${id}/results`, { as: operator, body: { agencyUscc: agency, outcome: i === 0 ? 'problems-found' : 'passed', note: i === 0 ? '评估报告未附能耗计算书' : '未发现问题' } });
      expect(r.status).toBe(200);
    }
    expect((await call(city, 'POST', `${base}/${id}/results`, { as: operator, body: { agencyUscc: drawnCodes[0], outcome: 'passed', note: '重复' } })).body.code).toBe('spot-check.result-recorded');
    expect((await call(city, 'POST', `${base}/${id}/results`, { as: operator, body: { agencyUscc: agencies[2].uscc, outcome: 'passed', note: '未抽中' } })).body.code).toBe('spot-check.agency-not-drawn');
    const done = await call(city, 'GET', `${base}/${id}`);
    expect(done.body.status).toBe('completed');
    expect(done.body.results).toHaveLength(drawnCodes.length);
    expect(done.body.results[0]).toMatchObject({ agency: drawnCodes[0], outcome: 'problems-found' });
    expect(done.body.verification.valid).toBe(true);
    // 全过程留痕: planned, drawn and every result in the spot check's hash chain.
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/spot-check/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['spot-check.planned', 'spot-check.drawn', ...drawnCodes.map(() => 'spot-check.result-published')]);
  });

  it('refuses to draw, before drawing anything, when the roster cannot staff every agency of the pool', async () => {
    const planned = await call(city, 'POST', base, { as: operator, body: { name: '检查人员不足的抽查', scope: { kind: 'service-items', items: [itemOf(city)] }, sampleSize: 1, inspectorsPerAgency: 4 } });
    const refused = await call(city, 'POST', `${base}/${planned.body.id}/draw`, { as: operator });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('spot-check.too-few-inspectors');
    expect(refused.body.short.map((s: { agency: string }) => s.agency)).toContain(agencies[3].uscc); // 3 eligible (2 + the city's) of 4 needed
    expect((await call(city, 'GET', `${base}/${planned.body.id}`)).body).toMatchObject({ status: 'planned' });
    expect((await call(city, 'GET', `${base}/${planned.body.id}`)).body.draw).toBeUndefined();
  });
});

describe('风险预警 red flags through real projects', () => {
  const city = JIEYANG;
  const tenant = '445291'; // 揭阳's county for red flags (own code: the integration files share one local cloud)
  const path = `/v1/tenants/${tenant}/red-flags`;

  it('flags a minimum window, a budget just under the limit, a single eligible registrant and a split purchase; not the ordinary project', async () => {
    await onboardCounty(city, tenant, '揭阳预警测试区');
    await accelerate(city, tenant);
    const owner = await ownerClerk(city, tenant);
    const [agency] = await admittedAgencies(city, tenant, tenant, 1);
    const limit = (await call(city, 'GET', `/v1/tenants/${tenant}/policy`)).body.effective.mandatoryUseBelowFen as number;
    const minWindow = (await call(city, 'GET', `/v1/tenants/${tenant}/policy`)).body.effective.registrationWindowWorkingDays as number;

    const risky = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { budgetFen: limit - 100_000, registrationWindowWorkingDays: minWindow }));
    expect((await call(city, 'POST', `/v1/tenants/${tenant}/projects/${risky.id}/registrations`, { as: agency.as, body: {} })).status).toBe(201);
    const half = Math.ceil(limit * 0.6);
    const split1 = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { budgetFen: half }));
    const split2 = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { budgetFen: half }));
    const other = await ownerClerk(city, tenant, await registerOwner(city, tenant, { kind: 'department', name: '惠来县水务局', fundingTypes: ['fiscal'] }));
    const ordinary = await publish(city, tenant, other.as, purchaseRequest(city, other.ownerId, { budgetFen: 5_000_000 }));
    await projectWhen(city, tenant, risky.id, (p) => p.status === 'failed', 'failed (流标) with one eligible registrant');

    expect((await call(city, 'GET', path, { as: agency.as })).status).toBe(403);
    expect((await call(city, 'GET', path)).status).toBe(401);
    const res = await call(city, 'GET', path, { as: regulatorOf(tenant, 'development') });
    expect(res.status).toBe(200);
    const flags = res.body.items as { rule: string; projectIds: string[]; agencies: string[]; zh: string; en: string; evidence: Record<string, unknown> }[];
    const on = (id: string) => flags.filter((f) => f.projectIds.includes(id)).map((f) => f.rule).sort();
    expect(on(risky.id)).toEqual(expect.arrayContaining(['budget-just-below-threshold', 'minimum-window', 'single-eligible-registrant']));
    expect(flags.find((f) => f.rule === 'single-eligible-registrant' && f.projectIds.includes(risky.id))).toMatchObject({ agencies: [agency.uscc], evidence: { eligible: 1, awarded: false } });
    const split = flags.find((f) => f.rule === 'split-purchase');
    expect(split?.projectIds).toEqual(expect.arrayContaining([split1.id, split2.id]));
    expect(on(ordinary.id)).toEqual([]);
    for (const f of flags) expect(f.zh.length * f.en.length).toBeGreaterThan(0);

    // Filters, CSV, and the city office sees its counties' flags.
    const only = await call(city, 'GET', `${path}?rule=split-purchase`, { as: operatorOf(tenant) });
    expect(new Set(only.body.items.map((f: { rule: string }) => f.rule))).toEqual(new Set(['split-purchase']));
    expect((await call(city, 'GET', `${path}?from=2000-01-01&to=2000-12-31`, { as: operatorOf(tenant) })).body.count).toBe(0);
    const csv = await fetch(`${apiOf(city)}${path}?format=csv`, { headers: { authorization: `Bearer ${await token(operatorOf(tenant))}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text).toContain(risky.id);
    expect(text.split('\r\n')[0]).toContain('rule,rule_zh,severity');
    const cityView = await call(city, 'GET', `/v1/tenants/${city}/red-flags?rule=single-eligible-registrant`, { as: operatorOf(city) });
    expect(cityView.body.tenants).toContain(tenant);
    expect(cityView.body.items.some((f: { projectIds: string[] }) => f.projectIds.includes(risky.id))).toBe(true);
  });
});
