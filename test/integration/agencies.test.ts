// Strategy: the "done means" for agencies, end to end through the local cloud, in the order an agency
// lives it. An agency whose demo licences (config/demo-licences.json) are all valid applies in 揭阳 with its
// documents uploaded straight to S3 (a real PDF through the presigned POST), passes the e-licence check and is
// admitted at once (申请即入); within seconds it is in 汕头's directory and qualifies there for 汕头's items of its
// qualification types (config/demo-catalog.json). An expired certificate makes it stop qualifying — asked for a
// date after expiry, and through the daily job run on demand (the local cloud has no clock to move, so the
// certificate is back-dated in 揭阳's table, as if its date had passed) — and an extension brings it back;
// clearance removes it in both cities. A second agency that the library cannot vouch for goes through joint
// review (联合审查). Every refusal is checked twice: a problem+json with a stable code, and nothing stored.
import { readFileSync } from 'node:fs';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { addDays } from '../../functions/agencies/domain/shanghai-dates.ts';
import { call, endpoint, eventually, JIEDONG, JIEYANG, localCloudOnly, operatorOf, PROVINCE, RONGCHENG, SHANTOU } from './helpers.ts';
import {
  applicationBody, cityTable, clerkOf, dayOffset, dynamoClient, fileDocuments, freshUscc, inS3, PNG, postToS3, regulatorOf, requestUpload,
  sha256, storedApplications, storedKeys, tinyPdf, today, uploadDocument, wrongCheckCharacter,
} from './agencies-fixtures.ts';

jest.setTimeout(90_000);

interface Licence { agency: string; holderUscc: string; type: string; number: string; grade?: string; issuer: string; validFrom: string; validTo: string; revokedAt?: string }
interface CatalogueItem { suffix: string; industry: string; qualificationRequirements: { type: string; minGrade?: string }[] }

const { licences } = JSON.parse(readFileSync('config/demo-licences.json', 'utf8')) as { licences: Licence[] };
const { cityItems } = JSON.parse(readFileSync('config/demo-catalog.json', 'utf8')) as { cityItems: CatalogueItem[] };

/** The 揭阳 agency whose licences are all valid today, the one with the most of them. */
const isValid = (l: Licence) => l.validFrom <= today() && today() <= l.validTo && !l.revokedAt;
const holders = [...new Set(licences.map((l) => l.holderUscc))]
  .filter((u) => u.slice(2, 6) === '4452')
  .map((u) => licences.filter((l) => l.holderUscc === u))
  .filter((ls) => ls.every(isValid))
  .sort((a, b) => b.length - a.length);
const LICENCES = holders[0];
const USCC = LICENCES[0].holderUscc;
const NAME = LICENCES[0].agency;
/** Catalogue items (by suffix) whose requirement types its licences hold. */
const SUFFIXES = cityItems.filter((i) => i.qualificationRequirements.length > 0 && i.qualificationRequirements.every((r) => LICENCES.some((l) => l.type === r.type))).map((i) => i.suffix);
const items = (city: string) => SUFFIXES.map((s) => ({ tenant: city, code: `ZJ-${city}-${s}` }));
const qualifications = LICENCES.map((l, i) => ({ id: `q-${i + 1}`, type: l.type, number: l.number, ...(l.grade ? { grade: l.grade } : {}), issuer: l.issuer, validFrom: l.validFrom, validTo: l.validTo }));

const clerk = clerkOf(JIEYANG, USCC);
const cityOperator = operatorOf(JIEYANG);
const shantouOperator = operatorOf(SHANTOU);

const profile = (city: string) => call(city, 'GET', `/v1/agencies/${USCC}`);
const qualifiedIn = async (city: string, code: string, query = '') =>
  ((await call(city, 'GET', `/v1/tenants/${city}/service-items/${code}/qualified-agencies?limit=200${query}`)).body.items as { uscc: string }[]).map((a) => a.uscc);
