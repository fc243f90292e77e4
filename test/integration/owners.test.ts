// Strategy: the 项目业主库 story through the local cloud, in order — 揭东's operator registers its
// housing bureau; the public reads it without a private field; 榕城's operator can neither change nor
// read it privately (nothing changes); a clerk is added and its own token (role owner) reads its owner's
// private profile but no other owner's; a person is registered and their ID number never comes back;
// bad input is refused field by field with nothing stored; the owner's audit chain verifies.
import { call, JIEDONG, JIEYANG, operatorOf, RONGCHENG, type Claims } from './helpers.ts';

const me = operatorOf(JIEDONG);
const intruder = operatorOf(RONGCHENG);
const OWNERS = `/v1/tenants/${JIEDONG}/owners`;
const PRIVATE_FIELDS = ['"mobile"', '"email"', '"idNumberMasked"', '"statusReason"', '"updatedBy"', '"name":"李工"'];

const bureau = {
  kind: 'department', name: '揭阳市揭东区住房和城乡建设局', uscc: '11445203MB2C007770', address: '揭阳市揭东区曲溪街道',
  contact: { name: '李工', officePhone: '0663-3212345', mobile: '13800000001', email: 'zjj@example.gov.cn' },
};
const CLERK = 'clerk-445203-zjj';
const clerkToken: Claims = { role: 'owner', tenant: JIEDONG, sub: CLERK };

/** Every owner of 揭东 as the public sees it, in a form that shows any addition or change. */
const directory = async () => (await call(JIEYANG, 'GET', `${OWNERS}?status=all&limit=200`)).body.items.map((o: { id: string; version: number }) => `${o.id}@${o.version}`).sort();

