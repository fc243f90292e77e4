// Strategy: authorization is a pure decision over a tenant directory; a small in-memory directory of
// the demo province drives every branch (unknown tenant 404, public 401, role 403, scope 403, allowed).
import { authorize, covers, PERMISSIONS } from '#shared/auth/authorize.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { DomainError } from '#shared/http/problems.ts';
import { isInside, impliedLevel, tenantChain, type Tenant } from '#shared/tenancy/tenant.ts';

const t = (code: string, level: Tenant['level'], parent?: string): Tenant => ({ code, name: code, level, parent, province: '440000', sandbox: true, status: 'active' });
const tenants = [t('440000', 'province'), t('445200', 'city', '440000'), t('445202', 'county', '445200'), t('445203', 'county', '445200')];
const directory = { get: async (code: string) => tenants.find((x) => x.code === code) };
const caller = (role: Caller['role'], tenant?: string): Caller => ({ role, tenant, sub: `${role}-${tenant}`, industries: [] });

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as DomainError).status;
  }
}

describe('authorize', () => {
  it('answers 404 for an unknown tenant before anything else', async () => {
    expect(await statusOf(authorize(caller('public'), 'catalog.write', '445299', directory))).toBe(404);
  });
  it('answers 401 to the public and 403 to a role without the permission', async () => {
    expect(await statusOf(authorize(caller('public'), 'catalog.write', '445203', directory))).toBe(401);
    expect(await statusOf(authorize(caller('agency', '445203'), 'catalog.write', '445203', directory))).toBe(403);
  });
  it('lets an operator act on its own tenant, a city operator on its counties, and province-admin everywhere', async () => {
    expect(await statusOf(authorize(caller('operator', '445203'), 'catalog.write', '445203', directory))).toBe(200);
    expect(await statusOf(authorize(caller('operator', '445200'), 'catalog.write', '445203', directory))).toBe(200);
    expect(await statusOf(authorize(caller('province-admin', '440000'), 'catalog.write', '445203', directory))).toBe(200);
  });
  it('never lets a county act on another county or on its city', async () => {
    expect(await statusOf(authorize(caller('operator', '445202'), 'catalog.write', '445203', directory))).toBe(403);
    expect(await statusOf(authorize(caller('operator', '445202'), 'catalog.write', '445200', directory))).toBe(403);
  });
  it('has no permission open to the public role', () => {
    for (const roles of Object.values(PERMISSIONS)) expect(roles).not.toContain('public');
  });
  it('covers() follows the chain, not the code prefix', async () => {
    const chain = await tenantChain('445203', directory);
    expect(chain.map((x) => x.code)).toEqual(['445203', '445200', '440000']);
    expect(covers(caller('operator', '445200'), chain)).toBe(true);
    expect(covers(caller('operator', '445202'), chain)).toBe(false);
  });
});

describe('GB/T 2260 nesting', () => {
  it('derives levels and containment from the code', () => {
    expect(impliedLevel('440000')).toBe('province');
    expect(impliedLevel('445200')).toBe('city');
    expect(impliedLevel('445203')).toBe('county');
    expect(isInside('445203', '445200')).toBe(true);
    expect(isInside('440507', '445200')).toBe(false);
    expect(isInside('445200', '440000')).toBe(true);
    expect(isInside('445200', '445200')).toBe(false);
  });
});
