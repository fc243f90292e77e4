// Strategy: the province stack (全省) through the running local cloud — the cities' real APIs, their buses forwarding
// to the province bus, the province's read-model queue and worker, and the province's own public API and portal
// (on the API port after the cities', reached as call(PROVINCE, …)). What a city does reaches the province as events:
//  - an agency admitted in 揭阳 through joint review (a fresh code, so no other test's agency) appears in the
//    province's directory, its API and its portal;
//  - a serious credit record made by a 揭阳 regulator puts it on the province's blacklist, with its 信用脸谱, and the
//    clearance that 揭阳 then makes reaches the province's directory too;
//  - a project awarded in a county of 揭阳 and one in a county of 汕头 (counties of their own, onboarded here, with
//    accelerated time) both count in the province statistics: the award totals by city and tenant, and the cities'
//    statistics fold over their ProjectSummarized rows, in total and per city.
import { randomUUID } from 'node:crypto';
import { GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { applicationBody, applyAndSubmit, clerkOf, dayOffset, dynamoClient, freshUscc, regulatorOf } from './agencies-fixtures.ts';
import { apiOf, call, endpoint, eventually, JIEDONG, JIEYANG, operatorOf, PROVINCE, SHANTOU } from './helpers.ts';
import { accelerate, admittedAgencies, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest } from './procurement-fixtures.ts';

jest.setTimeout(180_000);

// Counties of their own (not real GB/T 2260 codes, but nested as the onboarding requires): the integration files share
// one local cloud, and a county another file runs projects in would add to the statistics counted here.
const HUILAI = '445290'; // 揭阳's test county
const NANAO = '440590'; // 汕头's test county

describe('the province API and portal', () => {
  it('answers its health, its cities with their portals\' URLs, and its OpenAPI document', async () => {
    const health = await call(PROVINCE, 'GET', '/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', province: { code: PROVINCE, name: '广东省' }, checks: { table: { ok: true } } });
    const cities = await call(PROVINCE, 'GET', '/v1/cities');
    expect(cities.body.items.map((c: { code: string }) => c.code)).toEqual([JIEYANG, SHANTOU]);
    for (const c of cities.body.items as { code: string; apiUrl: string }[]) {
      expect((await (await fetch(`${c.apiUrl}/v1/health`)).json())).toMatchObject({ city: { code: c.code } });
    }
    const home = await call(PROVINCE, 'GET', '/');
    expect(home.headers.get('content-type')).toContain('text/html');
    const text = home.body as string;
    expect(text).toContain('<h1>广东省网上中介服务超市</h1>');
    for (const c of cities.body.items as { apiUrl: string; name: string }[]) expect(text).toContain(`<a href="${c.apiUrl}/">${c.name}网上中介服务超市</a>`);
    const openapi = await call(PROVINCE, 'GET', '/v1/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/stats', '/v1/agencies', '/v1/credit/blacklist', '/']));
    // Read-only: nothing to write here.
    expect((await call(PROVINCE, 'POST', '/v1/agencies/applications', { body: {} })).status).toBe(404);
  });
});