describe('the owner registry (项目业主库)', () => {
  let id: string;

  it('揭东\'s operator registers its housing bureau (机关单位, fiscal funds by default)', async () => {
    const r = await call(JIEYANG, 'POST', OWNERS, { as: me, body: bureau, headers: { 'idempotency-key': 'owners-it-bureau' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tenant: JIEDONG, kind: 'department', uscc: bureau.uscc, fundingTypes: ['fiscal'], status: 'active', version: 1, contact: bureau.contact });
    expect(r.body.id).toMatch(/^OWN-445203-[0-9A-Z]{8}$/);
    expect(r.headers.get('location')).toBe(`${OWNERS}/${r.body.id}`);
    id = r.body.id;
    const replay = await call(JIEYANG, 'POST', OWNERS, { as: me, body: bureau, headers: { 'idempotency-key': 'owners-it-bureau' } });
    expect(replay.body.id).toBe(id);
    const again = await call(JIEYANG, 'POST', OWNERS, { as: me, body: bureau });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'owner.exists', ownerId: id });
  });

  it('the public reads it, and finds it in the directory, without a private field', async () => {
    const r = await call(JIEYANG, 'GET', `${OWNERS}/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, name: bureau.name, uscc: bureau.uscc, address: bureau.address, contact: { officePhone: '0663-3212345' } });
    const list = await call(JIEYANG, 'GET', `${OWNERS}?q=住房和城乡建设&kind=department`);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(id);
    for (const body of [r.body, list.body]) for (const field of PRIVATE_FIELDS) expect(JSON.stringify(body)).not.toContain(field);
    expect((await call(JIEYANG, 'GET', `${OWNERS}/${id}/profile`)).status).toBe(401);
  });

  it('榕城\'s operator can neither change it, nor read it privately, nor add a clerk — and nothing changes', async () => {
    const before = await directory();
    const change = await call(JIEYANG, 'PUT', `${OWNERS}/${id}`, { as: intruder, body: { name: '被篡改', fundingTypes: ['social'], contact: bureau.contact } });
    expect([403, 404]).toContain(change.status);
    expect([403, 404]).toContain((await call(JIEYANG, 'GET', `${OWNERS}/${id}/profile`, { as: intruder })).status);
    expect([403, 404]).toContain((await call(JIEYANG, 'POST', `${OWNERS}/${id}/clerks`, { as: intruder, body: { username: 'clerk-445202-x', name: '冒名' } })).status);
    expect([403, 404]).toContain((await call(JIEYANG, 'GET', `${OWNERS}/${id}/clerks`, { as: intruder })).status);
    expect(await directory()).toEqual(before);
    expect((await call(JIEYANG, 'GET', `${OWNERS}/${id}`)).body).toMatchObject({ name: bureau.name, version: 1 });
  });

  it('an operator adds a clerk (role owner) whose own token reads its owner\'s private profile and clerks', async () => {
    const added = await call(JIEYANG, 'POST', `${OWNERS}/${id}/clerks`, { as: me, body: { username: CLERK, name: '黄经办', phone: '13700000003' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ username: CLERK, role: 'owner', ownerId: id, tenant: JIEDONG, subject: CLERK, status: 'active' });
    const dup = await call(JIEYANG, 'POST', `${OWNERS}/${id}/clerks`, { as: me, body: { username: CLERK, name: '黄经办' } });
    expect(dup.status).toBe(409);

    const profile = await call(JIEYANG, 'GET', `${OWNERS}/${id}/profile`, { as: clerkToken });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id, contact: bureau.contact, updatedBy: me.sub });
    const clerks = await call(JIEYANG, 'GET', `${OWNERS}/${id}/clerks`, { as: clerkToken });
    expect(clerks.body.items).toEqual([expect.objectContaining({ username: CLERK, ownerId: id })]);
    // The tenant's account list shows the clerk too, bound to its owner.
    const accounts = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/accounts`, { as: me });
    expect(accounts.body.items).toContainEqual(expect.objectContaining({ subject: CLERK, role: 'owner', ownerId: id }));
  });

  it('an owner-role token that is not this owner\'s clerk reads nothing private', async () => {
    const stranger = await call(JIEYANG, 'GET', `${OWNERS}/${id}/profile`, { as: { role: 'owner', tenant: JIEDONG, sub: 'owner-clerk-of-nobody' } });
    expect(stranger.status).toBe(403);
    const otherCounty = await call(JIEYANG, 'GET', `${OWNERS}/${id}/profile`, { as: { role: 'owner', tenant: RONGCHENG, sub: CLERK } });
    expect(otherCounty.status).toBe(403);
    const agency = await call(JIEYANG, 'GET', `${OWNERS}/${id}/clerks`, { as: { role: 'agency', tenant: JIEDONG, agency: '91445200MA4UABCD1A' } });
    expect(agency.status).toBe(403);
    // A clerk reads, but does not change: registering and changing stay with the operator.
    expect((await call(JIEYANG, 'PUT', `${OWNERS}/${id}`, { as: clerkToken, body: { name: bureau.name, fundingTypes: ['fiscal'], contact: bureau.contact } })).status).toBe(403);
  });

  it('a change makes a new version; a stale one is refused; disabling needs a reason', async () => {
    const body = { name: bureau.name, fundingTypes: ['fiscal', 'social'], address: bureau.address, contact: { ...bureau.contact, officePhone: '0663-3219999' } };
    const v2 = await call(JIEYANG, 'PUT', `${OWNERS}/${id}`, { as: me, body: { ...body, expectedVersion: 1 } });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, fundingTypes: ['fiscal', 'social'], uscc: bureau.uscc });
    expect((await call(JIEYANG, 'PUT', `${OWNERS}/${id}`, { as: me, body: { ...body, expectedVersion: 1 } })).body.code).toBe('owner.version-mismatch');
    const noReason = await call(JIEYANG, 'PUT', `${OWNERS}/${id}`, { as: me, body: { ...body, status: 'disabled' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'body.statusReason', code: 'owner.reason-required' })]);
    const kind = await call(JIEYANG, 'PUT', `${OWNERS}/${id}`, { as: me, body: { ...body, kind: 'company' } });
    expect(kind.body.errors).toEqual([expect.objectContaining({ path: 'body', code: 'field.unrecognized_keys' })]);
    expect((await call(JIEYANG, 'GET', `${OWNERS}/${id}`)).body).toMatchObject({ version: 2, contact: { officePhone: '0663-3219999' } });
  });

  it('a person is registered with a masked ID number that is never given back whole, and a masked public name', async () => {
    const r = await call(JIEYANG, 'POST', OWNERS, { as: me, body: { kind: 'person', name: '陈晓明', idNumber: '445203199001011236', contact: { name: '陈晓明', mobile: '13900000002' } } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'person', idNumberMasked: '445203********1236', fundingTypes: ['social'] });
    const pub = await call(JIEYANG, 'GET', `${OWNERS}/${r.body.id}`);
    expect(pub.body).toMatchObject({ name: '陈**', kind: 'person' });
    expect(JSON.stringify(pub.body)).not.toMatch(/晓明|1390000|445203\*/);
    const chain = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/audit/owner/${r.body.id}`, { as: me });
    // Neither the number nor the birth date inside it (characters 7–14) is kept anywhere.
    for (const kept of [chain.body, r.body]) for (const secret of ['445203199001011236', '19900101']) expect(JSON.stringify(kept)).not.toContain(secret);
  });

  it('the owner\'s audit chain holds every step and verifies', async () => {
    const chain = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/audit/owner/${id}`, { as: me });
    expect(chain.status).toBe(200);
    expect(chain.body.entries.map((e: { action: string }) => e.action)).toEqual(['owner.registered', 'owner.clerk-added', 'owner.changed']);
    expect(chain.body.verification).toMatchObject({ verified: true, length: 3 });
  });
});

