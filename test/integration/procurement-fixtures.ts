/**
 * Fixtures for the procurement tests: a sandbox county with its clock accelerated (one day per second unless told),
 * an owner's clerk, and admitted agencies. The agencies are written straight into the city table as the agencies
 * context would have admitted them (built by that context's own domain functions): admission has its own tests
 * (agencies.test.ts), and a project needs several admitted agencies in seconds. Each test file runs in a county of
 * its own (onboarded here when the demo counties are not its), so accelerators, owners and projects never collide.
 * Then the steps every method shares (publish, contract → completion → evaluation), sealed quotes, and the two
 * standalone verifiers a citizen would run (bin/verify-draw.ts, bin/verify-certificate.ts) on temporary files.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { admittedAgency } from '#functions/agencies/domain/test-fixtures.ts';
import { computeUsccCheckChar } from '#functions/shared/codes/uscc.ts';
import { agencyKeys, tenantKeys } from '#functions/shared/store/keys.ts';
import { cityTable, dynamoClient, freshUscc, postToS3, sha256, tinyPdf } from './agencies-fixtures.ts';
import { apiOf, call, eventually, operatorOf, PROVINCE, type Claims } from './helpers.ts';

/** 固定资产投资项目节能评估: a city item of every demo city with no qualification requirement, fiscal funds. */
export const ITEM_SUFFIX = '0006';
export const itemOf = (city: string) => ({ tenant: city, code: `ZJ-${city}-${ITEM_SUFFIX}` });

export const PROVINCE_ADMIN: Claims = { role: 'province-admin', tenant: PROVINCE, sub: 'admin-procurement-tests' };

