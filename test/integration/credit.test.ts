// Strategy: the credit context (信用) through the running local cloud — the real API of both cities, the real buses
// (city → province → every city), the inbox appliers, the credit worker on the city bus and the accelerated timeline —
// in counties of its own (汕头 440592, 揭阳 445293: test codes of their own, onboarded here) with agencies admitted for the city's item
// (procurement-fixtures.ts). 一地失信、全省受限: a serious record made in 揭阳 refuses a registration in 汕头 within
// seconds; a restriction that arrives after registering excludes at close with the reason in the published pool;
// an abandoned award and a poor evaluation become system records; objection, repair and their decisions are audited;
// the regulators' feed is imported once.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { agencyKeys, creditKeys } from '#functions/shared/store/keys.ts';
import { cityTable, dynamoClient, postToS3, sha256, tinyPdf } from './agencies-fixtures.ts';
import { call, endpoint, eventually, JIEYANG, operatorOf, PROVINCE, SHANTOU, type Claims } from './helpers.ts';
import { accelerate, admittedAgencies, onboardCounty, ownerClerk, projectWhen, publish, purchaseRequest } from './procurement-fixtures.ts';

jest.setTimeout(180_000);
const STCOUNTY = '440592'; // 汕头's county for credit (own code: procurement-methods runs projects in 金平 440511)
const JYCOUNTY = '445293'; // 揭阳's county for credit (own code: procurement-price runs projects in 揭西 445222)
const regulatorOf = (tenant: string): Claims => ({ role: 'regulator', tenant, sub: `credit-reg-${tenant}`, industry: 'development' });
const projects = (tenant: string) => `/v1/tenants/${tenant}/projects`;

/** The agency as the other city's replica would hold it (the fixture writes one city's table only). */
async function replicate(uscc: string, from: string, to: string): Promise<void> {
  const item = (await dynamoClient().send(new GetItemCommand({ TableName: await cityTable(from), Key: { pk: { S: agencyKeys.agency(PROVINCE, uscc).pk }, sk: { S: 'CURRENT' } } }))).Item!;
  await dynamoClient().send(new PutItemCommand({ TableName: await cityTable(to), Item: item }));
}

/** The explanation's lines add up to the score, as served. */
function expectExplained(profile: { score: number; explanation: { hundredths: number }[] }) {
  expect(profile.explanation.reduce((s, l) => s + l.hundredths, 0)).toBe(Math.round(profile.score * 100));
}

let owner: Awaited<ReturnType<typeof ownerClerk>>;

beforeAll(async () => {
  await onboardCounty(SHANTOU, STCOUNTY, '汕头信用测试区');
  await onboardCounty(JIEYANG, JYCOUNTY, '揭阳信用测试区');
  await accelerate(SHANTOU, STCOUNTY);
  owner = await ownerClerk(SHANTOU, STCOUNTY);
});

