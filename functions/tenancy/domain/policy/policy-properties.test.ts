/**
 * Strategy: properties with fast-check. A random province override (within absolute bounds) gives a parent;
 * a random city override is generated around the parent's values (often inside, sometimes outside every
 * bound). Whatever validatePolicyOverride accepts, applied under its parent by resolvePolicy, must respect
 * every bound of the rules table relative to that parent; and whatever is stored, accepted or not, the
 * resolved policy never breaks a bound.
 */
import fc from 'fast-check';
import { createWorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import { readSetting } from './policy-paths.ts';
import { POLICY_PATHS, POLICY_RULES, type PolicyPath } from './policy-rules.ts';
import { resolvePolicy, type ResolvedPolicy } from './resolve-policy.ts';
import { SELECTION_METHODS } from './selection-method.ts';
import type { TenantPolicy } from './tenant-policy.ts';
import { validatePolicyOverride } from './validate-policy-override.ts';

const national = createWorkingDayCalendar();

function nest(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    const keys = path.split('.');
    let container = out;
    for (const key of keys.slice(0, -1)) container = (container[key] ??= {}) as Record<string, unknown>;
    container[keys[keys.length - 1]] = value;
  }
  return out;
}

// Some ordinary days, some national holidays, a statutory day of an unannounced year.
const CANDIDATE_DAYS = ['2026-03-07', '2026-03-09', '2026-03-10', '2026-10-02', '2026-10-10', '2027-05-01', '2027-06-01'];

const ORDINARY_DAYS = CANDIDATE_DAYS.filter((d) => national.describeDay(d).kind === 'weekday' || national.describeDay(d).kind === 'weekend');

/**
 * A value for one setting. Under a parent, mostly one the direction allows (so that enough overrides are
 * accepted to test something), and one time in five anything, in or out of bounds (so that the validator,
 * not the generator, decides what is accepted).
 */
function settingValue(path: PolicyPath, parent?: TenantPolicy): fc.Arbitrary<unknown> {
  const rule = POLICY_RULES[path];
  const above = parent ? readSetting(parent, path) : undefined;
  const mostly = (likely: fc.Arbitrary<unknown>, anything: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: anything });
  switch (rule.kind) {
    case 'integer': {
      const anything = fc.integer({ min: rule.min - 1, max: rule.max + 1 });
      if (typeof above !== 'number') return mostly(fc.integer({ min: rule.min, max: rule.max }), anything);
      if (rule.direction === 'not-below-parent') return mostly(fc.integer({ min: above, max: rule.max }), anything);
      if (rule.direction === 'not-above-parent') return mostly(fc.integer({ min: rule.min, max: above }), anything);
      return mostly(fc.integer({ min: rule.min, max: rule.max }), anything);
    }
    case 'methods': {
      const allowed = (above as string[] | undefined) ?? [...SELECTION_METHODS];
      return mostly(fc.subarray(allowed, { minLength: 1 }), fc.subarray([...SELECTION_METHODS]));
    }
    case 'boolean':
      return fc.boolean();
    case 'credit':
      return fc.constantFrom({}, { poorEvaluationBelow: 2 }, { weights: { regulator: 60, platform: 20, social: 20 } });
    case 'local-days': {
      const days = (pool: string[]) =>
        fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 3 }).map((dates) => dates.map((date) => ({ date, reason: '本地' })));
      return mostly(days(path.endsWith('extraWorkdays') ? ORDINARY_DAYS.slice(0, 1) : ORDINARY_DAYS.slice(1)), days(CANDIDATE_DAYS));
    }
  }
}

function overrideArbitrary(parent?: TenantPolicy): fc.Arbitrary<Record<string, unknown>> {
  const fields = POLICY_PATHS.map((path) => {
    const rule = POLICY_RULES[path];
    // Below the province, province-only settings and the accelerator appear rarely: they are refused (or
    // sandbox-only) and would drown the rest.
    const rare = parent && (rule.direction === 'province-only' || rule.direction === 'sandbox-only');
    return fc.oneof(
      { weight: 1, arbitrary: settingValue(path, parent).map((v) => [path, v] as [string, unknown]) },
      { weight: rare ? 12 : 2, arbitrary: fc.constant(null) },
    );
  });
  return fc.tuple(...fields).map((chosen) => nest(chosen.filter((c): c is [string, unknown] => c !== null)));
}

const provinceOverride = overrideArbitrary().filter((o) => validatePolicyOverride(o, null, { sandbox: true, level: 'province' }).length === 0);

