// Strategy: the 评审专家库 story through the local cloud, in order — 揭东's operator adds an expert whose id is an
// ISM-DRAW-1 code of its roster; an owner clerk, an agency clerk, another county's operator and the public are
// refused (nothing changes), and no roster is kept at province level; the city's operator adds to the county's
// roster (市级统筹); operators read it with the phone, a regulator without; the seeded city rosters are there; the
// expert is suspended with a reason (refused without one, or on a stale version) and reactivated; bad input is
// refused field by field; the expert's audit chain verifies and never holds the whole phone number. Last, the
// store's listActiveExperts runs against the city's table as the timeline calls it: the county's roster and its city's.
import { listActiveExperts } from '#functions/experts/adapters/expert-store.ts';
import { newExpertId } from '#functions/experts/domain/expert.ts';
import { cityTable } from './agencies-fixtures.ts';
import { call, endpoint, JIEDONG, JIEYANG, operatorOf, PROVINCE, RONGCHENG, SHANTOU, type Claims } from './helpers.ts';

const me = operatorOf(JIEDONG);
const intruder = operatorOf(RONGCHENG);
const EXPERTS = `/v1/tenants/${JIEDONG}/experts`;
const PHONE = '13700000021';
const expertBody = {
  name: '周建设', specialties: ['housing', 'ZJ-445203-0101'], employerUscc: '12445200MB2C03011N',
  affiliations: ['91445202MA52B6LT5P'], phone: PHONE,
};
const ownerClerk: Claims = { role: 'owner', tenant: JIEDONG, sub: 'experts-it-owner-clerk' };
const agencyClerk: Claims = { role: 'agency', tenant: JIEDONG, agency: '91445202MA52B6LT5P', sub: 'experts-it-agency-clerk' };
const regulator: Claims = { role: 'regulator', tenant: JIEYANG, sub: 'experts-it-regulator', industry: 'housing' };

/** 揭东's roster as its operator sees it, in a form that shows any addition or change. */
const roster = async () => (await call(JIEYANG, 'GET', `${EXPERTS}?limit=200`, { as: me })).body.items.map((e: { id: string; version: number }) => `${e.id}@${e.version}`).sort();