describe('一地失信、全省受限', () => {
  it.concurrent('a serious record made in 揭阳 refuses a registration in 汕头 within seconds, blacklists and clears the agency there', async () => {
    const [bad, ...others] = await admittedAgencies(SHANTOU, STCOUNTY, STCOUNTY, 3);
    await replicate(bad.uscc, SHANTOU, JIEYANG);
    const { id } = await publish(SHANTOU, STCOUNTY, owner.as, purchaseRequest(SHANTOU, owner.ownerId, { registrationWindowWorkingDays: 30 }));
    expect((await call(SHANTOU, 'POST', `${projects(STCOUNTY)}/${id}/registrations`, { as: others[0].as, body: {} })).status).toBe(201);

    const made = await call(JIEYANG, 'POST', '/v1/credit-records', { as: regulatorOf(JYCOUNTY), body: { uscc: bad.uscc, kind: 'fake-documents', facts: '提供虚假的节能评估报告', basis: '揭西发改罚〔2026〕3号' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ source: 'regulator', kind: 'fake-documents', level: 'serious', state: 'active', version: 1, issuedBy: { tenant: JYCOUNTY, city: JIEYANG } });
    // 一地失信、全省受限: how long until 汕头's replica restricts the agency, then its registration is refused.
    const started = Date.now();
    await eventually(async () => ((await call(SHANTOU, 'GET', `/v1/agencies/${bad.uscc}/credit`)).body.blacklisted === true ? true : undefined), 20_000);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    const refused = await call(SHANTOU, 'POST', `${projects(STCOUNTY)}/${id}/registrations`, { as: bad.as, body: {} });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).toMatch(/credit\.restricted|agency\.cleared/);

    // The profile in 汕头 (a replica): blacklisted, the explanation adds up, the record's public fields.
    const profile = await call(SHANTOU, 'GET', `/v1/agencies/${bad.uscc}/credit`);
    expect(profile.body).toMatchObject({ blacklisted: true, restricted: true, level: 'serious', restriction: { level: 'serious' } });
    expect(profile.body.restriction.until).toBeUndefined();
    expectExplained(profile.body);
    expect(profile.body.records[0]).toMatchObject({ id: made.body.id, kind: 'fake-documents', basis: expect.stringContaining('揭西发改罚〔2026〕3号') });
    expect((await call(SHANTOU, 'GET', '/v1/credit/blacklist?limit=100')).body.items.map((i: { uscc: string }) => i.uscc)).toContain(bad.uscc);
    // 清退 where it was admitted (汕头), by the credit record.
    const cleared = await eventually(async () => {
      const a = await call(SHANTOU, 'GET', `/v1/agencies/${bad.uscc}`);
      return a.body.status === 'cleared' ? a.body : undefined;
    });
    expect(cleared.status).toBe('cleared');
    // Decisions happen where the record was made.
    const elsewhere = await call(SHANTOU, 'POST', `/v1/credit-records/${made.body.id}/objection`, { as: bad.as, body: { reason: '材料真实', evidence: [] } });
    expect([elsewhere.status, elsewhere.body.code, elsewhere.body.city]).toEqual([409, 'credit.managed-elsewhere', JIEYANG]);
    console.log(`credit: 揭阳 serious record → 汕头 registration refused after ${seconds.toFixed(2)} s`);
  });

  it.concurrent('an agency restricted after registering is excluded at close, with the reason in the published pool', async () => {
    const agencies = await admittedAgencies(SHANTOU, STCOUNTY, STCOUNTY, 4);
    const { id } = await publish(SHANTOU, STCOUNTY, owner.as, purchaseRequest(SHANTOU, owner.ownerId, { registrationWindowWorkingDays: 5 }));
    for (const a of agencies) expect((await call(SHANTOU, 'POST', `${projects(STCOUNTY)}/${id}/registrations`, { as: a.as, body: {} })).status).toBe(201);
    const made = await call(SHANTOU, 'POST', '/v1/credit-records', { as: regulatorOf(SHANTOU), body: { uscc: agencies[0].uscc, kind: 'administrative-penalty', facts: '节能评估报告数据失实，处以罚款' } });
    expect(made.status).toBe(201);
    expect(made.body.level).toBe('general');
    const closed = await projectWhen(SHANTOU, STCOUNTY, id, (p) => Boolean(p.closing), 'closed', 90_000);
    expect(closed.closing.pool).toEqual(agencies.slice(1).map((a) => a.uscc).sort());
    expect(closed.closing.excluded).toEqual([{ code: agencies[0].uscc, reasons: [expect.objectContaining({ code: 'credit.restricted', zh: expect.stringContaining('一般失信') })] }]);
    const pub = await call(SHANTOU, 'GET', `${projects(STCOUNTY)}/${id}`);
    expect(JSON.stringify(pub.body)).toContain('credit.restricted');
    const restricted = await call(SHANTOU, 'GET', '/v1/credit/restricted?limit=100');
    expect(restricted.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ uscc: agencies[0].uscc, level: 'general', until: expect.any(String) })]));
    // Matching (the public list of qualified agencies) leaves it out too, with the reason for the operator.
    const qualified = await call(SHANTOU, 'GET', `/v1/tenants/${SHANTOU}/service-items/ZJ-${SHANTOU}-0006/qualified-agencies?place=${STCOUNTY}&limit=200`);
    const codes = qualified.body.items.map((a: { uscc: string }) => a.uscc);
    expect(codes).toContain(agencies[1].uscc);
    expect(codes).not.toContain(agencies[0].uscc);
    // The other city holds the same restriction (replica).
    await eventually(async () => ((await call(JIEYANG, 'GET', `/v1/agencies/${agencies[0].uscc}/credit`)).body.restricted === true ? true : undefined));
  });
});

