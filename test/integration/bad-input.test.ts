// Strategy: every kind of bad input the issue names (missing field, wrong type, unknown tenant,
// oversized body) plus Idempotency-Key reuse, each checked for (1) a problem+json answer with a
// stable code, field detail and both languages and (2) nothing stored — the catalogue is listed
// before and after and must be unchanged.
import { call, itemBody, JIEDONG, JIEYANG, operatorOf } from './helpers.ts';

const me = operatorOf(JIEDONG);
const list = async () => (await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items?status=all&limit=200`)).body.items.map((i: { code: string; version: number }) => `${i.code}@${i.version}`).sort();

function expectProblem(r: { status: number; body: any; headers: Headers }, status: number, code: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status, code, message: { zh: expect.any(String), en: expect.any(String) } });
}

describe('bad input is refused with problem+json and stores nothing', () => {
  let before: string[];
  beforeAll(async () => (before = await list()));
  afterAll(async () => expect(await list()).toEqual(before));

  it('a missing field', async () => {
    const { name: _n, ...body } = itemBody('ZJ-445203-0901');
    void _n;
    const r = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body });
    expectProblem(r, 400, 'request.invalid');
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'body.name', code: 'field.invalid_type', message: { zh: '必填字段缺失', en: 'Required field is missing' } })]);
  });

  it('a wrong type and an unknown field', async () => {
    const r = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body: { ...itemBody('ZJ-445203-0902'), serviceTimeLimitWorkingDays: '十', colour: 'red' } });
    expectProblem(r, 400, 'request.invalid');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body', 'body.serviceTimeLimitWorkingDays']);
  });

  it('an unknown tenant', async () => {
    const r = await call(JIEYANG, 'POST', '/v1/tenants/445299/service-items', { as: operatorOf(JIEYANG), body: itemBody('ZJ-445299-0001') });
    expectProblem(r, 404, 'tenant.not-found');
    expectProblem(await call(JIEYANG, 'GET', '/v1/tenants/445299/service-items'), 404, 'tenant.not-found');
    expectProblem(await call(JIEYANG, 'GET', '/v1/tenants/abc/service-items'), 400, 'request.invalid');
  });

  it('an oversized body', async () => {
    const r = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body: itemBody('ZJ-445203-0903', { legalBasis: Array.from({ length: 20 }, () => '依据'.repeat(9000)) }) });
    expectProblem(r, 413, 'request.too-large');
  });

  it('malformed JSON and a wrong media type', async () => {
    expectProblem(await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, rawBody: '{"code": ' }), 400, 'request.malformed-json');
    expectProblem(await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, rawBody: 'code=1', headers: { 'content-type': 'text/plain' } }), 415, 'request.unsupported-media-type');
  });

  it('no token on a protected route is 401 from the authorizer; a forged token too', async () => {
    expect((await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { body: itemBody('ZJ-445203-0904') })).status).toBe(401);
    expect((await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { body: itemBody('ZJ-445203-0904'), headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } })).status).toBe(401);
  });

  it('a role without the permission is 403 (an agency clerk writing the catalogue)', async () => {
    expectProblem(await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: { role: 'agency', tenant: JIEDONG, agency: '91445200MA4UABCD1X' }, body: itemBody('ZJ-445203-0905') }), 403, 'auth.forbidden');
  });
});

describe('Idempotency-Key on creating POSTs', () => {
  it('same key + same body → the same answer, once; same key + another body → 422', async () => {
    const headers = { 'idempotency-key': `it-${Date.now()}` };
    const first = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body: itemBody('ZJ-445203-0950'), headers });
    const second = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body: itemBody('ZJ-445203-0950'), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body: itemBody('ZJ-445203-0951'), headers });
    expectProblem(other, 422, 'idempotency.key-reused');
    expect((await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items/ZJ-445203-0951`)).status).toBe(404);
    const chain = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/audit/service-item/ZJ-445203-0950`, { as: me });
    expect(chain.body.entries).toHaveLength(1);
  });

  it('without a key, a second create of the same code is a 409 conflict', async () => {
    const again = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/service-items`, { as: me, body: itemBody('ZJ-445203-0950') });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('catalog.item-exists');
  });
});