describe('the expert pool (评审专家库)', () => {
  let id: string;
  let addedByCity: string;

  it('揭东\'s operator adds an expert: an id of its roster in the ISM-DRAW-1 code shape, idempotent on replay', async () => {
    const r = await call(JIEYANG, 'POST', EXPERTS, { as: me, body: expertBody, headers: { 'idempotency-key': 'experts-it-zhou' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ...expertBody, tenant: JIEDONG, status: 'active', version: 1, updatedBy: me.sub });
    expect(r.body.id).toMatch(/^EXP445203[0-9ABCDEFGHJKLMNPQRTUWXY]{9}$/);
    expect(r.headers.get('location')).toBe(`${EXPERTS}/${r.body.id}`);
    id = r.body.id;
    const replay = await call(JIEYANG, 'POST', EXPERTS, { as: me, body: expertBody, headers: { 'idempotency-key': 'experts-it-zhou' } });
    expect(replay.body.id).toBe(id);
  });

  it('an owner clerk, an agency clerk, another county\'s operator and the public can neither add nor read — nothing changes', async () => {
    const before = await roster();
    for (const as of [ownerClerk, agencyClerk, intruder]) {
      expect((await call(JIEYANG, 'POST', EXPERTS, { as, body: { ...expertBody, name: '冒名专家' } })).status).toBe(403);
      expect((await call(JIEYANG, 'GET', EXPERTS, { as })).status).toBe(403);
      expect((await call(JIEYANG, 'GET', `${EXPERTS}/${id}`, { as })).status).toBe(403);
    }
    expect((await call(JIEYANG, 'POST', EXPERTS, { body: expertBody })).status).toBe(401);
    expect((await call(JIEYANG, 'GET', EXPERTS)).status).toBe(401);
    expect((await call(JIEYANG, 'GET', `${EXPERTS}/${id}`)).status).toBe(401);
    expect(await roster()).toEqual(before);
  });

  it('the city\'s operator adds to the county\'s roster; the province keeps none of its own', async () => {
    const r = await call(JIEYANG, 'POST', EXPERTS, { as: operatorOf(JIEYANG), body: { name: '方振华', specialties: ['surveying'] } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tenant: JIEDONG, updatedBy: `op-${JIEYANG}` });
    addedByCity = r.body.id;
    const province = await call(JIEYANG, 'POST', `/v1/tenants/${PROVINCE}/experts`, { as: { role: 'province-admin', tenant: PROVINCE, sub: 'experts-it-admin' }, body: expertBody });
    expect(province.status).toBe(403);
  });

  it('operators read the roster with the phone; a regulator reads it without; filters by specialty and status', async () => {
    const mine = await call(JIEYANG, 'GET', `${EXPERTS}/${id}`, { as: me });
    expect(mine.body).toMatchObject({ id, phone: PHONE });
    const supervised = await call(JIEYANG, 'GET', `${EXPERTS}?specialty=housing`, { as: regulator });
    expect(supervised.status).toBe(200);
    expect(supervised.body.items.map((e: { id: string }) => e.id)).toContain(id);
    expect(JSON.stringify(supervised.body)).not.toContain('"phone"');
    expect((await call(JIEYANG, 'GET', `${EXPERTS}/${id}`, { as: regulator })).body).not.toHaveProperty('phone');
    const bySpecialty = await call(JIEYANG, 'GET', `${EXPERTS}?specialty=ZJ-445203-0101`, { as: me });
    expect(bySpecialty.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await call(JIEYANG, 'GET', `${EXPERTS}?specialty=water`, { as: me })).body.items).toEqual([]);
  });

  it('the demo cities\' rosters are seeded: eight active experts each, some tied to demo agencies (回避)', async () => {
    for (const city of [JIEYANG, SHANTOU]) {
      const r = await call(city, 'GET', `/v1/tenants/${city}/experts?status=active`, { as: operatorOf(city) });
      expect(r.status).toBe(200);
      expect(r.body.items).toHaveLength(8);
      expect(r.body.items.every((e: { id: string }) => e.id.startsWith(`EXP${city}`))).toBe(true);
    }
    const jieyang = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/experts`, { as: operatorOf(JIEYANG) });
    expect(jieyang.body.items).toContainEqual(expect.objectContaining({ name: '林晓燕', employerUscc: '91445200MA4W3K7RX7' }));
  });

  it('suspends with a reason (refused without one, and on a stale version), then reactivates', async () => {
    const noReason = await call(JIEYANG, 'PATCH', `${EXPERTS}/${id}`, { as: me, body: { status: 'suspended' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    const nothing = await call(JIEYANG, 'PATCH', `${EXPERTS}/${id}`, { as: me, body: { reason: '无变化' } });
    expect(nothing.body.errors).toEqual([expect.objectContaining({ code: 'expert.nothing-to-change' })]);
    expect([403, 404]).toContain((await call(JIEYANG, 'PATCH', `${EXPERTS}/${id}`, { as: intruder, body: { status: 'suspended', reason: '越权' } })).status);

    const suspended = await call(JIEYANG, 'PATCH', `${EXPERTS}/${id}`, { as: me, body: { status: 'suspended', reason: '年度考评不合格', expectedVersion: 1 } });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: '年度考评不合格', version: 2 });
    const stale = await call(JIEYANG, 'PATCH', `${EXPERTS}/${id}`, { as: me, body: { status: 'active', reason: '整改完成', expectedVersion: 1 } });
    expect(stale).toMatchObject({ status: 409, body: { code: 'expert.version-mismatch', version: 2 } });
    const active = (await call(JIEYANG, 'GET', `${EXPERTS}?status=active`, { as: me })).body.items.map((e: { id: string }) => e.id);
    expect(active).not.toContain(id);

    const back = await call(JIEYANG, 'PATCH', `${EXPERTS}/${id}`, { as: me, body: { status: 'active', reason: '整改完成', affiliations: [] } });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'active', version: 3 });
    expect(back.body).not.toHaveProperty('statusReason');
    expect(back.body).not.toHaveProperty('affiliations');
  });

  it('bad input is refused field by field with problem+json, and nothing is stored', async () => {
    const before = await roster();
    const r = await call(JIEYANG, 'POST', EXPERTS, { as: me, body: { name: '', specialties: ['Housing!'], employerUscc: '12445200MB2C03011P', phone: '0663-1234567', status: 'active' } });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'request.invalid', message: { zh: expect.any(String), en: expect.any(String) } });
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body', 'body.employerUscc', 'body.name', 'body.phone', 'body.specialties.0'].sort());
    const unknown = newExpertId(JIEDONG, new Uint8Array(8));
    expect((await call(JIEYANG, 'GET', `${EXPERTS}/${unknown}`, { as: me })).body).toMatchObject({ status: 404, code: 'resource.not-found' });
    const typo = `${unknown.slice(0, 17)}${unknown[17] === '0' ? '1' : '0'}`;
    expect((await call(JIEYANG, 'GET', `${EXPERTS}/${typo}`, { as: me })).body.errors).toEqual([expect.objectContaining({ path: 'path.id' })]);
    expect(await roster()).toEqual(before);
  });

  it('the expert\'s audit chain holds every step with its reason, verifies, and never the whole phone number', async () => {
    const chain = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/audit/expert/${id}`, { as: me });
    expect(chain.status).toBe(200);
    expect(chain.body.entries.map((e: { action: string }) => e.action)).toEqual(['expert.registered', 'expert.suspended', 'expert.reactivated']);
    expect(chain.body.entries[1].data).toMatchObject({ reason: '年度考评不合格', expert: { status: 'suspended', phoneMasked: '137****0021' } });
    expect(chain.body.verification).toMatchObject({ verified: true, length: 3 });
    expect(JSON.stringify(chain.body)).not.toContain(PHONE);
  });

  it('listActiveExperts, what the timeline draws from: a county\'s own active experts and its city\'s, by id', async () => {
    await withCityEnvironment(JIEYANG, async () => {
      expect((await call(JIEYANG, 'PATCH', `${EXPERTS}/${addedByCity}`, { as: me, body: { status: 'suspended', reason: '长期出差' } })).status).toBe(200);
      const city = (await listActiveExperts(JIEYANG)).map((e) => e.id);
      expect(city).toHaveLength(8);
      const county = await listActiveExperts(JIEDONG);
      const ids = county.map((e) => e.id);
      expect(ids).toEqual([...ids].sort());
      expect(ids).toEqual(expect.arrayContaining([id, ...city]));
      expect(ids).not.toContain(addedByCity);
      expect(county.every((e) => e.status === 'active' && [JIEDONG, JIEYANG].includes(e.tenant))).toBe(true);
      await expect(listActiveExperts('445299')).rejects.toMatchObject({ status: 404, code: 'tenant.not-found' });
    });
  });
});

/** The environment a function of the city's stack gets (functions/shared/deployment-env.ts), for the store module's calls. */
async function withCityEnvironment(city: string, work: () => Promise<void>): Promise<void> {
  const env: Record<string, string> = {
    TABLE_NAME: await cityTable(city), CITY_CODE: city, CITY_NAME: '揭阳市', PROVINCE_CODE: PROVINCE, PROVINCE_NAME: '广东省', DEPLOYMENT_KIND: 'sandbox',
    AWS_ENDPOINT_URL: endpoint(), AWS_REGION: 'cn-northwest-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
