// Strategy: the "done means" story end to end — a county onboarded through the CLI gets an
// operator who adds a catalogue item; another county's operator cannot change it; the public reads
// it; the audit chain shows every step and verifies. Then the onboarding travels to the other city
// through the province bus (city bus → province bus → 汕头 bus → inbox queue → inbox function).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { call, endpoint, eventually, itemBody, JIEYANG, operatorOf, RONGCHENG, SHANTOU } from './helpers.ts';

const run = promisify(execFile);
const HUILAI = '445224'; // 惠来县

describe('onboarding a county and running its catalogue', () => {
  let operatorSubject: string;

  it('onboards 惠来县 through the CLI with its first operator', async () => {
    const { stdout } = await run('node_modules/.bin/tsx', ['bin/tenant.ts', 'onboard', '--code', HUILAI, '--name', '惠来县', '--name-en', 'Huilai', '--city', JIEYANG, '--operator', 'op-445224', '--operator-name', '林主任', '--endpoint', endpoint()], { cwd: process.cwd() });
    expect(stdout).toContain(`onboarded ${HUILAI} 惠来县`);
    const tenant = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}`);
    expect(tenant.body).toMatchObject({ code: HUILAI, level: 'county', parent: JIEYANG, status: 'active' });
    const accounts = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/accounts`, { as: operatorOf(JIEYANG) });
    expect(accounts.body.items).toEqual([expect.objectContaining({ username: 'op-445224', role: 'operator', tenant: HUILAI })]);
    operatorSubject = accounts.body.items[0].subject;
  });

  it('a second onboarding of the same county is refused (409) and the CLI retry is idempotent', async () => {
    const again = await run('node_modules/.bin/tsx', ['bin/tenant.ts', 'onboard', '--code', HUILAI, '--name', '惠来县', '--name-en', 'Huilai', '--city', JIEYANG, '--operator', 'op-445224', '--operator-name', '林主任', '--endpoint', endpoint()]);
    expect(again.stdout).toContain(`onboarded ${HUILAI}`); // same Idempotency-Key, same body → same answer
    const other = await call(JIEYANG, 'POST', '/v1/tenants', { as: { role: 'province-admin', tenant: '440000', sub: 'admin' }, body: { code: HUILAI, name: '惠来县', parent: JIEYANG, operator: { username: 'someone', name: '某人' } } });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('tenant.exists');
  });

  it('its operator adds a local item; the public reads it; another county cannot change it', async () => {
    const me = { role: 'operator', tenant: HUILAI, sub: operatorSubject };
    const created = await call(JIEYANG, 'POST', `/v1/tenants/${HUILAI}/service-items`, { as: me, body: itemBody('ZJ-445224-0001') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'ZJ-445224-0001', scope: 'county', version: 1 });

    const publicRead = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`);
    expect(publicRead.status).toBe(200);
    expect(publicRead.body.name).toBe(itemBody('x').name);

    const intruder = operatorOf(RONGCHENG);
    const change = await call(JIEYANG, 'PUT', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`, { as: intruder, body: { ...itemBody('x'), code: undefined, name: '篡改' } });
    expect([403, 404]).toContain(change.status);
    const retire = await call(JIEYANG, 'DELETE', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`, { as: intruder, body: { reason: '越权停用' } });
    expect([403, 404]).toContain(retire.status);
    expect((await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`)).body).toMatchObject({ version: 1, status: 'active' });

    const { code: _c, ...fields } = itemBody('x', { serviceTimeLimitWorkingDays: 8 });
    void _c;
    const revised = await call(JIEYANG, 'PUT', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`, { as: me, body: { ...fields, expectedVersion: 1 } });
    expect(revised.body).toMatchObject({ version: 2, serviceTimeLimitWorkingDays: 8 });
    const stale = await call(JIEYANG, 'PUT', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`, { as: me, body: { ...fields, expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    const retired = await call(JIEYANG, 'DELETE', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001`, { as: me, body: { reason: '设立依据调整' } });
    expect(retired.body).toMatchObject({ version: 3, status: 'retired' });
    const versions = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/service-items/ZJ-445224-0001/versions`);
    expect(versions.body.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'active'], [2, 'active'], [3, 'retired']]);
    const listed = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/service-items?status=all`);
    expect(listed.body.items.map((i: { code: string }) => i.code)).toContain('ZJ-445224-0001');
  });

  it('the audit endpoint shows the chain of the item and of the tenant, and says it verifies', async () => {
    const chain = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/audit/service-item/ZJ-445224-0001`, { as: operatorOf(HUILAI) });
    expect(chain.status).toBe(200);
    expect(chain.body.entries.map((e: { action: string }) => e.action)).toEqual(['service-item.created', 'service-item.revised', 'service-item.retired']);
    expect(chain.body.verification).toMatchObject({ verified: true, length: 3 });
    expect(chain.body.entries[1].prevHash).toBe(chain.body.entries[0].hash);
    const tenantChain = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/audit/tenant/${HUILAI}`, { as: { role: 'province-admin', tenant: '440000', sub: 'auditor' } });
    expect(tenantChain.body.entries[0]).toMatchObject({ action: 'tenant.onboarded', actor: { role: 'province-admin' } });
    const denied = await call(JIEYANG, 'GET', `/v1/tenants/${HUILAI}/audit/service-item/ZJ-445224-0001`, { as: operatorOf(RONGCHENG) });
    expect(denied.status).toBe(403);
  });

  it('the onboarding reaches 汕头 through the province bus', async () => {
    const found = await eventually(async () => {
      const r = await call(SHANTOU, 'GET', '/v1/tenants?scope=province');
      return r.body.items.find((t: { code: string }) => t.code === HUILAI);
    });
    expect(found).toMatchObject({ code: HUILAI, replicatedFrom: JIEYANG });
    // …and stays a replica: 汕头's own tenant directory does not grant anything for it.
    expect((await call(SHANTOU, 'GET', `/v1/tenants/${HUILAI}`)).status).toBe(404);
  });
});
