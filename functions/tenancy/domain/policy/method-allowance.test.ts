/** Strategy: the two questions a purchase request asks of the effective policy, at the edges of the amounts. */
import { isMethodAllowed, isSupermarketMandatory } from './method-allowance.ts';
import { resolvePolicy } from './resolve-policy.ts';
import { DEFAULT_TENANT_POLICY } from './tenant-policy.ts';

describe('isSupermarketMandatory', () => {
  it('binds fiscal funds strictly below ¥500,000 by default, never social funds', () => {
    expect(isSupermarketMandatory(DEFAULT_TENANT_POLICY, 'fiscal', 49_999_999)).toBe(true);
    expect(isSupermarketMandatory(DEFAULT_TENANT_POLICY, 'fiscal', 50_000_000)).toBe(false);
    expect(isSupermarketMandatory(DEFAULT_TENANT_POLICY, 'social', 1)).toBe(false);
  });
});

describe('isMethodAllowed', () => {
  it('allows no direct choice of fiscal funds by default, any method for social funds', () => {
    expect(isMethodAllowed(DEFAULT_TENANT_POLICY, 'fiscal', 'random', 100)).toBe(true);
    expect(isMethodAllowed(DEFAULT_TENANT_POLICY, 'fiscal', 'direct', 1)).toBe(false);
    expect(isMethodAllowed(DEFAULT_TENANT_POLICY, 'social', 'direct', 90_000_000)).toBe(true);
  });

  it('allows direct choice of fiscal funds only below the amount a province sets', () => {
    const { policy } = resolvePolicy(
      [{ tenant: '440000', level: 'province', override: { directChoiceMaxFen: 2_000_000, methodsAllowed: { fiscal: ['random', 'direct'] } } }],
      { sandbox: false },
    );
    expect(isMethodAllowed(policy, 'fiscal', 'direct', 1_999_999)).toBe(true);
    expect(isMethodAllowed(policy, 'fiscal', 'direct', 2_000_000)).toBe(false);
    expect(isMethodAllowed(policy, 'fiscal', 'lowest-price', 100)).toBe(false);
  });
});