describe('一地入驻、全省通行 and 一地失信、全省受限, seen from the province', () => {
  const uscc = freshUscc(JIEDONG);
  const name = `揭阳市揭东区省级目录测试环评咨询有限公司${uscc.slice(-4)}`;
  const code = `ZJ-${JIEYANG}-0001`; // 环境影响评价 (industry environment)

  it('an agency admitted in 揭阳 appears in the province\'s directory, API and portal', async () => {
    const me = clerkOf(JIEDONG, uscc);
    const body = applicationBody(uscc, name, [{ tenant: JIEYANG, code }], [
      { id: 'q-eia', type: '环境影响评价', number: `粤环评〔2026〕${uscc.slice(-4)}号`, issuer: '广东省生态环境厅', validFrom: '2025-01-01', validTo: dayOffset(1000) },
    ]);
    const { id, submitted } = await applyAndSubmit(JIEYANG, me, body);
    expect(submitted.body).toMatchObject({ status: 'submitted' });
    expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: regulatorOf(JIEYANG, 'environment'), body: { decision: 'approve', reason: '证书真实有效' } })).status).toBe(200);
    const admitted = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: operatorOf(JIEDONG), body: { decision: 'approve', reason: '材料齐全' } });
    expect(admitted.body).toMatchObject({ status: 'admitted' });

    const inProvince = await eventually(async () => {
      const r = await call(PROVINCE, 'GET', `/v1/agencies/${uscc}`);
      return r.status === 200 ? r.body : undefined;
    }, 20_000);
    // From the admission instant the server recorded to the province's first answer (a figure, not an assertion).
    console.info(`AgencyAdmitted 揭阳 → province directory: visible ${Date.now() - Date.parse(admitted.body.decidedAt)} ms after admission`);
    expect(inProvince).toMatchObject({ uscc, name, status: 'active', province: PROVINCE });
    expect(JSON.stringify(inProvince)).not.toContain('44520219900101123X');
    const listed = await call(PROVINCE, 'GET', `/v1/agencies?q=${uscc}`);
    expect(listed.body.items.map((a: { uscc: string }) => a.uscc)).toEqual([uscc]);
    const page = await call(PROVINCE, 'GET', `/portal/agencies/${uscc}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(name);
    expect(await (await call(PROVINCE, 'GET', `/portal/agencies?q=${uscc}`)).body).toContain(`/portal/agencies/${uscc}`);
  });

  it('a serious record made in 揭阳 puts it on the province\'s blacklist; 揭阳\'s clearance reaches the province\'s directory', async () => {
    const regulator = { role: 'regulator', tenant: JIEYANG, sub: `province-test-reg-${JIEYANG}`, industry: 'environment' };
    const made = await call(JIEYANG, 'POST', '/v1/credit-records', { as: regulator, body: { uscc, kind: 'fake-documents', facts: '提供虚假的环评资质证明', basis: '揭环罚〔2026〕7号' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ level: 'serious' });
    const blacklist = await eventually(async () => {
      const r = await call(PROVINCE, 'GET', '/v1/credit/blacklist?limit=200');
      return r.body.items?.some((a: { uscc: string }) => a.uscc === uscc) ? r.body.items : undefined;
    }, 20_000);
    expect(blacklist.find((a: { uscc: string }) => a.uscc === uscc)).toMatchObject({ uscc, name, level: 'serious' });
    const restricted = await call(PROVINCE, 'GET', '/v1/credit/restricted?limit=200');
    expect(restricted.body.items.map((a: { uscc: string }) => a.uscc)).toContain(uscc);
    const profile = await call(PROVINCE, 'GET', `/v1/agencies/${uscc}/credit`);
    expect(profile.body).toMatchObject({ uscc, blacklisted: true, restricted: true, records: [expect.objectContaining({ id: made.body.id, kind: 'fake-documents' })] });
    expect((await call(PROVINCE, 'GET', `/v1/credit-records/${made.body.id}`)).body).toMatchObject({ id: made.body.id, uscc });
    // Its page on the province portal shows the blacklisting (信用脸谱).
    expect((await call(PROVINCE, 'GET', `/portal/agencies/${uscc}`)).body).toMatch(/黑名单<\/th><td><span class="bad">是/);
    // 严重失信 → 全省清退, made by 揭阳 (the admitting city) and replicated: the province's directory says so.
    await eventually(async () => ((await call(PROVINCE, 'GET', `/v1/agencies/${uscc}`)).body.status === 'cleared' ? true : undefined), 20_000);
    expect((await call(PROVINCE, 'GET', `/v1/agencies?q=${uscc}`)).body.items).toEqual([]);
    // Cleared, and still on the public blacklist page (失信惩戒名单) of the province and of the city that decided it.
    for (const where of [PROVINCE, JIEYANG]) {
      const lists = (await call(where, 'GET', '/portal/credit')).body as string;
      expect(lists.slice(lists.indexOf('<h2>黑名单</h2>'))).toContain(`/portal/agencies/${uscc}`);
      // …and in the spreadsheet download of the same list (UTF-8 with BOM, one line per agency).
      const csv = await fetch(`${apiOf(where)}/v1/credit/blacklist.csv`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = Buffer.from(await csv.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM (response.text() would strip it)
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('统一社会信用代码,机构名称,信用分,信用等级,失信等级,限制原因,限制期限至,惩戒措施');
      expect(lines.find((l) => l.startsWith(`${uscc},${name},`))).toContain(',serious,');
    }
  });
});

describe('province statistics: a project awarded in 揭阳 and one in 汕头 both count', () => {
  const awarded: { city: string; tenant: string; id: string }[] = [];

  beforeAll(async () => {
    await Promise.all([[JIEYANG, HUILAI, '揭阳省统计测试区'], [SHANTOU, NANAO, '汕头省统计测试区']].map(async ([city, tenant, countyName]) => {
      await onboardCounty(city, tenant, countyName);
      await accelerate(city, tenant);
      const owner = await ownerClerk(city, tenant);
      const agencies = await admittedAgencies(city, tenant, tenant, 3);
      const { id } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { registrationWindowWorkingDays: 5 }));
      const registered = await Promise.all(agencies.map((a) => call(city, 'POST', `/v1/tenants/${tenant}/projects/${id}/registrations`, { as: a.as, body: {} })));
      expect(registered.map((r) => (r.status === 201 ? 201 : `${r.status} ${JSON.stringify(r.body)}`))).toEqual(agencies.map(() => 201));
      await projectWhen(city, tenant, id, (p) => p.status === 'awarded' || p.status === 'confirmed', 'awarded', 120_000);
      awarded.push({ city, tenant, id });
    }));
  });

  it('the award totals count each by its city and tenant', async () => {
    const stats = await eventually(async () => {
      const r = await call(PROVINCE, 'GET', '/v1/stats');
      return r.body.awards?.byTenant?.[HUILAI] && r.body.awards.byTenant[NANAO] ? r.body : undefined;
    }, 30_000);
    expect(stats.awards.byTenant[HUILAI]).toMatchObject({ awarded: 1, budgetFen: 5_000_000 });
    expect(stats.awards.byTenant[NANAO]).toMatchObject({ awarded: 1, budgetFen: 5_000_000 });
    expect(stats.awards.byCity[JIEYANG].awarded).toBeGreaterThanOrEqual(1);
    expect(stats.awards.byCity[SHANTOU].awarded).toBeGreaterThanOrEqual(1);
    expect(stats.awards.total.awarded).toBeGreaterThanOrEqual(2);
    expect(stats.awards.byMethod.random.awarded).toBeGreaterThanOrEqual(2);
  });

  it('the cities\' statistics fold over every city\'s project summaries, in total and per city, as each city counts itself', async () => {
    const stats = await eventually(async () => {
      const r = await call(PROVINCE, 'GET', '/v1/stats');
      return [HUILAI, NANAO].every((t) => r.body.tenants?.includes(t)) ? r.body : undefined;
    }, 30_000);
    const city = (code: string) => stats.byCity.find((b: { city: { code: string } }) => b.city.code === code);
    expect(city(JIEYANG).tenants).toContain(HUILAI);
    expect(city(SHANTOU).tenants).toContain(NANAO);
    expect(city(JIEYANG).tenants).not.toContain(NANAO);
    // Each city counts its own tenant's project (its /v1/tenants/{t}/stats); the province has the same tenant under that city.
    for (const { city: c, tenant } of awarded) {
      const own = await call(c, 'GET', `/v1/tenants/${tenant}/stats`);
      expect(own.body.statistics).toMatchObject({ projects: 1, outcomes: { awarded: 1 } });
      expect(city(c).statistics.projects).toBeGreaterThanOrEqual(1);
    }
    const total = stats.byCity.reduce((n: number, b: { statistics: { projects: number } }) => n + b.statistics.projects, 0);
    expect(stats.statistics.projects).toBe(total);
    const page = await call(PROVINCE, 'GET', '/portal/statistics');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<svg role="img"');
    expect(page.body).toContain('揭阳市');
    expect(page.body).toContain('汕头市');
  });

  it('an older summary arriving late, or the same version again, changes nothing (newer versions only)', async () => {
    const [{ city: c, tenant, id }] = awarded;
    const tables = (await dynamoClient().send(new ListTablesCommand({}))).TableNames ?? [];
    const table = tables.find((n) => n.startsWith(`Ism-Province-${PROVINCE}`))!;
    const before = await call(PROVINCE, 'GET', '/v1/stats');
    const month = before.body.period.to.slice(0, 7) as string;
    const current = await storedSummary(table, tenant, month, id);
    const version = current.version as number;
    // What the city would have sent for an older version of the project: 流标 instead of awarded, a budget ten times larger.
    const bus = new EventBridgeClient({ endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const put = async (eventId: string, v: number) => {
      const old = { ...current, version: v, outcome: 'failed', status: 'failed', budgetFen: 50_000_000 };
      const detail = { eventId, tenant, city: c, province: PROVINCE, occurredAt: new Date().toISOString(), schemaVersion: 1, data: { summary: old } };
      const out = await bus.send(new PutEventsCommand({ Entries: [{ EventBusName: `ism-province-${PROVINCE}`, Source: `ism.${c}`, DetailType: 'ProjectSummarized', Detail: JSON.stringify(detail) }] }));
      expect(out.FailedEntryCount).toBe(0);
      await eventually(async () => (await dynamoClient().send(new GetItemCommand({ TableName: table, Key: { pk: { S: `${PROVINCE}#APPLIED#${eventId}` }, sk: { S: 'APPLIED' } }, ConsistentRead: true }))).Item);
    };
    await put(randomUUID(), version - 1);
    await put(randomUUID(), version); // the same version again: not newer
    expect((await storedSummary(table, tenant, month, id))).toEqual(current);
    const after = await call(PROVINCE, 'GET', '/v1/stats');
    const cityOf = (body: { byCity: { city: { code: string }; statistics: unknown }[] }) => body.byCity.find((b) => b.city.code === c)!.statistics;
    expect(cityOf(after.body)).toEqual(cityOf(before.body));
  });
});

async function storedSummary(table: string, tenant: string, month: string, id: string): Promise<Record<string, unknown>> {
  const item = (await dynamoClient().send(new GetItemCommand({ TableName: table, Key: { pk: { S: `${tenant}#STATS#${month}` }, sk: { S: `P#${id}` } }, ConsistentRead: true }))).Item!;
  return unmarshall(item).summary as Record<string, unknown>;
}