/** Every bound of the rules table, for `child` under `parent` (`null`: the province, absolute bounds only). */
function assertWithinBounds(child: TenantPolicy, parent: TenantPolicy | null, sandbox: boolean): void {
  for (const path of POLICY_PATHS) {
    const rule = POLICY_RULES[path];
    const value = readSetting(child, path);
    const above = parent ? readSetting(parent, path) : undefined;
    switch (rule.kind) {
      case 'integer':
        expect(Number.isInteger(value)).toBe(true);
        expect(value as number).toBeGreaterThanOrEqual(rule.min);
        expect(value as number).toBeLessThanOrEqual(rule.max);
        if (parent && rule.direction === 'not-below-parent') expect(value as number).toBeGreaterThanOrEqual(above as number);
        if (parent && rule.direction === 'not-above-parent') expect(value as number).toBeLessThanOrEqual(above as number);
        if (parent && rule.direction === 'province-only') expect(value).toBe(above);
        if (rule.direction === 'sandbox-only' && !sandbox) expect(value).toBe(1);
        break;
      case 'boolean':
        if (parent) expect(value).toBe(above);
        break;
      case 'credit':
        if (parent) expect(value).toEqual(above);
        break;
      case 'methods':
        expect((value as string[]).length).toBeGreaterThan(0);
        if (parent) for (const m of value as string[]) expect(above as string[]).toContain(m);
        break;
      case 'local-days': {
        const dates = (value as { date: string }[]).map((d) => d.date);
        if (parent) for (const d of above as { date: string }[]) expect(dates).toContain(d.date);
        break;
      }
    }
  }
  const off = new Set(child.calendarOverrides.extraHolidays.map((d) => d.date));
  for (const { date } of child.calendarOverrides.extraWorkdays) {
    expect(off.has(date)).toBe(false);
    expect(['national-holiday', 'statutory-holiday']).not.toContain(national.describeDay(date).kind);
  }
  expect(child.directChoiceMaxFen).toBeLessThanOrEqual(child.mandatoryUseBelowFen);
}

describe('policy properties', () => {
  const chain = (sandbox: boolean) =>
    provinceOverride.chain((province) => {
      const parent = resolvePolicy([{ tenant: '440000', level: 'province', override: province }], { sandbox });
      return fc.tuple(fc.constant(province), fc.constant(parent), overrideArbitrary(parent.policy));
    });

  it('an accepted override, applied under its parent, respects every bound relative to the parent', () => {
    let accepted = 0;
    for (const sandbox of [false, true]) {
      fc.assert(
        fc.property(chain(sandbox), ([province, parent, cityOverride]: [Record<string, unknown>, ResolvedPolicy, Record<string, unknown>]) => {
          const problems = validatePolicyOverride(cityOverride, parent.policy, { sandbox, level: 'city' });
          fc.pre(problems.length === 0);
          accepted += 1;
          const resolved = resolvePolicy(
            [
              { tenant: '440000', level: 'province', override: province },
              { tenant: '445200', level: 'city', override: cityOverride },
            ],
            { sandbox },
          );
          expect(resolved.problems.filter((p) => p.level === 'city')).toEqual([]);
          assertWithinBounds(resolved.policy, parent.policy, sandbox);
          for (const path of POLICY_PATHS) {
            const set = readSetting(cityOverride, path);
            const nonEmpty = !(Array.isArray(set) && set.length === 0 && POLICY_RULES[path].kind === 'local-days');
            if (set !== undefined && nonEmpty) expect(resolved.sources[path]).toEqual({ level: 'city', tenant: '445200' });
          }
        }),
        { numRuns: 150 },
      );
    }
    expect(accepted).toBe(300);
  });

  it('whatever is stored at any level, the resolved policy respects every bound', () => {
    fc.assert(
      fc.property(chain(false), overrideArbitrary(), fc.boolean(), ([province, parent, cityOverride], countyOverride, sandbox) => {
        const resolved = resolvePolicy(
          [
            { tenant: '440000', level: 'province', override: province },
            { tenant: '445200', level: 'city', override: cityOverride },
            { tenant: '445202', level: 'county', override: countyOverride },
          ],
          { sandbox },
        );
        const city = resolvePolicy(
          [
            { tenant: '440000', level: 'province', override: province },
            { tenant: '445200', level: 'city', override: cityOverride },
          ],
          { sandbox },
        );
        assertWithinBounds(city.policy, parent.policy, sandbox);
        assertWithinBounds(resolved.policy, city.policy, sandbox);
      }),
      { numRuns: 200 },
    );
  });
});