const versionIn = async (city: string) => (await profile(city)).body.version as number | undefined;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds until `probe` holds, polling every 20 ms (the propagation measurement the issue asks for). */
async function msUntil(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error('not propagated in time');
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

const expectProblem = (r: { status: number; headers: Headers; body: any }, status: number, code: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status, code, message: { zh: expect.any(String), en: expect.any(String) } });
};

describe('一地入驻、全省通行: admitted in 揭阳, valid in 汕头', () => {
  let id: string;
  let body: ReturnType<typeof applicationBody>;
  let admittedAt: string;

  it('uses a demo agency whose licences are valid and the catalogue items its qualifications meet', () => {
    expect(LICENCES.length).toBeGreaterThan(0);
    expect(SUFFIXES.length).toBeGreaterThan(0);
  });

  it('the agency files a draft in 揭阳 and uploads its documents straight to S3, their SHA-256 recorded', async () => {
    // 汕头's items too: an agency admitted once offers the items of every city (一地入驻、全省通行).
    body = applicationBody(USCC, NAME, [...items(JIEYANG), ...items(SHANTOU)], qualifications);
    const created = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerk, body, headers: { 'idempotency-key': `apply-${USCC}` } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenant: JIEYANG, uscc: USCC, status: 'draft', version: 1, documents: [] });
    id = created.body.id;
    expect(id).toMatch(/^APP-445200-/);
    expect(created.headers.get('location')).toBe(`/v1/agencies/applications/${id}`);
    const replay = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerk, body, headers: { 'idempotency-key': `apply-${USCC}` } });
    expect(replay.body.id).toBe(id);

    const scan = await tinyPdf(`${USCC} certificate scan`);
    const documentId = await uploadDocument(JIEYANG, clerk, id, 'qualification-scan', scan);
    const complete = await fileDocuments(JIEYANG, clerk, id, body);
    const revised = await call(JIEYANG, 'PUT', `/v1/agencies/applications/${id}`, { as: clerk, body: { ...complete, expectedVersion: 1 } });
    expect(revised.status).toBe(200);
    expect(revised.body.version).toBe(2);
    const docs = revised.body.documents as { documentId: string; status: string; sha256: string }[];
    expect(docs.length).toBe(qualifications.length + 4);
    expect(docs.every((d) => d.status === 'accepted')).toBe(true);
    expect(docs.find((d) => d.documentId === documentId)?.sha256).toBe(sha256(scan));
  });

  it('submission verifies every certificate in the e-licence library and admits it at once (申请即入)', async () => {
    const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/submit`, { as: clerk });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'admitted', review: { round: 1, verification: { autoAdmitted: true, flagged: [] } } });
    expect(r.body.review.verification.verified.sort()).toEqual(qualifications.map((q) => q.id).sort());
    expect(r.body.review.decisions).toEqual([expect.objectContaining({ automatic: true, decision: 'approve', reviewer: { sub: 'system:e-licence', role: 'system' } })]);
    admittedAt = r.body.decidedAt;
    expect((await profile(JIEYANG)).body).toMatchObject({ uscc: USCC, status: 'active', version: 1 });
    // Admitted: a new application is refused; changes go through PATCH.
    const again = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerk, body });
    expectProblem(again, 409, 'agency.already-admitted');
  });

  it('within seconds it is in 汕头\'s directory and qualifies there for 汕头\'s matching items', async () => {
    await msUntil(async () => (await profile(SHANTOU)).status === 200);
    // From the admission instant the server recorded (same machine, same clock) to the first answer from 汕头.
    // msUntil gives up after 10 s ("within seconds"); the time itself is a figure for `npm run bench`, not an assertion.
    console.info(`AgencyAdmitted 揭阳 → 汕头: visible ${Date.now() - Date.parse(admittedAt)} ms after admission`);
    for (const { code } of items(SHANTOU)) {
      const directory = await call(SHANTOU, 'GET', `/v1/agencies?item=${code}&region=440507`);
      expect(directory.body.items.map((a: { uscc: string }) => a.uscc)).toContain(USCC);
      expect(await qualifiedIn(SHANTOU, code, '&place=440507')).toContain(USCC);
    }
    // A county of 汕头 buys from its city's catalogue: same answer through 龙湖's path.
    const longhu = await call(SHANTOU, 'GET', `/v1/tenants/440507/service-items/${items(SHANTOU)[0].code}/qualified-agencies`);
    expect(longhu.body).toMatchObject({ place: '440507', item: { tenant: SHANTOU } });
    expect(longhu.body.items.map((a: { uscc: string }) => a.uscc)).toContain(USCC);
  });

  it('its public profile shows public fields only, chosen field by field', async () => {
    const r = await profile(SHANTOU);
    expect(r.body).toMatchObject({ uscc: USCC, name: NAME, legalRepresentative: '陈立新', officePhone: '0663-8123456', practitioners: [{ name: '黄志强' }] });
    const text = JSON.stringify(r.body);
    for (const secret of ['13800138000', 'linxiao@', '林晓', 'idNumber', '440507197806150020', 'documentId', 'socialSecurity', 'contact']) expect(text).not.toContain(secret);
  });

  it('asked for a date after a certificate expires, it no longer qualifies — and an operator sees why', async () => {
    const [first] = items(SHANTOU);
    const requirement = cityItems.find((i) => `ZJ-${SHANTOU}-${i.suffix}` === first.code)!.qualificationRequirements[0];
    const licence = LICENCES.find((l) => l.type === requirement.type)!;
    const after = `&date=${addDays(licence.validTo, 1)}`;
    expect(await qualifiedIn(SHANTOU, first.code, after)).not.toContain(USCC);
    const why = await call(SHANTOU, 'GET', `/v1/tenants/${SHANTOU}/service-items/${first.code}/agency-matches?limit=200${after}`, { as: shantouOperator });
    expect(why.status).toBe(200);
    expect(why.body.items.find((a: { uscc: string }) => a.uscc === USCC)).toMatchObject({ qualifies: false, reasons: [expect.objectContaining({ code: 'qualification.expired' })] });
    expect((await call(SHANTOU, 'GET', `/v1/tenants/${SHANTOU}/service-items/${first.code}/agency-matches`)).status).toBe(401);
    expect((await call(SHANTOU, 'GET', `/v1/tenants/${SHANTOU}/service-items/${first.code}/agency-matches`, { as: cityOperator })).status).toBe(403);
  });

  localCloudOnly()('the daily job warns 30 days ahead and suspends on expiry (back-dated in 揭阳\'s table); 汕头 follows', async () => {
    const table = await cityTable(JIEYANG);
    const Key = marshall({ pk: `${PROVINCE}#AGENCY#${USCC}`, sk: 'CURRENT' });
    const row = unmarshall((await dynamoClient().send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }))).Item!);
    // The first certificate expired yesterday; the last one (if another) expires in 10 days.
    row.qualifications[0].validTo = dayOffset(-1);
    if (row.qualifications.length > 1) row.qualifications.at(-1).validTo = dayOffset(10);
    await dynamoClient().send(new PutItemCommand({ TableName: table, Item: marshall(row, { removeUndefinedValues: true }) }));
    const version = row.version as number;

    const rule = `ism-${JIEYANG}-agency-expiry-schedule`;
    expect((await fetch(`${endpoint()}/_local/rules/${rule}/trigger`, { method: 'POST' })).status).toBe(202);
    const expiredType = row.qualifications[0].type as string;
    const covered = SUFFIXES.filter((s) => cityItems.find((i) => i.suffix === s)!.qualificationRequirements.some((r) => r.type === expiredType));
    const suspended = await eventually(async () => {
      const r = await profile(JIEYANG);
      return r.body.version > version ? r.body : undefined;
    });
    for (const s of covered) expect(suspended.serviceItems).toContainEqual({ tenant: JIEYANG, code: `ZJ-${JIEYANG}-${s}`, status: 'suspended' });
    await eventually(async () => ((await versionIn(SHANTOU)) === suspended.version ? true : undefined));
    // 汕头 refuses it today: its own matching sees the expired certificate.
    for (const s of covered) expect(await qualifiedIn(SHANTOU, `ZJ-${SHANTOU}-${s}`)).not.toContain(USCC);
    const why = await call(SHANTOU, 'GET', `/v1/tenants/${SHANTOU}/service-items/ZJ-${SHANTOU}-${covered[0]}/agency-matches`, { as: shantouOperator });
    expect(why.body.items.find((a: { uscc: string }) => a.uscc === USCC).reasons.map((r: { code: string }) => r.code)).toContain('qualification.expired');

    const chain = async () => (await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/audit/agency/${USCC}`, { as: cityOperator })).body.entries.map((e: { action: string }) => e.action) as string[];
    const actions = await chain();
    expect(actions).toContain('agency.items-suspended-on-expiry');
    if (row.qualifications.length > 1) {
      expect(actions).toContain('agency.qualification-expiry-warned');
      // The notifications worker consumes the queue: the warning is a notice in the agency's inbox, texted to its contact.
      const notice = await eventually(async () => {
        const inbox = await call(JIEYANG, 'GET', `/v1/agencies/${USCC}/notifications`, { as: clerk });
        return (inbox.body.items as { kind: string; deliveries: unknown[] }[] | undefined)?.find((n) => n.kind === 'QualificationExpiryWarning' && n.deliveries.length > 0);
      });
      expect(notice).toMatchObject({ data: { qualificationId: row.qualifications.at(-1).id, daysLeft: 10 }, deliveries: [{ channel: 'sms', to: '138****8000' }] });
    }
    // A second run the same day changes nothing and warns nobody again.
    await fetch(`${endpoint()}/_local/rules/${rule}/trigger`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await versionIn(JIEYANG)).toBe(suspended.version);
    expect(await chain()).toEqual(actions);
  });

  it('an extension (延期), reviewed by the operator and the regulator, brings every item back in both cities', async () => {
    const current = (await profile(JIEYANG)).body;
    const renewed = await tinyPdf(`${USCC} renewed certificate`);
    const documentId = await uploadDocument(JIEYANG, clerk, id, 'qualification-scan', renewed);
    const extension = { qualificationId: 'q-1', validTo: dayOffset(3650), documentId };
    const requested = await call(JIEYANG, 'PATCH', `/v1/agencies/${USCC}`, { as: clerk, body: { kind: 'extension', extension } });
    expect(requested.status).toBe(200);
    expect(requested.body.request).toMatchObject({ kind: 'extension', status: 'pending', pendingReviewers: expect.arrayContaining(['operator']) });
    const requestId = requested.body.request.id;
    // Elsewhere nobody changes it: 汕头 points to 揭阳.
    expectProblem(await call(SHANTOU, 'PATCH', `/v1/agencies/${USCC}`, { as: clerkOf(SHANTOU, USCC), body: { kind: 'extension', extension } }), 409, 'agency.managed-elsewhere');

    for (const slot of requested.body.request.pendingReviewers as string[]) {
      const reviewer = slot === 'operator' ? cityOperator : regulatorOf(JIEYANG, slot.split(':')[1]);
      const decided = await call(JIEYANG, 'POST', `/v1/agencies/${USCC}/change-requests/${requestId}/review`, { as: reviewer, body: { decision: 'approve', reason: '新证书核验无误' } });
      expect(decided.status).toBe(200);
    }
    const after = (await profile(JIEYANG)).body;
    expect(after.version).toBeGreaterThan(current.version);
    expect(after.serviceItems.every((i: { status: string }) => i.status === 'active')).toBe(true);
    expect(after.qualifications[0].validTo).toBe(extension.validTo);
    await eventually(async () => ((await versionIn(SHANTOU)) === after.version ? true : undefined));
    expect(await qualifiedIn(SHANTOU, items(SHANTOU)[0].code)).toContain(USCC);
  });

  it('a change that touches no qualification applies at once and reaches 汕头 (measured)', async () => {
    const samples: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const changed = await call(JIEYANG, 'PATCH', `/v1/agencies/${USCC}`, { as: clerk, body: { kind: 'change', changes: { address: `广东省揭阳市榕城区临江北路 ${88 + i} 号` } } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ applied: ['address'], pendingReview: [] });
      await msUntil(async () => (await versionIn(SHANTOU)) === changed.body.agency.version);
      samples.push(Date.now() - Date.parse(changed.body.agency.updatedAt));
    }
    console.info(`AgencyChanged 揭阳 → 汕头, 5 runs: ${samples.join(', ')} ms; median ${median(samples)} ms`);
    expect((await profile(SHANTOU)).body.address).toBe('广东省揭阳市榕城区临江北路 93 号');
  });

  it('clearance (清退): refused from 汕头 and to other tenants, done by 揭阳\'s operator, gone from both cities', async () => {
    const reason = '资质条件发生变化，不再符合入驻条件';
    expectProblem(await call(SHANTOU, 'POST', `/v1/agencies/${USCC}/clearance`, { as: shantouOperator, body: { reason } }), 409, 'agency.managed-elsewhere');
    expectProblem(await call(SHANTOU, 'POST', `/v1/agencies/${USCC}/clearance`, { as: { role: 'province-admin', tenant: PROVINCE, sub: 'admin' }, body: { reason } }), 409, 'agency.managed-elsewhere');
    expect((await call(JIEYANG, 'POST', `/v1/agencies/${USCC}/clearance`, { as: operatorOf(RONGCHENG), body: { reason } })).status).toBe(403);
    expect((await call(JIEYANG, 'POST', `/v1/agencies/${USCC}/clearance`, { as: clerk, body: { reason } })).status).toBe(403);
    expectProblem(await call(JIEYANG, 'POST', `/v1/agencies/${USCC}/clearance`, { as: cityOperator, body: { reason: ' ' } }), 400, 'request.invalid');

    const cleared = await call(JIEYANG, 'POST', `/v1/agencies/${USCC}/clearance`, { as: cityOperator, body: { reason } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ status: 'cleared', clearedReason: reason });
    expectProblem(await call(JIEYANG, 'POST', `/v1/agencies/${USCC}/clearance`, { as: cityOperator, body: { reason } }), 409, 'agency.cleared');
    await eventually(async () => ((await profile(SHANTOU)).body.status === 'cleared' ? true : undefined));
    for (const city of [JIEYANG, SHANTOU]) {
      expect((await call(city, 'GET', '/v1/agencies?limit=200')).body.items.map((a: { uscc: string }) => a.uscc)).not.toContain(USCC);
      expect((await call(city, 'GET', `/v1/agencies?status=cleared&limit=200`)).body.items.map((a: { uscc: string }) => a.uscc)).toContain(USCC);
      for (const { code } of items(city)) expect(await qualifiedIn(city, code)).not.toContain(USCC);
    }
  });

  it('every step is in the audit chains, which verify', async () => {
    const app = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/audit/agency-application/${id}`, { as: cityOperator });
    expect(app.body.verification).toMatchObject({ verified: true });
    const appActions = app.body.entries.map((e: { action: string }) => e.action);
    expect(appActions.slice(0, 2)).toEqual(['agency-application.created', 'agency-application.document-requested']);
    expect(appActions).toEqual(expect.arrayContaining(['agency-application.document-accepted', 'agency-application.revised', 'agency-application.submitted', 'agency-application.verified', 'agency-application.admitted']));
    expect(JSON.stringify(app.body)).not.toContain('440507197806150020');
    const agency = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/audit/agency/${USCC}`, { as: cityOperator });
    expect(agency.body.verification).toMatchObject({ verified: true });
    const actions = agency.body.entries.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('agency.admitted');
    expect(actions).toEqual(expect.arrayContaining(['agency.extension-requested', 'agency.change-reviewed', 'agency.change-approved', 'agency.changed', 'agency.cleared']));
  });
});

describe('joint review (联合审查) when the e-licence library cannot vouch for a certificate', () => {
  const uscc = freshUscc(JIEDONG);
  const me = clerkOf(JIEDONG, uscc);
  const eia = cityItems.find((i) => i.industry === 'environment')!;
  const code = `ZJ-${JIEYANG}-${eia.suffix}`;
  const body = applicationBody(uscc, '揭阳市揭东区青山环评咨询有限公司', [{ tenant: JIEYANG, code }], [
    { id: 'q-eia', type: eia.qualificationRequirements[0].type, number: '粤环评〔2026〕9999号', issuer: '广东省生态环境厅', validFrom: '2025-01-01', validTo: dayOffset(1000) },
  ]);
  const countyOperator = operatorOf(JIEDONG);
  let id: string;

  it('submission tells every gap at once (一次性告知)', async () => {
    const created = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: me, body });
    expect(created.status).toBe(201);
    id = created.body.id;
    const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/submit`, { as: me });
    expectProblem(r, 400, 'request.invalid');
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['qualifications.0.documentId', 'practitioners.0.certificateDocumentId', 'practitioners.0.socialSecurity.documentId', 'commitmentLetterDocumentId']));
    expect((await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: me })).body).toMatchObject({ status: 'draft', version: 1 });
  });

  it('a certificate unknown to the library goes to the operator and the regulator, with a due date', async () => {
    const complete = await fileDocuments(JIEYANG, me, id, body);
    expect((await call(JIEYANG, 'PUT', `/v1/agencies/applications/${id}`, { as: me, body: complete })).status).toBe(200);
    const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/submit`, { as: me });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'submitted', review: { round: 1, pendingReviewers: ['operator', 'regulator:environment'], overdue: false, verification: { autoAdmitted: false, flagged: [{ qualificationId: 'q-eia', kind: 'unknown' }] } } });
    expect(r.body.review.due.at).toMatch(/T00:00:00\.000\+08:00$/);
  });

  it('the worklist shows it to the county\'s operator and the environment regulator, not to others', async () => {
    const ids = async (as: ReturnType<typeof operatorOf>) => {
      const r = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/agency-applications`, { as });
      return r.status === 200 ? r.body.items.map((a: { id: string }) => a.id) : r.status;
    };
    expect(await ids(countyOperator)).toContain(id);
    expect(await ids(regulatorOf(JIEYANG, 'environment'))).toContain(id);
    expect(await ids(regulatorOf(JIEYANG, 'water'))).not.toContain(id);
    expect(await ids(operatorOf(RONGCHENG))).toBe(403);
    expect(await ids(me)).toBe(403);
    const item = (await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/agency-applications`, { as: countyOperator })).body.items.find((a: { id: string }) => a.id === id);
    expect(item).toMatchObject({ status: 'submitted', overdue: false, flaggedQualifications: 1, pendingReviewers: ['operator', 'regulator:environment'] });
  });

  it('a regulator of another industry may not review it (403) and nothing changes', async () => {
    const before = (await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: countyOperator })).body.version;
    const r = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: regulatorOf(JIEYANG, 'water'), body: { decision: 'approve', reason: '同意' } });
    expectProblem(r, 403, 'review.not-your-industry');
    expect((await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: countyOperator })).body.version).toBe(before);
  });

  it('a return (补正) lists what to fix; the resubmission is a new round; both approve and it is admitted', async () => {
    expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: regulatorOf(JIEYANG, 'environment'), body: { decision: 'approve', reason: '经核实证书真实有效' } })).status).toBe(200);
    const noFixes = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: countyOperator, body: { decision: 'return', reason: '承诺书未盖章' } });
    expectProblem(noFixes, 400, 'request.invalid');
    const fixes = [{ path: 'commitmentLetterDocumentId', description: '请上传加盖公章的承诺书' }];
    const returned = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: countyOperator, body: { decision: 'return', reason: '承诺书未盖章', fixes } });
    expect(returned.body).toMatchObject({ status: 'returned', fixes });
    expectProblem(await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: me, body }), 409, 'application.already-open');

    const letter = await uploadDocument(JIEYANG, me, id, 'commitment-letter', await tinyPdf('sealed letter'));
    const current = (await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: me })).body;
    expect((await call(JIEYANG, 'PUT', `/v1/agencies/applications/${id}`, { as: me, body: { ...current.content, commitmentLetterDocumentId: letter } })).status).toBe(200);
    const resubmitted = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/submit`, { as: me });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', review: { round: 2, decisions: [] } });
    await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: regulatorOf(JIEYANG, 'environment'), body: { decision: 'approve', reason: '同意' } });
    const admitted = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: countyOperator, body: { decision: 'approve', reason: '材料齐全' } });
    expect(admitted.body).toMatchObject({ status: 'admitted' });
    // Reviewers see ID numbers masked.
    expect(admitted.body.content.practitioners[0]).toMatchObject({ idNumberMasked: expect.stringContaining('*') });
    expect(JSON.stringify(admitted.body)).not.toContain('44520219900101123X');
    await msUntil(async () => (await call(SHANTOU, 'GET', `/v1/agencies/${uscc}`)).status === 200);
    console.info(`AgencyAdmitted (joint review) 揭阳 → 汕头: visible ${Date.now() - Date.parse(admitted.body.decidedAt)} ms after admission`);
  });
});

