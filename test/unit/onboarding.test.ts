// Strategy: planCounty is the pure rule of onboarding; each refusal reason gets one case.
import { planCounty, OnboardCounty } from '../../functions/tenancy/domain/onboarding.ts';
import type { Tenant } from '#shared/tenancy/tenant.ts';
import { DomainError } from '#shared/http/problems.ts';

const city: Tenant = { code: '445200', name: '揭阳市', level: 'city', parent: '440000', province: '440000', sandbox: true, status: 'active' };
const input = OnboardCounty.parse({ code: '445224', name: '惠来县', parent: '445200', operator: { username: 'op-445224', name: '管理员' } });
const fails = (f: () => unknown) => {
  try {
    f();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('onboarding a county', () => {
  it('plans a county tenant under this city', () => {
    expect(planCounty(input, city, undefined, '2026-11-21T00:00:00Z')).toMatchObject({ code: '445224', level: 'county', parent: '445200', province: '440000', sandbox: true });
  });
  it('refuses a code of another city, a city code, a foreign parent and a duplicate', () => {
    expect(fails(() => planCounty({ ...input, code: '440507' }, city, undefined, 'now'))).toBe('request.invalid');
    expect(fails(() => planCounty({ ...input, code: '445300' }, city, undefined, 'now'))).toBe('request.invalid');
    expect(fails(() => planCounty({ ...input, parent: '440500' }, city, undefined, 'now'))).toBe('request.invalid');
    expect(fails(() => planCounty(input, city, { ...city, code: '445224' }, 'now'))).toBe('tenant.exists');
  });
  it('keeps counties of a sandbox deployment in the sandbox', () => {
    expect(fails(() => planCounty({ ...input, sandbox: false }, city, undefined, 'now'))).toBe('request.invalid');
  });
  it('validates the operator account', () => {
    expect(OnboardCounty.safeParse({ ...input, operator: { username: 'x', name: '' } }).success).toBe(false);
  });
});
