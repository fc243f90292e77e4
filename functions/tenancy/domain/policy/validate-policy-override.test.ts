/**
 * Strategy: one test per direction of the rules table, driven by the table itself where a rule is numeric
 * (so a new setting is covered the day it is added), then the non-numeric directions (subset, province-only,
 * sandbox-only, calendar lists), unknown fields and the cross-field rule. Each problem is checked by its stable
 * code and path, and for a Chinese and an English message.
 */
import { resolvePolicy } from './resolve-policy.ts';
import { readSetting } from './policy-paths.ts';
import { POLICY_PATHS, POLICY_RULES, type PolicyPath, type IntegerRule } from './policy-rules.ts';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from './tenant-policy.ts';
import { validatePolicyOverride } from './validate-policy-override.ts';

/** Builds `{ a: { b: value } }` from `a.b`. */
function overrideAt(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

const codes = (problems: { code: string; path: string }[]) => problems.map((p) => `${p.code}@${p.path}`);

/** A parent whose integer settings sit strictly inside their absolute bounds, so ±1 stays in bounds. */
function parentWithRoom(): TenantPolicy {
  const province: Record<string, unknown> = {};
  for (const path of POLICY_PATHS) {
    const rule = POLICY_RULES[path];
    if (rule.kind !== 'integer' || rule.direction === 'province-only' || rule.direction === 'sandbox-only') continue;
    const mid = Math.floor((rule.min + rule.max) / 2);
    Object.assign(province, deepMerge(province, overrideAt(path, path === 'directChoiceMaxFen' ? 1_000_000 : mid)));
  }
  const { policy, problems } = resolvePolicy([{ tenant: '440000', level: 'province', override: province }], { sandbox: false });
  expect(problems).toEqual([]);
  return policy;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    out[key] = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof out[key] === 'object'
      ? deepMerge(out[key] as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return out;
}

const integerPaths = (direction: IntegerRule['direction']) =>
  POLICY_PATHS.filter((p) => POLICY_RULES[p].kind === 'integer' && POLICY_RULES[p].direction === direction) as PolicyPath[];

describe('validatePolicyOverride: directions from the rules table', () => {
  const parent = parentWithRoom();

  it.each(integerPaths('not-below-parent'))('%s: a child may raise it, never lower it (policy.below-parent-minimum)', (path) => {
    const floor = readSetting(parent, path) as number;
    expect(validatePolicyOverride(overrideAt(path, floor), parent, { sandbox: false, level: 'county' })).toEqual([]);
    expect(validatePolicyOverride(overrideAt(path, floor + 1), parent, { sandbox: false, level: 'county' })).toEqual([]);
    const problems = validatePolicyOverride(overrideAt(path, floor - 1), parent, { sandbox: false, level: 'county' });
    expect(codes(problems)).toEqual([`policy.below-parent-minimum@${path}`]);
    expect(problems[0].message.zh).toMatch(/不得低于上级/);
    expect(problems[0].message.en).toMatch(/must not be below/);
  });

  it.each(integerPaths('not-above-parent'))('%s: a child may lower it, never raise it (policy.above-parent-maximum)', (path) => {
    const ceiling = readSetting(parent, path) as number;
    expect(validatePolicyOverride(overrideAt(path, ceiling), parent, { sandbox: false, level: 'city' })).toEqual([]);
    expect(validatePolicyOverride(overrideAt(path, ceiling - 1), parent, { sandbox: false, level: 'city' })).toEqual([]);
    const problems = validatePolicyOverride(overrideAt(path, ceiling + 1), parent, { sandbox: false, level: 'city' });
    expect(codes(problems)).toEqual([`policy.above-parent-maximum@${path}`]);
    expect(problems[0].message.zh).toMatch(/不得高于上级/);
  });

  it.each(POLICY_PATHS.filter((p) => POLICY_RULES[p].kind === 'integer'))('%s: absolute bounds hold at every level (policy.outside-absolute-bounds)', (path) => {
    const rule = POLICY_RULES[path] as IntegerRule;
    for (const value of [rule.min - 1, rule.max + 1]) {
      const problems = validatePolicyOverride(overrideAt(path, value), null, { sandbox: true, level: 'province' });
      expect(codes(problems)).toEqual([`policy.outside-absolute-bounds@${path}`]);
      expect(problems[0].message.zh).toMatch(/须在 .+ 至 .+ 之间/);
    }
    expect(codes(validatePolicyOverride(overrideAt(path, rule.min + 0.5), null, { sandbox: true, level: 'province' }))).toEqual([`policy.invalid-type@${path}`]);
  });

  it('checks the province against absolute bounds only: the defaults are not limits', () => {
    expect(validatePolicyOverride({ registrationWindowWorkingDays: 30, contractDueWorkingDays: 20, publicityWorkingDays: 3 }, null, { sandbox: false })).toEqual([]);
  });

  it('registration window: a county cannot be shorter than its city allows', () => {
    const { policy: city } = resolvePolicy([{ tenant: '445200', level: 'city', override: { registrationWindowWorkingDays: 3 } }], { sandbox: false });
    const problems = validatePolicyOverride({ registrationWindowWorkingDays: 2 }, city, { sandbox: false, level: 'county' });
    expect(problems).toEqual([
      {
        path: 'registrationWindowWorkingDays',
        code: 'policy.below-parent-minimum',
        message: { zh: '报名期不得低于上级设定的 3 个工作日', en: "The registration window must not be below the level above's 3 working days" },
      },
    ]);
  });

  it('objection decision: 7 working days is a legal ceiling (政府采购法 第五十三条) even for the province', () => {
    expect(codes(validatePolicyOverride({ objectionDecisionWorkingDays: 8 }, null, { sandbox: false }))).toEqual(['policy.outside-absolute-bounds@objectionDecisionWorkingDays']);
  });

  it('publicity: never below 3 (招标投标法实施条例 第五十四条)', () => {
    expect(codes(validatePolicyOverride({ publicityWorkingDays: 2 }, null, { sandbox: false }))).toEqual(['policy.outside-absolute-bounds@publicityWorkingDays']);
  });

  it('mandatory-use threshold: shown in yuan when lowered below the parent', () => {
    const [p] = validatePolicyOverride({ mandatoryUseBelowFen: 30_000_000 }, DEFAULT_TENANT_POLICY, { sandbox: false, level: 'city' });
    expect(p.code).toBe('policy.below-parent-minimum');
    expect(p.message).toEqual({ zh: '财政性资金强制进场限额不得低于上级设定的 500,000 元', en: "The mandatory-use threshold for fiscal funds must not be below the level above's ¥500,000" });
  });
});

describe('methods allowed: subset of the parent', () => {
  const { policy: province } = resolvePolicy([{ tenant: '440000', level: 'province', override: { methodsAllowed: { fiscal: ['random', 'lowest-price'] } } }], { sandbox: false });

  it('lets a county withhold a method', () => {
    expect(validatePolicyOverride({ methodsAllowed: { fiscal: ['random'], social: ['random', 'direct'] } }, province, { sandbox: false, level: 'county' })).toEqual([]);
  });

  it('refuses a method the level above withheld', () => {
    const problems = validatePolicyOverride({ methodsAllowed: { fiscal: ['random', 'best-value', 'direct'] } }, province, { sandbox: false, level: 'county' });
    expect(codes(problems)).toEqual(['policy.method-not-allowed-by-parent@methodsAllowed.fiscal']);
    expect(problems[0].message.en).toContain('best-value, direct');
  });

  it('refuses an empty list, a duplicate and an unknown method', () => {
    expect(codes(validatePolicyOverride({ methodsAllowed: { fiscal: [] } }, province, { sandbox: false }))).toEqual(['policy.no-method-allowed@methodsAllowed.fiscal']);
    expect(codes(validatePolicyOverride({ methodsAllowed: { fiscal: ['random', 'random'] } }, province, { sandbox: false }))).toEqual(['policy.duplicate-entry@methodsAllowed.fiscal']);
    expect(codes(validatePolicyOverride({ methodsAllowed: { social: ['lottery'] } }, province, { sandbox: false }))).toEqual(['policy.invalid-value@methodsAllowed.social.0']);
  });
});

describe('province-only settings (admission is province-wide: 一地入驻、全省通行)', () => {
  it.each(['autoAdmitOnVerification', 'socialSecurityMonths'] as const)('%s: the province may set it, a city or county may not', (path) => {
    const value = path === 'autoAdmitOnVerification' ? false : 6;
    expect(validatePolicyOverride({ [path]: value }, null, { sandbox: false, level: 'province' })).toEqual([]);
    for (const level of ['city', 'county'] as const) {
      const problems = validatePolicyOverride({ [path]: value }, DEFAULT_TENANT_POLICY, { sandbox: false, level });
      expect(codes(problems)).toEqual([`policy.province-only@${path}`]);
      expect(problems[0].message.zh).toMatch(/由省级统一设定/);
    }
  });
});

describe('time accelerator: sandbox tenants only', () => {
  it('is refused for a production tenant, accepted for a sandbox one', () => {
    expect(codes(validatePolicyOverride({ timeAccelerator: 1440 }, DEFAULT_TENANT_POLICY, { sandbox: false, level: 'county' }))).toEqual(['policy.sandbox-only@timeAccelerator']);
    expect(validatePolicyOverride({ timeAccelerator: 1440 }, DEFAULT_TENANT_POLICY, { sandbox: true, level: 'county' })).toEqual([]);
    expect(validatePolicyOverride({ timeAccelerator: 1 }, DEFAULT_TENANT_POLICY, { sandbox: false, level: 'county' })).toEqual([]);
    expect(validatePolicyOverride({ timeAccelerator: 86_400 }, null, { sandbox: true })).toEqual([]);
    expect(codes(validatePolicyOverride({ timeAccelerator: 86_401 }, null, { sandbox: true }))).toEqual(['policy.outside-absolute-bounds@timeAccelerator']);
    expect(codes(validatePolicyOverride({ timeAccelerator: 0 }, null, { sandbox: true }))).toEqual(['policy.outside-absolute-bounds@timeAccelerator']);
  });

  it('has no parent relation: a sandbox county may go faster or slower than its city', () => {
    const { policy: city } = resolvePolicy([{ tenant: '445200', level: 'city', override: { timeAccelerator: 1440 } }], { sandbox: true });
    expect(validatePolicyOverride({ timeAccelerator: 60 }, city, { sandbox: true, level: 'county' })).toEqual([]);
    expect(validatePolicyOverride({ timeAccelerator: 10_080 }, city, { sandbox: true, level: 'county' })).toEqual([]);
  });
});

describe('calendar overrides: added to the parent, never contradicting it', () => {
  const { policy: city } = resolvePolicy(
    [{ tenant: '445200', level: 'city', override: { calendarOverrides: { extraHolidays: [{ date: '2026-03-09', reason: '市防汛应急' }] } } }],
    { sandbox: false },
  );

  it('accepts a county closure and a local make-up Saturday', () => {
    const override = { calendarOverrides: { extraHolidays: [{ date: '2026-03-10', reason: '县庆' }], extraWorkdays: [{ date: '2026-03-07', reason: '县内调休' }] } };
    expect(validatePolicyOverride(override, city, { sandbox: false, level: 'county' })).toEqual([]);
  });

  it('refuses working on a day the city closed', () => {
    const problems = validatePolicyOverride({ calendarOverrides: { extraWorkdays: [{ date: '2026-03-09', reason: 'x' }] } }, city, { sandbox: false, level: 'county' });
    expect(codes(problems)).toEqual(['policy.calendar-conflicts-with-parent@calendarOverrides.extraWorkdays.0.date']);
  });

  it('refuses making a national holiday a working day, announced or statutory', () => {
    expect(codes(validatePolicyOverride({ calendarOverrides: { extraWorkdays: [{ date: '2026-10-02', reason: 'x' }] } }, null, { sandbox: false }))).toEqual([
      'policy.workday-on-national-holiday@calendarOverrides.extraWorkdays.0.date',
    ]);
    expect(codes(validatePolicyOverride({ calendarOverrides: { extraWorkdays: [{ date: '2027-05-01', reason: 'x' }] } }, null, { sandbox: false }))).toEqual([
      'policy.workday-on-national-holiday@calendarOverrides.extraWorkdays.0.date',
    ]);
  });

  it('refuses a day both off and on, a date twice, an impossible date, an empty reason', () => {
    const day = { date: '2026-03-07', reason: 'x' };
    expect(codes(validatePolicyOverride({ calendarOverrides: { extraHolidays: [day], extraWorkdays: [day] } }, null, { sandbox: false }))).toEqual([
      'policy.calendar-day-conflict@calendarOverrides.extraWorkdays.0.date',
    ]);
    expect(codes(validatePolicyOverride({ calendarOverrides: { extraHolidays: [day, day] } }, null, { sandbox: false }))).toEqual(['policy.duplicate-entry@calendarOverrides.extraHolidays']);
    expect(codes(validatePolicyOverride({ calendarOverrides: { extraHolidays: [{ date: '2026-02-30', reason: 'x' }] } }, null, { sandbox: false }))).toEqual([
      'policy.invalid-date@calendarOverrides.extraHolidays.0.date',
    ]);
    expect(codes(validatePolicyOverride({ calendarOverrides: { extraHolidays: [{ date: '2026-03-07', reason: '  ' }] } }, null, { sandbox: false }))).toEqual([
      'policy.invalid-value@calendarOverrides.extraHolidays.0.reason',
    ]);
  });
});

describe('unknown fields and wrong shapes', () => {
  it('refuses unknown settings at every depth (strict objects)', () => {
    const problems = validatePolicyOverride(
      {
        registrationWindow: 3,
        minEligibleRegistrants: { random: 3, lottery: 2 },
        calendarOverrides: { extraHolidays: [{ date: '2026-03-09', reason: 'x', setBy: '445200' }] },
      },
      null,
      { sandbox: false },
    );
    expect(codes(problems).sort()).toEqual([
      'policy.unknown-field@calendarOverrides.extraHolidays.0.setBy',
      'policy.unknown-field@minEligibleRegistrants.lottery',
      'policy.unknown-field@registrationWindow',
    ]);
    expect(problems.find((p) => p.path === 'registrationWindow')?.message).toEqual({ zh: '不允许的策略项：registrationWindow', en: 'Unknown policy setting: registrationWindow' });
  });

  it('still checks the valid settings beside an unknown one', () => {
    const problems = validatePolicyOverride({ bogus: true, registrationWindowWorkingDays: 1 }, DEFAULT_TENANT_POLICY, { sandbox: false, level: 'county' });
    expect(codes(problems).sort()).toEqual(['policy.outside-absolute-bounds@registrationWindowWorkingDays', 'policy.unknown-field@bogus']);
  });

  it('refuses a body that is not an object, and wrong types', () => {
    expect(codes(validatePolicyOverride([], null, { sandbox: false }))).toEqual(['policy.invalid-type@']);
    expect(codes(validatePolicyOverride(null, null, { sandbox: false }))).toEqual(['policy.invalid-type@']);
    expect(codes(validatePolicyOverride({ autoAdmitOnVerification: 'yes' }, null, { sandbox: false }))).toEqual(['policy.invalid-type@autoAdmitOnVerification']);
    expect(codes(validatePolicyOverride({ minEligibleRegistrants: 3 }, null, { sandbox: false }))).toEqual(['policy.invalid-type@minEligibleRegistrants']);
  });

  it('accepts an empty override (inherit everything)', () => {
    expect(validatePolicyOverride({}, DEFAULT_TENANT_POLICY, { sandbox: false, level: 'county' })).toEqual([]);
  });
});

describe('direct choice stays below the mandatory-use threshold', () => {
  it('refuses a province ceiling above its own threshold', () => {
    const problems = validatePolicyOverride({ directChoiceMaxFen: 10_000_000, mandatoryUseBelowFen: 5_000_000 }, null, { sandbox: false });
    expect(codes(problems)).toEqual(['policy.direct-choice-above-mandatory-threshold@directChoiceMaxFen']);
    expect(problems[0].message.zh).toBe('直接选取限额（100,000 元）不得高于财政性资金强制进场限额（50,000 元）');
  });

  it('accepts an equal or lower ceiling', () => {
    expect(validatePolicyOverride({ directChoiceMaxFen: 5_000_000, mandatoryUseBelowFen: 5_000_000 }, null, { sandbox: false })).toEqual([]);
  });
});
