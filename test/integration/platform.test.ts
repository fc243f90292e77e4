// Strategy: the product as a user meets it on first start — through the local cloud's real HTTP APIs
// (API Gateway emulation → Lambda workers → DynamoDB Local), after the demo seed ran.
import { apiContexts } from '../../functions/contexts.ts';
import { call, JIEDONG, JIEYANG, SHANTOU } from './helpers.ts';

describe('platform on the local cloud', () => {
  it.each([JIEYANG, SHANTOU])('city %s answers GET /v1/health', async (city) => {
    const r = await call(city, 'GET', '/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', city: { code: city }, province: { code: '440000' }, checks: { table: { ok: true } } });
  });

  it('serves an OpenAPI document with every route of the CDK app', async () => {
    const r = await call(JIEYANG, 'GET', '/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const route of apiContexts.flatMap((c) => c.routes)) {
      expect(r.body.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operationId);
    }
  });

  it('lists the seeded catalogue of 揭东 445203: the city items and its local item', async () => {
    const r = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items?limit=200`);
    expect(r.status).toBe(200);
    const codes = r.body.items.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['ZJ-445200-0001', 'ZJ-445200-0007', 'ZJ-445203-0101']));
    expect(r.body.items.find((i: { code: string }) => i.code === 'ZJ-445203-0101')).toMatchObject({ scope: 'county', tenant: JIEDONG });
    expect(r.body.items.every((i: Record<string, unknown>) => !('updatedBy' in i))).toBe(true);
  });

  it('searches the catalogue by type, department and keyword, with an opaque cursor', async () => {
    const byType = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/service-items?type=assessment`);
    expect(byType.body.items.map((i: { serviceType: string }) => i.serviceType)).toEqual(expect.arrayContaining(['assessment']));
    expect(byType.body.items.every((i: { serviceType: string }) => i.serviceType === 'assessment')).toBe(true);
    const byKeyword = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/service-items?q=${encodeURIComponent('消防')}`);
    expect(byKeyword.body.items.map((i: { code: string }) => i.code)).toEqual(['ZJ-445200-0005']);
    const byDepartment = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/service-items?department=${encodeURIComponent('自然资源局')}`);
    expect(byDepartment.body.items.length).toBe(2);
    const first = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/service-items?limit=3`);
    expect(first.body.items).toHaveLength(3);
    const second = await call(JIEYANG, 'GET', `/v1/tenants/${JIEYANG}/service-items?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].code > first.body.items[2].code).toBe(true);
  });

  it('lists tenants: province, city and the seeded counties', async () => {
    const r = await call(JIEYANG, 'GET', '/v1/tenants');
    // other tests onboard more counties; the seeded ones come first, in code order after province and city
    expect(r.body.items.map((t: { code: string }) => t.code).slice(0, 4)).toEqual(['440000', '445200', '445202', '445203']);
    const shantou = await call(SHANTOU, 'GET', '/v1/tenants');
    expect(shantou.body.items.map((t: { code: string }) => t.code).slice(0, 3)).toEqual(['440000', '440500', '440507']);
  });
});
