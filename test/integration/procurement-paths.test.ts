// Strategy: the timeline's other endings and detours through the running local cloud, random method, in a county of
// their own (普宁, onboarded here; one day per 2 seconds), each project with agencies of its own, run at once:
//  - 流标: fewer eligible registrants than the policy's three; a registration just after the deadline is refused
//    (409 registration.closed) and so is a withdrawal; the owner republishes — a new project with the same body —
//    and the failed one keeps its history; the new one runs to its award;
//  - 质疑 upheld: a registrant objects inside the publicity window, the timeline waits for the decision, the
//    operator upholds it, the next ranked agency is awarded with a new publicity window and confirmed;
//  - 放弃中选: after a rejected objection the winner is confirmed, then abandons — its certificate is voided (the
//    register says so) and the next ranked agency is awarded, confirmed and certified, and the project is evaluated.
// Every draw transcript verifies with the standalone verifier, every certificate issued verifies.
// Then a production county (not a sandbox) refuses time acceleration: the policy API refuses it, a stored value is
// not applied, and its projects' deadlines are the real ones.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { tenantKeys } from '#functions/shared/store/keys.ts';
import { cityTable, dynamoClient } from './agencies-fixtures.ts';
import { call, JIEYANG, operatorOf, SHANTOU, type Claims } from './helpers.ts';
import {
  accelerate, admittedAgencies, expectCertificate, expectDrawsVerify, onboardCounty, ownerClerk, productionCounty, projectWhen, publish, purchaseRequest, serveAndEvaluate,
} from './procurement-fixtures.ts';

jest.setTimeout(150_000);
const city = JIEYANG;
const tenant = '445281'; // 普宁市
const operator = operatorOf(tenant);
const base = `/v1/tenants/${tenant}/projects`;
const path = (id: string, rest = '') => `${base}/${id}${rest}`;
const codes = (list: { code: string }[]) => list.map((x) => x.code);

let ready: Promise<{ as: Claims; ownerId: string }> | undefined;
/** Once per file, awaited by each concurrent test. */
const setup = () => (ready ??= (async () => {
  await onboardCounty(city, tenant, '普宁市');
  await accelerate(city, tenant, 43_200);
  return ownerClerk(city, tenant);
})());

type Agency = { uscc: string; as: Claims };
async function registerAll(id: string, agencies: Agency[]) {
  for (const a of agencies) expect((await call(city, 'POST', path(id, '/registrations'), { as: a.as, body: {} })).status).toBe(201);
}
const byUscc = (agencies: Agency[]) => new Map(agencies.map((a) => [a.uscc, a]));

