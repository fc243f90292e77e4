/**
 * Strategy: the inheritance province → city → county as the seeds' operators would use it (揭阳 445200 and its
 * counties), asserting the effective values and, for every setting, which level set it; then stored overrides
 * that became invalid after a level above tightened (ignored and reported, never applied), sandbox handling,
 * and the order of levels.
 */
import { POLICY_PATHS } from './policy-rules.ts';
import { PolicyChainError, resolvePolicy } from './resolve-policy.ts';
import { DEFAULT_TENANT_POLICY } from './tenant-policy.ts';

const province = (override: unknown) => ({ tenant: '440000', level: 'province' as const, override });
const city = (override: unknown) => ({ tenant: '445200', level: 'city' as const, override });
const county = (override: unknown) => ({ tenant: '445202', level: 'county' as const, override });

describe('resolvePolicy', () => {
  it('gives the platform defaults with no overrides, every source `default`', () => {
    const resolved = resolvePolicy([], { sandbox: false });
    expect(resolved.policy).toEqual(DEFAULT_TENANT_POLICY);
    expect(Object.keys(resolved.sources).sort()).toEqual([...POLICY_PATHS].sort());
    expect(Object.values(resolved.sources).every((s) => s.level === 'default' && s.tenant === null)).toBe(true);
    expect(resolved.problems).toEqual([]);
  });

  it('applies each level and records which one set every setting', () => {
    const { policy, sources, problems } = resolvePolicy(
      [
        province({ registrationWindowWorkingDays: 3, minEligibleRegistrants: { 'best-value': 5 }, autoAdmitOnVerification: false }),
        city({ publicityWorkingDays: 5, methodsAllowed: { social: ['random', 'direct'] } }),
        county({ registrationWindowWorkingDays: 4, contractDueWorkingDays: 5 }),
      ],
      { sandbox: false },
    );
    expect(problems).toEqual([]);
    expect(policy).toMatchObject({
      registrationWindowWorkingDays: 4,
      minEligibleRegistrants: { random: 3, 'best-value': 5, direct: 1 },
      publicityWorkingDays: 5,
      contractDueWorkingDays: 5,
      autoAdmitOnVerification: false,
      methodsAllowed: { fiscal: DEFAULT_TENANT_POLICY.methodsAllowed.fiscal, social: ['random', 'direct'] },
    });
    expect(sources.registrationWindowWorkingDays).toEqual({ level: 'county', tenant: '445202' });
    expect(sources['minEligibleRegistrants.best-value']).toEqual({ level: 'province', tenant: '440000' });
    expect(sources['minEligibleRegistrants.random']).toEqual({ level: 'default', tenant: null });
    expect(sources.publicityWorkingDays).toEqual({ level: 'city', tenant: '445200' });
    expect(sources['methodsAllowed.social']).toEqual({ level: 'city', tenant: '445200' });
    expect(sources['methodsAllowed.fiscal']).toEqual({ level: 'default', tenant: null });
    expect(sources.autoAdmitOnVerification).toEqual({ level: 'province', tenant: '440000' });
    expect(sources.contractDueWorkingDays).toEqual({ level: 'county', tenant: '445202' });
  });

  it('ignores and reports a stored setting that a tightened level above now forbids', () => {
    // The county saved a 3-day window; the city later raised its floor to 5.
    const { policy, sources, problems } = resolvePolicy([city({ registrationWindowWorkingDays: 5 }), county({ registrationWindowWorkingDays: 3, publicityWorkingDays: 4 })], {
      sandbox: false,
    });
    expect(policy.registrationWindowWorkingDays).toBe(5);
    expect(sources.registrationWindowWorkingDays).toEqual({ level: 'city', tenant: '445200' });
    expect(policy.publicityWorkingDays).toBe(4);
    expect(problems).toEqual([expect.objectContaining({ tenant: '445202', level: 'county', path: 'registrationWindowWorkingDays', code: 'policy.below-parent-minimum' })]);
  });

  it('never lets a city or county change a province-only setting', () => {
    const { policy, sources, problems } = resolvePolicy([province({ socialSecurityMonths: 6 }), county({ socialSecurityMonths: 1 })], { sandbox: false });
    expect(policy.socialSecurityMonths).toBe(6);
    expect(sources.socialSecurityMonths).toEqual({ level: 'province', tenant: '440000' });
    expect(problems.map((p) => p.code)).toEqual(['policy.province-only']);
  });

  it('keeps real time for a production tenant whatever is stored', () => {
    const stored = [city({ timeAccelerator: 1440 })];
    expect(resolvePolicy(stored, { sandbox: true }).policy.timeAccelerator).toBe(1440);
    const production = resolvePolicy(stored, { sandbox: false });
    expect(production.policy.timeAccelerator).toBe(1);
    expect(production.sources.timeAccelerator).toEqual({ level: 'default', tenant: null });
    expect(production.problems.map((p) => p.code)).toEqual(['policy.sandbox-only']);
  });

  it('merges calendar overrides down the chain, each day remembering who set it', () => {
    const { policy, sources } = resolvePolicy(
      [
        city({ calendarOverrides: { extraHolidays: [{ date: '2026-03-09', reason: '市防汛应急' }] } }),
        county({ calendarOverrides: { extraHolidays: [{ date: '2026-03-10', reason: ' 县庆 ' }], extraWorkdays: [{ date: '2026-03-07', reason: '县内调休' }] } }),
      ],
      { sandbox: false },
    );
    expect(policy.calendarOverrides).toEqual({
      extraHolidays: [
        { date: '2026-03-09', reason: '市防汛应急', setBy: '445200' },
        { date: '2026-03-10', reason: '县庆', setBy: '445202' },
      ],
      extraWorkdays: [{ date: '2026-03-07', reason: '县内调休', setBy: '445202' }],
    });
    expect(sources['calendarOverrides.extraHolidays']).toEqual({ level: 'county', tenant: '445202' });
  });

  it('does not mutate the defaults or the stored overrides', () => {
    const stored = { methodsAllowed: { fiscal: ['random'] } };
    const { policy } = resolvePolicy([province(stored)], { sandbox: false });
    (policy.methodsAllowed.fiscal as string[]).push('direct');
    expect(stored.methodsAllowed.fiscal).toEqual(['random']);
    expect(DEFAULT_TENANT_POLICY.methodsAllowed.fiscal).not.toContain('direct');
    expect(() => {
      (DEFAULT_TENANT_POLICY as { registrationWindowWorkingDays: number }).registrationWindowWorkingDays = 1;
    }).toThrow(TypeError);
  });

  it('requires the levels in order province → city → county', () => {
    expect(() => resolvePolicy([county({}), city({})], { sandbox: false })).toThrow(PolicyChainError);
    expect(() => resolvePolicy([city({}), city({})], { sandbox: false })).toThrow(PolicyChainError);
    expect(() => resolvePolicy([{ tenant: 'x', level: 'district' as never, override: {} }], { sandbox: false })).toThrow(PolicyChainError);
    expect(resolvePolicy([province({}), county({})], { sandbox: false }).problems).toEqual([]); // 省直管县: no city level
  });
});