describe('refusals: a clear problem+json, and nothing stored', () => {
  const uscc = freshUscc(RONGCHENG);
  const me = clerkOf(RONGCHENG, uscc);
  const body = applicationBody(uscc, '揭阳市榕城区某某评估有限公司', [{ tenant: JIEYANG, code: `ZJ-${JIEYANG}-0006` }], []);
  let id: string;

  it('a wrong check character in the 统一社会信用代码', async () => {
    const wrong = wrongCheckCharacter(freshUscc(RONGCHENG));
    const before = await storedKeys(JIEYANG, `${RONGCHENG}#APPLICATION#`);
    const r = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerkOf(RONGCHENG, wrong), body: { ...body, uscc: wrong } });
    expectProblem(r, 400, 'request.invalid');
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'body.uscc', code: 'field.custom' })]);
    expect(r.body.errors[0].message.zh).toContain('校验码');
    expect(await storedKeys(JIEYANG, `${RONGCHENG}#APPLICATION#`)).toEqual(before);
    expect(await storedKeys(JIEYANG, `${PROVINCE}#APPLICATION-CLAIM#${wrong}`)).toEqual([]);
  });

  it('a duplicate application, one after the other and in a race (409)', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => call(JIEYANG, 'POST', '/v1/agencies/applications', { as: me, body })));
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    id = (a.status === 201 ? a : b).body.id;
    const loser = a.status === 409 ? a : b;
    expectProblem(loser, 409, 'application.already-open');
    expect(loser.body.applicationId).toBe(id);
    expectProblem(await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: me, body }), 409, 'application.already-open');
    expect(await storedApplications(JIEYANG, uscc)).toEqual([id]);
    // Applying for another agency's code is not possible either.
    expect((await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: clerkOf(RONGCHENG, freshUscc(RONGCHENG)), body })).status).toBe(403);
  });

  it('a document over its kind\'s size limit, or of a type not accepted, is refused before anything is presigned', async () => {
    const before = await storedKeys(JIEYANG, `${RONGCHENG}#APPLICATION#${id}`);
    const tooLarge = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/documents`, { as: me, body: { kind: 'commitment-letter', contentType: 'application/pdf', size: 5 * 1024 * 1024 + 1, sha256: 'a'.repeat(64) } });
    expectProblem(tooLarge, 400, 'request.invalid');
    expect(tooLarge.body.errors).toEqual([expect.objectContaining({ path: 'body.size', code: 'document.too-large' })]);
    const wrongType = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/documents`, { as: me, body: { kind: 'commitment-letter', contentType: 'application/msword', size: 1000, sha256: 'a'.repeat(64) } });
    expectProblem(wrongType, 400, 'request.invalid');
    expect(wrongType.body.errors[0].path).toBe('body.contentType');
    expect(await storedKeys(JIEYANG, `${RONGCHENG}#APPLICATION#${id}`)).toEqual(before);
  });

  it('bytes that are not what was declared are deleted on confirmation (422), and a file larger than the form allows never lands', async () => {
    const png = await requestUpload(JIEYANG, me, id, 'commitment-letter', PNG, 'application/pdf');
    expect(png.status).toBe(201);
    expect((await postToS3(png.body, PNG)).status).toBeLessThan(300);
    expect(await inS3(png.body)).toBe(true);
    const refused = await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/documents/${png.body.documentId}/confirm`, { as: me });
    expectProblem(refused, 422, 'document.type-mismatch');
    expect(await inS3(png.body)).toBe(false);

    const small = await tinyPdf('small');
    const form = await requestUpload(JIEYANG, me, id, 'commitment-letter', small);
    const huge = Buffer.concat([small, Buffer.alloc(form.body.maxBytes)]);
    expect((await postToS3(form.body, huge)).status).toBeGreaterThanOrEqual(400);
    expect(await inS3(form.body)).toBe(false);
    expectProblem(await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/documents/${form.body.documentId}/confirm`, { as: me }), 422, 'document.missing');

    const docs = (await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: me })).body.documents;
    expect(docs.filter((d: { status: string }) => d.status === 'accepted')).toEqual([]);
    expectProblem(await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}/documents/${png.body.documentId}`, { as: me }), 409, 'document.not-accepted');
  });

  it('only the agency itself, the operators governing the tenant and the regulators concerned read a document', async () => {
    const documentId = await uploadDocument(JIEYANG, me, id, 'social-security-proof', await tinyPdf('proof'));
    const path = `/v1/agencies/applications/${id}/documents/${documentId}`;
    const mine = await call(JIEYANG, 'GET', path, { as: me });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ documentId, contentType: 'application/pdf', filename: 'social-security-proof.pdf' });
    const download = await fetch(mine.body.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call(JIEYANG, 'GET', path, { as: operatorOf(RONGCHENG) })).status).toBe(200);
    expect((await call(JIEYANG, 'GET', path, { as: cityOperator })).status).toBe(200);

    const otherAgency = await call(JIEYANG, 'GET', path, { as: clerkOf(RONGCHENG, freshUscc(RONGCHENG)) });
    expect([403, 404]).toContain(otherAgency.status);
    expect(otherAgency.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(otherAgency.body)).not.toContain('amazonaws');
    expect([403, 404]).toContain((await call(JIEYANG, 'GET', path, { as: operatorOf(JIEDONG) })).status);
    expect((await call(JIEYANG, 'GET', path, { as: regulatorOf(JIEYANG, 'environment') })).status).toBe(403); // a draft concerns no regulator yet
    expect((await call(JIEYANG, 'GET', path, { as: { role: 'owner', tenant: RONGCHENG, sub: 'owner-clerk' } })).status).toBe(403);
    expect((await call(JIEYANG, 'GET', path)).status).toBe(401);
    expect([403, 404]).toContain((await call(JIEYANG, 'GET', `/v1/agencies/applications/${id}`, { as: clerkOf(RONGCHENG, freshUscc(RONGCHENG)) })).status);
  });

  it('withdrawing frees the code', async () => {
    expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/withdraw`, { as: me, body: { reason: '暂不入驻' } })).body.status).toBe('withdrawn');
    const again = await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: me, body });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(id);
  });
});