describe('system records', () => {
  it.concurrent('an abandoned award and a poor evaluation become records of the platform', async () => {
    const agencies = await admittedAgencies(SHANTOU, STCOUNTY, STCOUNTY, 3);
    const who = new Map(agencies.map((a) => [a.uscc, a]));
    const { id } = await publish(SHANTOU, STCOUNTY, owner.as, purchaseRequest(SHANTOU, owner.ownerId, { registrationWindowWorkingDays: 2 }));
    for (const a of agencies) expect((await call(SHANTOU, 'POST', `${projects(STCOUNTY)}/${id}/registrations`, { as: a.as, body: {} })).status).toBe(201);
    const awarded = await projectWhen(SHANTOU, STCOUNTY, id, (p) => p.status === 'awarded', 'awarded', 90_000);
    const first = awarded.award.ranking[0].code as string;
    const abandoned = await call(SHANTOU, 'POST', `${projects(STCOUNTY)}/${id}/abandonment`, { as: who.get(first)!.as, body: { reason: '项目负责人离职，无法按期提供服务' } });
    expect(abandoned.status).toBe(200);
    const record = await eventually(async () => {
      const c = await call(SHANTOU, 'GET', `/v1/agencies/${first}/credit`);
      return c.body.records?.find((r: { kind: string }) => r.kind === 'abandoned-award');
    });
    expect(record).toMatchObject({ source: 'system', level: 'good', points: -5, facts: expect.stringContaining(id), issuedBy: { tenant: STCOUNTY, city: SHANTOU } });

    // The next agency is confirmed, serves, and is evaluated poorly.
    const base = `${projects(STCOUNTY)}/${id}`;
    const confirmed = await projectWhen(SHANTOU, STCOUNTY, id, (p) => p.status === 'confirmed' && p.waitingFor?.step === 'await-contract', 'confirmed', 90_000);
    const second = confirmed.award.ranking.find((r: { code: string }) => r.code !== first).code as string;
    const pdf = await tinyPdf(`contract ${id}`);
    const upload = await call(SHANTOU, 'POST', `${base}/contract/upload`, { as: owner.as, body: { sha256: sha256(pdf), sizeBytes: pdf.length, contentType: 'application/pdf', filename: '合同.pdf' } });
    expect((await postToS3(upload.body, pdf)).status).toBeLessThan(300);
    expect((await call(SHANTOU, 'POST', `${base}/contract`, { as: owner.as, body: { documentId: upload.body.documentId, amountFen: 4_000_000 } })).status).toBe(200);
    await projectWhen(SHANTOU, STCOUNTY, id, (p) => p.waitingFor?.step === 'await-completion', 'waiting for completion');
    expect((await call(SHANTOU, 'POST', `${base}/completion`, { as: owner.as, body: {} })).status).toBe(200);
    await projectWhen(SHANTOU, STCOUNTY, id, (p) => p.waitingFor?.step === 'await-evaluation', 'waiting for the evaluation');
    expect((await call(SHANTOU, 'POST', `${base}/evaluation`, { as: owner.as, body: { quality: 1, attitude: 2, feeReasonableness: 2, comment: '报告质量差' } })).status).toBe(200);
    const poor = await eventually(async () => {
      const c = await call(SHANTOU, 'GET', `/v1/agencies/${second}/credit`);
      return c.body.records?.find((r: { kind: string }) => r.kind === 'poor-evaluation') ? c.body : undefined;
    });
    expect(poor.records[0]).toMatchObject({ source: 'system', kind: 'poor-evaluation', points: -5 });
    expect(poor.evaluations).toMatchObject({ count: 1 });
    expect(poor.components.social).toBe(33); // (1 + 2 + 2) / 15 × 100
    expectExplained(poor);
    // Replicated to the other city, same version; the evaluation travels as a record, so 揭阳 computes the same profile.
    await eventually(async () => ((await call(JIEYANG, 'GET', `/v1/credit-records/${poor.records[0].id}`)).body.version === 1 ? true : undefined));
    const there = await eventually(async () => {
      const c = await call(JIEYANG, 'GET', `/v1/agencies/${second}/credit`);
      return c.body.evaluations?.count === 1 ? c.body : undefined;
    });
    expect({ score: there.score, grade: there.grade, components: there.components }).toEqual({ score: poor.score, grade: poor.grade, components: poor.components });
  });
});

