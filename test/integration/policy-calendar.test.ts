// Strategy: tenant policy and the working-day calendar through the API: inheritance province → city →
// county with the bounds enforced field by field, province policy replicated to the other city
// through the province bus, and deadlines that skip 国庆 and say which calendar made them.
import { call, eventually, JIEDONG, JIEYANG, operatorOf, PROVINCE, RONGCHENG, SHANTOU } from './helpers.ts';

// 榕城 445202's policy is this file's alone (the isolation test writes 揭东's).

const admin = { role: 'province-admin', tenant: PROVINCE, sub: 'province-admin-it' };

describe('tenant policy', () => {
  it('a county inherits the defaults and sees who set each setting', async () => {
    const r = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/policy`);
    expect(r.status).toBe(200);
    expect(r.body.effective).toMatchObject({ registrationWindowWorkingDays: expect.any(Number), publicityWorkingDays: 3, contractDueWorkingDays: 10 });
    expect(r.body.chain.map((c: { tenant: string }) => c.tenant)).toEqual([PROVINCE, JIEYANG, JIEDONG]);
  });

  it('a county cannot set a registration window shorter than its city allows; nothing is stored', async () => {
    const city = await call(JIEYANG, 'PUT', `/v1/tenants/${JIEYANG}/policy`, { as: operatorOf(JIEYANG), body: { registrationWindowWorkingDays: 3 } });
    expect(city.status).toBe(200);
    expect(city.body.effective.registrationWindowWorkingDays).toBe(3);
    const county = await call(JIEYANG, 'PUT', `/v1/tenants/${RONGCHENG}/policy`, { as: operatorOf(RONGCHENG), body: { registrationWindowWorkingDays: 2 } });
    expect(county.status).toBe(400);
    expect(county.headers.get('content-type')).toContain('application/problem+json');
    expect(county.body.errors).toEqual([expect.objectContaining({ path: 'body.registrationWindowWorkingDays', code: 'policy.below-parent-minimum', message: { zh: expect.any(String), en: expect.any(String) } })]);
    const after = await call(JIEYANG, 'GET', `/v1/tenants/${RONGCHENG}/policy`);
    expect(after.body.effective.registrationWindowWorkingDays).toBe(3);
    expect(after.body.sources.registrationWindowWorkingDays).toEqual({ level: 'city', tenant: JIEYANG });
    const longer = await call(JIEYANG, 'PUT', `/v1/tenants/${RONGCHENG}/policy`, { as: operatorOf(RONGCHENG), body: { registrationWindowWorkingDays: 5 } });
    expect(longer.body.sources.registrationWindowWorkingDays).toEqual({ level: 'county', tenant: RONGCHENG });
    const chain = await call(JIEYANG, 'GET', `/v1/tenants/${RONGCHENG}/audit/policy/${RONGCHENG}`, { as: operatorOf(RONGCHENG) });
    expect(chain.body.verification.verified).toBe(true);
  });

  it('unknown settings are refused', async () => {
    const r = await call(JIEYANG, 'PUT', `/v1/tenants/${JIEDONG}/policy`, { as: operatorOf(JIEDONG), body: { registrationWindowWorkingDays: 5, lunchBreak: true } });
    expect(r.status).toBe(400);
  });

  it('only a province-admin sets the province policy, and every city applies it', async () => {
    const byCity = await call(JIEYANG, 'PUT', `/v1/tenants/${PROVINCE}/policy`, { as: operatorOf(JIEYANG), body: { publicityWorkingDays: 5 } });
    expect(byCity.status).toBe(403);
    const set = await call(JIEYANG, 'PUT', `/v1/tenants/${PROVINCE}/policy`, { as: admin, body: { publicityWorkingDays: 5 } });
    expect(set.status).toBe(200);
    const seen = await eventually(async () => {
      const r = await call(SHANTOU, 'GET', '/v1/tenants/440507/policy');
      return r.body.effective.publicityWorkingDays === 5 ? r.body : undefined;
    });
    expect(seen.sources.publicityWorkingDays).toEqual({ level: 'province', tenant: PROVINCE });
  });
});

describe('working-day calendar', () => {
  it('a 2-working-day window opened on 2026-09-30 skips 国庆 and ends 2026-10-10 00:00 (+08:00)', async () => {
    const r = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/deadlines?from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&workingDays=2`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ at: '2026-10-10T00:00:00.000+08:00', rule: 'civil-code-201', provisional: false, workingDays: 2 });
    expect(r.body.calendarVersion).toMatch(/^CN-/);
  });

  it('lists the year\'s holidays with the source notice, and marks unannounced years provisional', async () => {
    const y2026 = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/calendar?year=2026`);
    expect(y2026.body.source).toMatchObject({ issuer: '国务院办公厅' });
    expect(y2026.body.provisional).toBe(false);
    expect(y2026.body.days.find((d: { date: string }) => d.date === '2026-10-10')).toMatchObject({ working: true });
    const y2030 = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/calendar?year=2030`);
    expect(y2030.body.provisional).toBe(true);
    const deadline = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/deadlines?from=${encodeURIComponent('2030-03-01T09:00:00+08:00')}&workingDays=3`);
    expect(deadline.body.provisional).toBe(true);
  });
});