/** Onboards a sandbox county of `city` through the tenants API (its operator is `operatorOf(code)`); a rerun finds it there. */
export async function onboardCounty(city: string, code: string, name: string): Promise<void> {
  if ((await call(city, 'GET', `/v1/tenants/${code}`)).status === 200) return;
  const res = await call(city, 'POST', '/v1/tenants', { as: PROVINCE_ADMIN, body: { code, name, parent: city, operator: { username: `op-${code}`, name: '测试运营' } }, headers: { 'idempotency-key': `procurement-onboard-${code}` } });
  if (res.status !== 201) throw new Error(`onboard ${code}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * A production (non-sandbox) county record as onboarding stores it in a production deployment. A sandbox deployment
 * (the local cloud) onboards only sandbox counties (planCounty refuses `sandbox: false`), so the record is written
 * straight into the city table; everything after that goes through the API.
 */
export async function productionCounty(city: string, code: string, name: string): Promise<void> {
  const tenant = { code, name, level: 'county', parent: city, province: PROVINCE, sandbox: false, status: 'active', onboardedAt: new Date().toISOString() };
  await dynamoClient().send(new PutItemCommand({ TableName: await cityTable(city), Item: marshall({ ...tenantKeys.tenant(code), ...tenantKeys.childrenIndex(city, code), ...tenant }) }));
}

export async function accelerate(city: string, tenant: string, accelerator = 86_400): Promise<void> {
  const res = await call(city, 'PUT', `/v1/tenants/${tenant}/policy`, { as: operatorOf(tenant), body: { timeAccelerator: accelerator } });
  if (res.status !== 200) throw new Error(`policy: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A fresh, valid 统一社会信用代码 of a government department (11: 机构编制部门 赋码, 机关) registered in `division`. */
export function freshDepartmentUscc(division: string): string {
  const company = freshUscc(division); // a valid 8-character organisation code with its check character, reused
  const first17 = `11${company.slice(2, 17)}`;
  return first17 + computeUsccCheckChar(first17);
}

/** An owner registered through the owners API: a department (fiscal funds) or a company (social funds). */
export async function registerOwner(city: string, tenant: string, o: { name: string; fundingTypes: ('fiscal' | 'social')[]; kind: 'department' | 'company' }): Promise<string> {
  const uscc = o.kind === 'department' ? freshDepartmentUscc(tenant) : freshUscc(tenant);
  const body = { kind: o.kind, uscc, name: o.name, fundingTypes: o.fundingTypes, contact: { name: '王经理', officePhone: '0663-8888888' } };
  const res = await call(city, 'POST', `/v1/tenants/${tenant}/owners`, { as: operatorOf(tenant), body, headers: { 'idempotency-key': `procurement-owner-${tenant}-${uscc}` } });
  if (res.status === 201) return res.body.id as string;
  if (res.status === 409 && res.body.ownerId) return res.body.ownerId as string;
  throw new Error(`owner: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * A clerk of an owner: the claims to act as the owner, and the owner id. By default the tenant's first owner (a
 * demo county's seeded 机关, fiscal funds); an onboarded county gets a department registered here first.
 */
export async function ownerClerk(city: string, tenant: string, owner?: string): Promise<{ as: Claims; ownerId: string }> {
  const first = owner ?? ((await call(city, 'GET', `/v1/tenants/${tenant}/owners`)).body.items[0]?.id as string | undefined);
  const ownerId = first ?? await registerOwner(city, tenant, { kind: 'department', name: `${tenant} 发展和改革局`, fundingTypes: ['fiscal'] });
  const username = `clerk-${randomBytes(4).toString('hex')}`;
  const added = await call(city, 'POST', `/v1/tenants/${tenant}/owners/${ownerId}/clerks`, { as: operatorOf(tenant), body: { username, name: '测试经办' } });
  if (added.status !== 201) throw new Error(`clerk: ${added.status} ${JSON.stringify(added.body)}`);
  return { as: { role: 'owner', tenant, sub: added.body.subject }, ownerId };
}

/** `n` admitted agencies offering the item (the city's 节能评估 item unless told), practising in `region`, in the city's table. Their clerks' claims. */
export async function admittedAgencies(city: string, admittedIn: string, region: string, n: number, item = itemOf(city)): Promise<{ uscc: string; as: Claims }[]> {
  const table = await cityTable(city);
  const out: { uscc: string; as: Claims }[] = [];
  for (let i = 0; i < n; i++) {
    const uscc = freshUscc(admittedIn);
    const base = admittedAgency({ uscc, name: `测试节能咨询有限公司${i + 1}号`, serviceItems: [{ tenant: '445200', code: 'ZJ-445200-0003' }] });
    const agency = { ...base, province: PROVINCE, admittedIn, serviceItems: [{ ...item, status: 'active' }], qualifications: [], practiceRegions: [region] };
    const row = { ...agencyKeys.agency(PROVINCE, uscc), ...agencyKeys.directoryIndex(PROVINCE, uscc), ...agencyKeys.admittedByCityIndex(city, uscc), ...agency };
    await dynamoClient().send(new PutItemCommand({ TableName: table, Item: marshall(row, { removeUndefinedValues: true, convertClassInstanceToMap: true }) }));
    out.push({ uscc, as: { role: 'agency', tenant: admittedIn, agency: uscc, sub: `clerk-${uscc}` } });
  }
  return out;
}

export function purchaseRequest(city: string, ownerId: string, o: Record<string, unknown> = {}) {
  return {
    name: `节能评估测试项目 ${randomBytes(3).toString('hex')}`, serviceItem: itemOf(city), ownerId, fundingType: 'fiscal', budgetFen: 5_000_000,
    serviceContent: '某产业园区固定资产投资项目节能评估报告编制', selectionMethod: 'random', registrationWindowWorkingDays: 5, ...o,
  };
}

/** Polls the public project until `until` holds (the timeline moves it on its own). */
export async function projectWhen(city: string, tenant: string, id: string, until: (p: Record<string, any>) => boolean, what: string, timeoutMs = 60_000) { // eslint-disable-line @typescript-eslint/no-explicit-any
  let last: unknown;
  try {
    return await eventually(async () => {
      const res = await call(city, 'GET', `/v1/tenants/${tenant}/projects/${id}/record`, { as: operatorOf(tenant) });
      last = res.body;
      return res.status === 200 && until(res.body) ? res.body : undefined;
    }, timeoutMs);
  } catch {
    throw new Error(`never happened: ${what}; the project was ${JSON.stringify(last)?.slice(0, 1500)}`);
  }
}

/** A county item bought with social funds (社会资金), no qualification required: created by the county's operator once. */
export async function socialFundsItem(city: string, tenant: string): Promise<{ tenant: string; code: string }> {
  const code = `ZJ-${tenant}-0901`;
  if ((await call(city, 'GET', `/v1/tenants/${tenant}/service-items/${code}`)).status === 200) return { tenant, code };
  const body = {
    code, name: '企业投资项目社会稳定风险评估', serviceType: 'assessment', legalBasis: ['《重大行政决策程序暂行条例》第二十二条'],
    approvalItem: { name: '企业投资项目核准' }, department: { name: '发展和改革局' }, industry: 'development',
    qualificationRequirements: [], serviceTimeLimitWorkingDays: 15, fee: { pricing: 'market', standard: '市场调节价' }, fundingTypes: ['fiscal', 'social'],
  };
  const res = await call(city, 'POST', `/v1/tenants/${tenant}/service-items`, { as: operatorOf(tenant), body });
  if (res.status !== 201) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
  return { tenant, code };
}

/** Submit (the owner's clerk) and approve (the operator): published, the timeline running. */
export async function publish(city: string, tenant: string, owner: Claims, body: Record<string, unknown>): Promise<{ id: string; project: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const base = `/v1/tenants/${tenant}/projects`;
  const submitted = await call(city, 'POST', base, { as: owner, body });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const id = submitted.body.id as string;
  const approved = await call(city, 'POST', `${base}/${id}/review`, { as: operatorOf(tenant), body: { decision: 'approve' } });
  if (approved.status !== 200 || approved.body.status !== 'published') throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return { id, project: approved.body };
}

/** Contract upload (presigned POST to S3, checked by size, type and SHA-256), completion, evaluation: the project as evaluated. */
export async function serveAndEvaluate(city: string, tenant: string, owner: Claims, id: string, amountFen = 4_200_000): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const base = `/v1/tenants/${tenant}/projects/${id}`;
  const step = async (path: string, body: unknown, status: string) => {
    const res = await call(city, 'POST', `${base}/${path}`, { as: owner, body });
    if (res.status !== 200 || res.body.status !== status) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 800)}`);
    return res.body;
  };
  await projectWhen(city, tenant, id, (p) => p.status === 'confirmed' && p.waitingFor?.step === 'await-contract', 'confirmed, waiting for the contract');
  const pdf = await tinyPdf(`contract ${id}`);
  const upload = await call(city, 'POST', `${base}/contract/upload`, { as: owner, body: { sha256: sha256(pdf), sizeBytes: pdf.length, contentType: 'application/pdf', filename: '合同.pdf' } });
  if (upload.status !== 201) throw new Error(`contract upload: ${upload.status} ${JSON.stringify(upload.body)}`);
  if ((await postToS3(upload.body, pdf)).status >= 300) throw new Error('contract upload to S3 failed');
  await step('contract', { documentId: upload.body.documentId, amountFen }, 'in-service');
  await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-completion', 'waiting for completion');
  await step('completion', {}, 'completed');
  await projectWhen(city, tenant, id, (p) => p.waitingFor?.step === 'await-evaluation', 'waiting for the evaluation');
  return step('evaluation', { quality: 5, attitude: 4, feeReasonableness: 4, comment: '按时完成' }, 'evaluated');
}

/** 密封报价 as an agency's client makes it: a random salt and SHA-256(quoteFen + "|" + salt), computed here, not by the product. */
export function sealedQuote(quoteFen: number): { quoteFen: number; salt: string; commitment: string } {
  const salt = randomBytes(32).toString('hex');
  return { quoteFen, salt, commitment: createHash('sha256').update(`${quoteFen}|${salt}`, 'utf8').digest('hex') };
}

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const scratch = mkdtempSync(join(tmpdir(), 'ism-it-procurement-'));
if (typeof afterAll === 'function') afterAll(() => rmSync(scratch, { recursive: true, force: true })); // under Jest only

/** Runs `npx tsx bin/verify-draw.ts <file>` on a transcript written to a temporary file: its exit status and last line. */
export function verifyDrawFile(transcript: unknown): { status: number | null; verdict: string; stdout: string } {
  const file = join(scratch, `draw-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(transcript, null, 2));
  const r = spawnSync(TSX, ['bin/verify-draw.ts', file], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, verdict: lines[lines.length - 1], stdout: r.stdout };
}

/** Every transcript `GET …/draw` publishes: the API says it verifies, and so does the standalone verifier. The body. */
export async function expectDrawsVerify(city: string, tenant: string, id: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const draw = await call(city, 'GET', `/v1/tenants/${tenant}/projects/${id}/draw`);
  expect(draw.status).toBe(200);
  expect(draw.body.published).toBe(true);
  for (const t of draw.body.transcripts as { purpose: string; transcript: unknown; verification: { valid: boolean } }[]) {
    expect({ purpose: t.purpose, valid: t.verification.valid }).toEqual({ purpose: t.purpose, valid: true });
    expect({ purpose: t.purpose, ...verifyDrawFile(t.transcript) }).toMatchObject({ purpose: t.purpose, status: 0, verdict: 'VALID' });
  }
  return draw.body;
}

/**
 * A certificate as anyone checks it: the register's verification answers `expected`; for a valid one, the PDF
 * downloaded from the API also passes the standalone verifier (bin/verify-certificate.ts) with the city's key set.
 */
export async function expectCertificate(city: string, no: string, expected: 'valid' | 'voided'): Promise<void> {
  const verification = await call(city, 'GET', `/v1/certificates/${no}/verification`);
  expect(verification.status).toBe(200);
  expect({ no, result: verification.body.result }).toEqual({ no, result: expected });
  if (expected !== 'valid') return;
  const pdf = await fetch(`${apiOf(city)}/v1/certificates/${no}.pdf`);
  expect(pdf.status).toBe(200);
  const file = join(scratch, `${no}.pdf`);
  writeFileSync(file, new Uint8Array(await pdf.arrayBuffer()));
  const jwks = join(scratch, `jwks-${city}.json`);
  writeFileSync(jwks, JSON.stringify((await call(city, 'GET', '/.well-known/jwks.json')).body));
  const r = spawnSync(TSX, ['bin/verify-certificate.ts', file, '--jwks', jwks], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
  expect({ no, status: r.status, valid: r.stdout.includes('有效 VALID') }).toEqual({ no, status: 0, valid: true });
}