describe('objection (异议) and repair (信用修复)', () => {
  it.concurrent('objection → decision and repair → decision, each with its reason in the audit chain; the worklist shows what is open', async () => {
    const [a] = await admittedAgencies(JIEYANG, JYCOUNTY, JYCOUNTY, 1);
    const regulator = regulatorOf(JYCOUNTY);
    const made = await call(JIEYANG, 'POST', '/v1/credit-records', { as: regulator, body: { uscc: a.uscc, kind: 'administrative-penalty', facts: '未按规范出具评估报告' } });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const path = `/v1/credit-records/${id}`;
    // Evidence: a presigned upload, confirmed by its bytes.
    const pdf = await tinyPdf('复议决定书');
    const up = await call(JIEYANG, 'POST', `${path}/documents`, { as: a.as, body: { kind: 'other', contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf), filename: '复议决定书.pdf' } });
    expect(up.status).toBe(201);
    expect((await postToS3(up.body, pdf)).status).toBeLessThan(300);
    expect((await call(JIEYANG, 'POST', `${path}/documents/${up.body.documentId}/confirm`, { as: a.as })).body.evidenceCount).toBe(1);

    expect((await call(JIEYANG, 'POST', `${path}/objection`, { as: { ...a.as, agency: '91445200MAARGYWF6E' }, body: { reason: '不是本机构', evidence: [] } })).status).toBe(403);
    const objected = await call(JIEYANG, 'POST', `${path}/objection`, { as: a.as, body: { reason: '处罚决定已被行政复议撤销', evidence: [up.body.documentId] } });
    expect(objected.status).toBe(200);
    expect(objected.body).toMatchObject({ state: 'under-objection', objection: { dueAt: expect.any(String), overdue: false } });
    const worklist = await eventually(async () => {
      const w = await call(JIEYANG, 'GET', `/v1/credit/worklist?tenant=${JYCOUNTY}&limit=100`, { as: regulator });
      return w.body.items?.find((i: { id: string }) => i.id === id);
    });
    expect(worklist).toMatchObject({ kind: 'objection', overdue: false });
    expect((await call(JIEYANG, 'POST', `${path}/objection/decision`, { as: a.as, body: { upheld: true, reason: '自己决定' } })).status).toBe(403);
    const decided = await call(JIEYANG, 'POST', `${path}/objection/decision`, { as: regulator, body: { upheld: false, reason: '复议决定维持原处罚，异议不成立' } });
    // 主动推送: the agency was told of the record and of each decision, once per version (not of the evidence).
    const notices = await eventually(async () => {
      const inbox = await call(JIEYANG, 'GET', `/v1/agencies/${a.uscc}/notifications?limit=50`, { as: a.as });
      const mine = (inbox.body.items ?? []).filter((n: { kind: string }) => n.kind === 'CreditRecordChanged');
      return mine.length >= 3 ? mine : undefined;
    });
    expect(notices).toHaveLength(3);
    expect(JSON.stringify(notices)).toContain('异议不成立');
    expect(decided.body).toMatchObject({ state: 'upheld', objection: { decision: { upheld: false, reason: '复议决定维持原处罚，异议不成立' } } });

    // Repair needs the minimum period (一般失信 90 days): too early here; a record that took effect 100 days ago may.
    const early = await call(JIEYANG, 'POST', `${path}/repair`, { as: a.as, body: { commitment: '本机构承诺今后严格按规范出具报告，接受社会监督。', evidence: [] } });
    expect([early.status, early.body.code]).toEqual([409, 'credit.repair-too-early']);
    const old = await call(JIEYANG, 'POST', '/v1/credit-records', { as: regulator, body: { uscc: a.uscc, kind: 'administrative-penalty', facts: '逾期提交评估报告', effectiveAt: new Date(Date.now() - 100 * 86_400_000).toISOString() } });
    const oldPath = `/v1/credit-records/${old.body.id}`;
    const repair = await call(JIEYANG, 'POST', `${oldPath}/repair`, { as: a.as, body: { commitment: '本机构已整改完毕，承诺今后按时提交报告，接受社会监督。', evidence: [] } });
    expect(repair.body).toMatchObject({ state: 'repair-requested', repair: { dueAt: expect.any(String) } });
    expect((await call(JIEYANG, 'POST', `${oldPath}/repair/decision`, { as: regulator, body: { approved: true, reason: '由运营方决定' } })).status).toBe(403);
    const repaired = await call(JIEYANG, 'POST', `${oldPath}/repair/decision`, { as: operatorOf(JYCOUNTY), body: { approved: true, reason: '已整改并作出信用承诺，准予修复' } });
    expect(repaired.body).toMatchObject({ state: 'repaired', counts: false });

    for (const [record, actions] of [[id, ['credit.recorded', 'credit.evidence-added', 'credit.objected', 'credit.objection-rejected']], [old.body.id, ['credit.recorded', 'credit.repair-requested', 'credit.repair-approved']]] as const) {
      const audit = await call(JIEYANG, 'GET', `/v1/tenants/${JYCOUNTY}/audit/credit-record/${record}`, { as: operatorOf(JYCOUNTY) });
      expect(audit.status).toBe(200);
      expect(audit.body.verification.verified).toBe(true);
      expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(actions);
    }
    // The other city sees the last version of each (ordered by version).
    await eventually(async () => ((await call(SHANTOU, 'GET', oldPath)).body.state === 'repaired' ? true : undefined));
    expect((await call(SHANTOU, 'GET', path)).body).toMatchObject({ state: 'upheld', version: 4 });
  });
});