describe('other paths of the timeline', () => {
  it.concurrent('流标: too few eligible registrants fail the project; late registration refused; the owner republishes', async () => {
    const owner = await setup();
    const [a, b, late, c] = await admittedAgencies(city, tenant, tenant, 4);
    const body = purchaseRequest(city, owner.ownerId, { registrationWindowWorkingDays: 2 });
    const { id, project } = await publish(city, tenant, owner.as, body);
    await registerAll(id, [a, b]);

    // The server clock decides: once the enforced deadline has passed, registering and withdrawing are refused.
    const closesAt = Date.parse(project.registration.closesAt);
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 1)));
    const refused = await call(city, 'POST', path(id, '/registrations'), { as: late.as, body: {} });
    expect([refused.status, refused.body.code]).toEqual([409, 'registration.closed']);
    const withdraw = await call(city, 'DELETE', path(id, '/registrations/mine'), { as: a.as });
    expect([withdraw.status, withdraw.body.code]).toEqual([409, 'registration.closed']);

    const failed = await projectWhen(city, tenant, id, (p) => p.status === 'failed', '流标');
    expect(failed.closing).toMatchObject({ pool: [a.uscc, b.uscc].sort(), excluded: [], minEligible: 3 });
    expect(failed.history.at(-1)).toMatchObject({ event: 'fail', from: 'closed', to: 'failed', reasons: [expect.objectContaining({ zh: expect.stringContaining('流标') })] });
    expect(failed.award).toBeUndefined();
    const stillRefused = await call(city, 'POST', path(id, '/registrations'), { as: late.as, body: {} });
    expect([stillRefused.status, stillRefused.body.code]).toEqual([409, 'registration.closed']);
    expect((await call(city, 'GET', path(id, '/award'))).status).toBe(404);
    expect((await call(city, 'GET', path(id, '/draw'))).body).toMatchObject({ published: false, transcripts: [] });
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/project/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('project.failed-at-close');
    // The public list shows it among the failed.
    const list = await call(city, 'GET', `${base}?status=failed&limit=100`);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);

    // 重新发布: the same purchase request again is a new project with a new window; the failed one stays as it was.
    const again = await publish(city, tenant, owner.as, body);
    expect(again.id).not.toBe(id);
    expect(again.project).toMatchObject({ status: 'published', name: body.name, budgetFen: body.budgetFen });
    expect(again.project.draw.commitment).not.toBe(project.draw.commitment);
    const old = await call(city, 'GET', path(id, '/record'), { as: operator });
    expect(old.body).toMatchObject({ status: 'failed', version: failed.version, history: failed.history });
    await registerAll(again.id, [a, b, late, c]);
    const awarded = await projectWhen(city, tenant, again.id, (p) => p.status === 'awarded', 'the republished project awarded');
    expect(awarded.closing.pool).toEqual([a, b, late, c].map((x) => x.uscc).sort());
    await expectDrawsVerify(city, tenant, again.id);
  });

  it.concurrent('质疑 upheld: the winner is excluded, the next ranked agency is awarded with a new publicity window, then confirmed', async () => {
    const owner = await setup();
    const agencies = await admittedAgencies(city, tenant, tenant, 4);
    const [outsider] = await admittedAgencies(city, tenant, tenant, 1);
    const { id } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { registrationWindowWorkingDays: 2 }));
    await registerAll(id, agencies);

    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    const ranking = codes(awarded.award.ranking);
    const first = awarded.award.rounds[0];
    const who = byUscc(agencies);
    const grounds = '中选机构的节能评估工程师证书已于上月注销，不符合报名条件';
    const self = await call(city, 'POST', path(id, '/objections'), { as: who.get(ranking[0])!.as, body: { grounds } });
    expect([self.status, self.body.code]).toEqual([409, 'objection.against-self']);
    expect((await call(city, 'POST', path(id, '/objections'), { as: outsider.as, body: { grounds } })).status).toBe(403);
    const filed = await call(city, 'POST', path(id, '/objections'), { as: who.get(ranking[2])!.as, body: { grounds } });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ by: ranking[2], against: ranking[0], round: 1, status: 'open' });

    // The publicity window ends with the objection pending: the timeline waits for the operator's decision.
    await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-objection-decision', 'waiting for the objection decision');
    const listed = await call(city, 'GET', path(id, '/objections'), { as: operator });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: filed.body.id, status: 'open' })]);
    const decided = await call(city, 'POST', path(id, `/objections/${filed.body.id}/decision`), { as: operator, body: { upheld: true, reason: '经核查，该机构节能评估工程师证书已注销，质疑成立' } });
    expect(decided.status).toBe(200);
    const substituted = decided.body.project;
    expect(substituted.status).toBe('awarded');
    expect(substituted.award.rounds).toEqual([
      expect.objectContaining({ round: 1, code: ranking[0], ended: expect.objectContaining({ why: 'objection-upheld' }) }),
      expect.objectContaining({ round: 2, code: ranking[1] }),
    ]);
    expect(Date.parse(substituted.award.rounds[1].publicity.dueAt)).toBeGreaterThan(Date.parse(first.publicity.dueAt));
    const again = await call(city, 'POST', path(id, `/objections/${filed.body.id}/decision`), { as: operator, body: { upheld: false, reason: '改判' } });
    expect([again.status, again.body.code]).toEqual([409, 'objection.decided']);
    const notice = await call(city, 'GET', path(id, '/award'));
    expect(notice.body).toMatchObject({ winner: ranking[1], round: 2, excludedAfterAward: [expect.objectContaining({ code: ranking[0], why: 'objection-upheld' })] });
    expect(codes(notice.body.ranking)).toEqual(ranking); // the published order is kept; substitution walks down it

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'the substitute confirmed');
    expect(confirmed.award.rounds.at(-1).code).toBe(ranking[1]);
    await expectCertificate(city, confirmed.award.certificate.certificateNo, 'valid');
    const cert = await call(city, 'GET', `/v1/certificates/${confirmed.award.certificate.certificateNo}`);
    expect(cert.body.fields.agency.uscc).toBe(ranking[1]);
    await expectDrawsVerify(city, tenant, id);
  });

  it.concurrent('放弃中选: the confirmed winner abandons; its certificate is voided and the next ranked agency is awarded, confirmed and evaluated', async () => {
    const owner = await setup();
    const agencies = await admittedAgencies(city, tenant, tenant, 4);
    const { id } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { registrationWindowWorkingDays: 2 }));
    await registerAll(id, agencies);
    const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'awarded');
    const ranking = codes(awarded.award.ranking);
    const who = byUscc(agencies);

    // A rejected objection does not stop the award.
    const filed = await call(city, 'POST', path(id, '/objections'), { as: who.get(ranking[1])!.as, body: { grounds: '中选结果公示内容与报名情况不一致，请求复核' } });
    expect(filed.status).toBe(201);
    await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-objection-decision', 'waiting for the objection decision');
    const rejected = await call(city, 'POST', path(id, `/objections/${filed.body.id}/decision`), { as: operator, body: { upheld: false, reason: '经核查，公示内容与报名记录一致，质疑不成立' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.project.award.rounds).toHaveLength(1);

    const confirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed' && p.waitingFor?.step === 'await-contract', 'confirmed, waiting for the contract');
    const firstNo = confirmed.award.certificate.certificateNo as string;
    await expectCertificate(city, firstNo, 'valid');
    const notWinner = await call(city, 'POST', path(id, '/abandonment'), { as: who.get(ranking[1])!.as, body: { reason: '不是中选机构' } });
    expect([notWinner.status, notWinner.body.code]).toEqual([409, 'abandon.not-winner']);
    const abandoned = await call(city, 'POST', path(id, '/abandonment'), { as: who.get(ranking[0])!.as, body: { reason: '项目负责人离职，无法按期提供服务' } });
    expect(abandoned.status).toBe(200);
    expect(abandoned.body.status).toBe('awarded');
    expect(abandoned.body.award.rounds).toEqual([
      expect.objectContaining({ code: ranking[0], ended: expect.objectContaining({ why: 'abandoned' }), certificate: expect.objectContaining({ certificateNo: firstNo, voided: expect.objectContaining({ reason: expect.stringContaining('项目负责人离职') }) }) }),
      expect.objectContaining({ round: 2, code: ranking[1] }),
    ]);
    expect(abandoned.body.award.certificate).toBeUndefined();
    await expectCertificate(city, firstNo, 'voided');
    const twice = await call(city, 'POST', path(id, '/abandonment'), { as: who.get(ranking[0])!.as, body: { reason: '再次放弃' } });
    expect([twice.status, twice.body.code]).toEqual([409, 'abandon.not-winner']);

    const reconfirmed = await projectWhen(city, tenant, id, (p) => p.status === 'confirmed' && p.award.rounds.length === 2, 'the substitute confirmed');
    const secondNo = reconfirmed.award.certificate.certificateNo as string;
    expect(secondNo).not.toBe(firstNo);
    await expectCertificate(city, secondNo, 'valid');
    await expectCertificate(city, firstNo, 'voided');
    const evaluated = await serveAndEvaluate(city, tenant, owner.as, id);
    expect(evaluated.award.rounds.at(-1).code).toBe(ranking[1]);
    const audit = await call(city, 'GET', `/v1/tenants/${tenant}/audit/project/${id}`, { as: operator });
    expect(audit.body.verification.verified).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['project.objection-rejected', 'project.award-abandoned', 'project.evaluated']));
    await expectDrawsVerify(city, tenant, id);
  });
});

