import { createWorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { LocalDayOverride } from '../calendar/calendar-overrides.ts';
import { readSetting, settingOfPath, writeSetting, clonePolicy } from './policy-paths.ts';
import { PolicyOverrideSchema } from './policy-override-schema.ts';
import { type PolicyProblem, formatQuantity, problem, problemsFromSchemaIssues } from './policy-problem.ts';
import { POLICY_PATHS, POLICY_RULES, type PolicyPath } from './policy-rules.ts';
import type { PolicyLevel, SelectionMethod } from './selection-method.ts';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from './tenant-policy.ts';

export interface PolicyValidationOptions {
  /** Whether the tenant whose override this is is a sandbox tenant (may accelerate time). */
  sandbox: boolean;
  /** The level the override belongs to; when omitted: `province` without a parent, else below the province. */
  level?: PolicyLevel;
}

const nationalCalendar = createWorkingDayCalendar();

/**
 * Every problem with one level's override, field by field: the schema (unknown settings, types, absolute
 * bounds), then the direction of each setting against the parent's effective policy (policy-rules.ts), then
 * the cross-field rule (direct choice stays below the mandatory-use threshold). `parentEffective` is the
 * resolved policy of the level above, or `null` for the province (absolute bounds only). Empty = acceptable.
 */
export function validatePolicyOverride(override: unknown, parentEffective: TenantPolicy | null, opts: PolicyValidationOptions): PolicyProblem[] {
  const level: PolicyLevel = opts.level ?? (parentEffective ? 'county' : 'province');
  const parent = level === 'province' ? null : (parentEffective ?? DEFAULT_TENANT_POLICY);
  const parsed = PolicyOverrideSchema.safeParse(override);
  const problems = parsed.success ? [] : problemsFromSchemaIssues(parsed.error.issues);
  const invalid = new Set(problems.map((p) => settingOfPath(p.path)).filter((p) => p !== undefined));

  const present = POLICY_PATHS.filter((path) => readSetting(override, path) !== undefined && !invalid.has(path));
  for (const path of present) {
    problems.push(...checkDirection(path, readSetting(override, path), parent, level, opts.sandbox));
  }
  if (present.includes('calendarOverrides.extraHolidays') && present.includes('calendarOverrides.extraWorkdays')) {
    problems.push(...crossListConflicts(override));
  }

  // Cross-field: direct choice is an exception inside the mandatory range, never above it.
  const candidate = clonePolicy(parent ?? DEFAULT_TENANT_POLICY);
  for (const path of present) writeSetting(candidate, path, readSetting(override, path));
  if (candidate.directChoiceMaxFen > candidate.mandatoryUseBelowFen) {
    const at: PolicyPath = present.includes('directChoiceMaxFen') ? 'directChoiceMaxFen' : 'mandatoryUseBelowFen';
    if (present.includes(at) && !problems.some((p) => p.path === at)) {
      const direct = formatQuantity(candidate.directChoiceMaxFen, 'fen');
      const mandatory = formatQuantity(candidate.mandatoryUseBelowFen, 'fen');
      problems.push(
        problem(
          at,
          'policy.direct-choice-above-mandatory-threshold',
          `直接选取限额（${direct.zh}）不得高于财政性资金强制进场限额（${mandatory.zh}）`,
          `The direct-choice ceiling (${direct.en}) must not exceed the mandatory-use threshold (${mandatory.en})`,
        ),
      );
    }
  }
  return problems;
}

function checkDirection(path: PolicyPath, value: unknown, parent: TenantPolicy | null, level: PolicyLevel, sandbox: boolean): PolicyProblem[] {
  const rule = POLICY_RULES[path];
  const label = rule.label;
  switch (rule.direction) {
    case 'province-only':
      return level === 'province'
        ? []
        : [problem(path, 'policy.province-only', `${label.zh}由省级统一设定，市、县不得修改`, `${label.en} is set by the province for the whole province; cities and counties cannot change it`)];
    case 'sandbox-only':
      return sandbox || value === 1
        ? []
        : [problem(path, 'policy.sandbox-only', `只有沙箱租户可以设置${label.zh}`, `Only sandbox tenants may set the ${label.en}`)];
    case 'not-below-parent': {
      if (!parent || rule.kind !== 'integer') return [];
      const floor = readSetting(parent, path) as number;
      if ((value as number) >= floor) return [];
      const q = formatQuantity(floor, rule.unit);
      return [problem(path, 'policy.below-parent-minimum', `${label.zh}不得低于上级设定的 ${q.zh}`, `The ${label.en} must not be below the level above's ${q.en}`)];
    }
    case 'not-above-parent': {
      if (!parent || rule.kind !== 'integer') return [];
      const ceiling = readSetting(parent, path) as number;
      if ((value as number) <= ceiling) return [];
      const q = formatQuantity(ceiling, rule.unit);
      return [problem(path, 'policy.above-parent-maximum', `${label.zh}不得高于上级设定的 ${q.zh}`, `The ${label.en} must not exceed the level above's ${q.en}`)];
    }
    case 'subset-of-parent': {
      if (!parent) return [];
      const allowed = new Set(readSetting(parent, path) as readonly SelectionMethod[]);
      const extra = (value as SelectionMethod[]).filter((m) => !allowed.has(m));
      if (extra.length === 0) return [];
      return [
        problem(
          path,
          'policy.method-not-allowed-by-parent',
          `上级未允许的选取方式不得启用：${extra.join('、')}`,
          `Methods the level above does not allow cannot be enabled: ${extra.join(', ')}`,
        ),
      ];
    }
    case 'adds-to-parent':
      return checkLocalDays(path, value as LocalDayOverride[], parent);
  }
}

/** Local calendar days: no day both off and on, nothing contradicting the parent, no work on a national holiday. */
function checkLocalDays(path: PolicyPath, days: readonly LocalDayOverride[], parent: TenantPolicy | null): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const holidays = path === 'calendarOverrides.extraHolidays';
  const parentOpposite = new Set(
    (parent ? (holidays ? parent.calendarOverrides.extraWorkdays : parent.calendarOverrides.extraHolidays) : []).map((d) => d.date),
  );
  days.forEach((day, index) => {
    const at = `${path}.${index}.date`;
    if (parentOpposite.has(day.date)) {
      problems.push(
        problem(
          at,
          'policy.calendar-conflicts-with-parent',
          `${day.date} 已被上级设为${holidays ? '工作日' : '休息日'}，不得改变`,
          `${day.date} is already a ${holidays ? 'working day' : 'holiday'} by the level above and cannot be changed`,
        ),
      );
    }
    if (!holidays) {
      const kind = nationalCalendar.describeDay(day.date).kind;
      if (kind === 'national-holiday' || kind === 'statutory-holiday') {
        problems.push(
          problem(at, 'policy.workday-on-national-holiday', `${day.date} 是国家法定节假日，不得设为工作日`, `${day.date} is a national holiday and cannot be made a working day`),
        );
      }
    }
  });
  return problems;
}

/** Same-date conflicts between the two lists of one override (reported on the working-day list). */
function crossListConflicts(override: unknown): PolicyProblem[] {
  const holidays = readSetting(override, 'calendarOverrides.extraHolidays');
  const workdays = readSetting(override, 'calendarOverrides.extraWorkdays');
  if (!Array.isArray(holidays) || !Array.isArray(workdays)) return [];
  const off = new Set(holidays.map((d: { date?: unknown }) => d?.date));
  const out: PolicyProblem[] = [];
  workdays.forEach((d: { date?: unknown }, index) => {
    if (typeof d?.date === 'string' && off.has(d.date)) {
      out.push(
        problem(
          `calendarOverrides.extraWorkdays.${index}.date`,
          'policy.calendar-day-conflict',
          `${d.date} 不能同时设为休息日和工作日`,
          `${d.date} cannot be both a holiday and a working day`,
        ),
      );
    }
  });
  return out;
}