describe('regulators\' feed', () => {
  it.concurrent('a feed import creates each record once, in the city of the deciding tenant, and it reaches the other city', async () => {
    const [a] = await admittedAgencies(SHANTOU, STCOUNTY, STCOUNTY, 1);
    await replicate(a.uscc, SHANTOU, JIEYANG);
    // The fake feed (config/demo-regulator-feed.json) takes one more entry: the 揭西 court's list.
    const entry = { id: `（2026）粤5222执${a.uscc.slice(-6)}号`, uscc: a.uscc, kind: 'court-enforcement', tenant: JYCOUNTY, regulator: '揭西县人民法院', facts: '列入失信被执行人名单', effectiveAt: new Date().toISOString() };
    expect((await fetch(`${endpoint()}/_local/regulator-feed/entries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry) })).status).toBe(201);
    const trigger = async () => expect((await fetch(`${endpoint()}/_local/rules/ism-${JIEYANG}-credit-feed-schedule/trigger`, { method: 'POST' })).status).toBe(202);
    await trigger();
    const first = await eventually(async () => {
      const c = await call(JIEYANG, 'GET', `/v1/agencies/${a.uscc}/credit`);
      return c.body.records?.some((r: { kind: string }) => r.kind === 'court-enforcement') ? c.body : undefined;
    }, 30_000);
    expect(first.records).toHaveLength(1);
    expect(first.records[0]).toMatchObject({ source: 'feed', level: 'serious', version: 1, issuedBy: { tenant: JYCOUNTY, city: JIEYANG }, facts: expect.stringContaining('揭西县人民法院') });
    await trigger();
    await new Promise((r) => setTimeout(r, 3000));
    const again = await call(JIEYANG, 'GET', `/v1/agencies/${a.uscc}/credit`);
    expect(again.body.records).toHaveLength(1);
    const audit = await call(JIEYANG, 'GET', `/v1/tenants/${JYCOUNTY}/audit/credit-record/${first.records[0].id}`, { as: operatorOf(JYCOUNTY) });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['credit.recorded']);
    // The same run refreshes stored profiles that time alone changed: a ban that ended since its row was written.
    const [b] = await admittedAgencies(JIEYANG, JYCOUNTY, JYCOUNTY, 1);
    const endsSoon = new Date(Date.now() - 90 * 86_400_000 + 2000).toISOString(); // 90-day ban, 2 s left
    expect((await call(JIEYANG, 'POST', '/v1/credit-records', { as: regulatorOf(JYCOUNTY), body: { uscc: b.uscc, kind: 'administrative-penalty', facts: '即将期满的限制', effectiveAt: endsSoon } })).body.level).toBe('general');
    const profileRow = async () => (await dynamoClient().send(new GetItemCommand({ TableName: await cityTable(JIEYANG), Key: { pk: { S: creditKeys.profile(PROVINCE, b.uscc).pk }, sk: { S: 'PROFILE' } }, ConsistentRead: true }))).Item;
    expect((await profileRow())?.restricted).toEqual({ BOOL: true });
    await new Promise((r) => setTimeout(r, 2500));
    await trigger();
    await eventually(async () => ((await profileRow())?.restricted?.BOOL === false ? true : undefined), 15_000);

    // 汕头 holds it too, blacklists the agency and, having admitted it, clears it.
    await eventually(async () => ((await call(SHANTOU, 'GET', `/v1/agencies/${a.uscc}`)).body.status === 'cleared' ? true : undefined));
    expect((await call(SHANTOU, 'GET', `/v1/agencies/${a.uscc}/credit`)).body).toMatchObject({ blacklisted: true, records: [expect.objectContaining({ version: 1 })] });
  });
});