describe('a production county (not a sandbox)', () => {
  const county = '440513'; // 潮阳区, as a production deployment would hold it
  const op = operatorOf(county);

  it('refuses time acceleration: the policy API refuses it, a stored one is not applied, and deadlines are the real ones', async () => {
    await productionCounty(SHANTOU, county, '潮阳区');
    expect((await call(SHANTOU, 'GET', `/v1/tenants/${county}`)).body).toMatchObject({ code: county, sandbox: false });

    const put = await call(SHANTOU, 'PUT', `/v1/tenants/${county}/policy`, { as: op, body: { timeAccelerator: 86_400 } });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([expect.objectContaining({ path: 'body.timeAccelerator', code: 'policy.sandbox-only' })]);
    expect((await call(SHANTOU, 'PUT', `/v1/tenants/${county}/policy`, { as: op, body: { timeAccelerator: 1 } })).status).toBe(200);

    // Even a stored accelerator (written past the API, as a bad migration might) is not applied: resolution pins it to 1.
    const current = (await call(SHANTOU, 'GET', `/v1/tenants/${county}/policy`)).body.own.version as number;
    const stored = { tenant: county, override: { timeAccelerator: 86_400 }, version: current + 1, updatedAt: new Date().toISOString(), updatedBy: 'migration' };
    for (const key of [tenantKeys.policy(county), tenantKeys.policyVersion(county, stored.version)]) {
      await dynamoClient().send(new PutItemCommand({ TableName: await cityTable(SHANTOU), Item: marshall({ ...key, ...stored }) }));
    }
    const policy = await call(SHANTOU, 'GET', `/v1/tenants/${county}/policy`);
    expect(policy.body.effective.timeAccelerator).toBe(1);
    expect(policy.body.problems).toEqual([expect.objectContaining({ path: 'timeAccelerator', code: 'policy.sandbox-only', tenant: county })]);

    // Its projects run in real time: the enforced deadline is the working-day one, nothing accelerated.
    const owner = await ownerClerk(SHANTOU, county);
    const { id, project } = await publish(SHANTOU, county, owner.as, purchaseRequest(SHANTOU, owner.ownerId, { registrationWindowWorkingDays: 2 }));
    expect(project.sandbox).toBe(false);
    expect(project.registration.accelerated).toBeUndefined();
    expect(project.registration.closesAt).toBe(project.registration.deadline.at);
    expect(Date.parse(project.registration.closesAt) - Date.parse(project.publishedAt)).toBeGreaterThan(2 * 86_400_000);
    const [agency] = await admittedAgencies(SHANTOU, county, county, 1);
    expect((await call(SHANTOU, 'POST', `/v1/tenants/${county}/projects/${id}/registrations`, { as: agency.as, body: {} })).status).toBe(201);
  });
});