describe('bad owner input is refused with problem+json, field detail, and nothing stored', () => {
  let before: string[];
  beforeAll(async () => (before = await directory()));
  afterAll(async () => expect(await directory()).toEqual(before));

  const expectFieldProblem = (r: { status: number; body: any; headers: Headers }, path: string, code: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'request.invalid', message: { zh: expect.any(String), en: expect.any(String) } });
    expect(r.body.errors).toEqual([expect.objectContaining({ path, code, message: { zh: expect.any(String), en: expect.any(String) } })]);
  };

  it('a wrong check character in the 统一社会信用代码, and a typo in its organisation code (characters 9–17)', async () => {
    const r = await call(JIEYANG, 'POST', OWNERS, { as: me, body: { ...bureau, name: '揭东区某局', uscc: '12445203MB2D000060' } });
    expectFieldProblem(r, 'body.uscc', 'field.custom');
    expect(r.body.errors[0].message.zh).toContain('校验码不符');
    // 18th character recomputed, so only the GB 11714 check at position 17 can catch it.
    const typo = await call(JIEYANG, 'POST', OWNERS, { as: me, body: { ...bureau, name: '揭东区某局', uscc: '12445203MB2D00000T' } });
    expectFieldProblem(typo, 'body.uscc', 'field.custom');
    expect(typo.body.errors[0].message.zh).toContain('第 9–17 位');
  });

  it('an unknown kind', async () => {
    expectFieldProblem(await call(JIEYANG, 'POST', OWNERS, { as: me, body: { ...bureau, uscc: '12445203MB2D00006D', kind: 'cooperative' } }), 'body.kind', 'field.invalid_union');
  });

  it('a missing field', async () => {
    const { name: _n, ...noName } = bureau;
    void _n;
    const r = await call(JIEYANG, 'POST', OWNERS, { as: me, body: { ...noName, uscc: '12445203MB2D00006D', kind: 'public-institution' } });
    expectFieldProblem(r, 'body.name', 'field.invalid_type');
    expect(r.body.errors[0].message).toEqual({ zh: '必填字段缺失', en: 'Required field is missing' });
  });

  it('a company\'s code on a department, and an invalid ID number', async () => {
    expectFieldProblem(await call(JIEYANG, 'POST', OWNERS, { as: me, body: { ...bureau, uscc: '91445203MA4U000017' } }), 'body.uscc', 'owner.uscc-kind-mismatch');
    expectFieldProblem(await call(JIEYANG, 'POST', OWNERS, { as: me, body: { kind: 'person', name: '某人', idNumber: '445203199001011235', contact: { name: '某人', mobile: '13900000009' } } }), 'body.idNumber', 'field.custom');
  });

  it('an agency clerk may not register an owner (403), nor anyone without a token (401)', async () => {
    expect((await call(JIEYANG, 'POST', OWNERS, { as: { role: 'agency', tenant: JIEDONG, agency: '91445200MA4UABCD1A' }, body: { ...bureau, uscc: '12445203MB2D00006D', kind: 'public-institution' } })).status).toBe(403);
    expect((await call(JIEYANG, 'POST', OWNERS, { body: bureau })).status).toBe(401);
  });
});
