import type { LocalDayOverride } from '../calendar/calendar-overrides.ts';
import { type CreditPolicy, mergeCreditPolicy } from './credit-policy.ts';
import { clonePolicy, readSetting, settingOfPath, writeSetting } from './policy-paths.ts';
import type { PolicyProblem } from './policy-problem.ts';
import { POLICY_PATHS, POLICY_RULES, type PolicyPath } from './policy-rules.ts';
import { POLICY_LEVELS, type PolicyLevel } from './selection-method.ts';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from './tenant-policy.ts';
import { validatePolicyOverride } from './validate-policy-override.ts';

/** One level's stored override, as kept by the tenancy store. */
export interface PolicyLevelOverride {
  /** GB/T 2260 code of the tenant that stored it. */
  tenant: string;
  level: PolicyLevel;
  /** The stored body (PolicyOverrideSchema); typed `unknown` because stored data is re-checked on every resolve. */
  override: unknown;
}

/** Who set a setting's effective value: a level's tenant, or the platform default. */
export type PolicySource = { level: PolicyLevel; tenant: string } | { level: 'default'; tenant: null };

/** A problem found in a stored override while resolving (e.g. the city tightened after the county saved). */
export interface ResolutionProblem extends PolicyProblem {
  tenant: string;
  level: PolicyLevel;
}

export interface ResolvedPolicy {
  policy: TenantPolicy;
  /** For every setting path, which level set the effective value (for calendar lists: the deepest level that added days). */
  sources: Record<PolicyPath, PolicySource>;
  /** Settings that were ignored because they broke a bound; the effective value is then the level above's. */
  problems: ResolutionProblem[];
}

export class PolicyChainError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyChainError';
  }
}

const rank = (level: PolicyLevel) => POLICY_LEVELS.indexOf(level);

/**
 * The effective policy of the last level in `levels` (ordered province → city → county; any level may be
 * missing, e.g. a city that never stored an override). Starting from the platform defaults, each level's
 * override is validated against the effective policy above it and applied setting by setting; a setting that
 * breaks a bound — possible for stored data when a level above tightened later — is ignored and reported, so
 * the effective policy always respects every bound. Pure: the caller loads the overrides and passes whether
 * the target tenant is a sandbox (time acceleration stays 1 otherwise, whatever is stored).
 */
export function resolvePolicy(levels: readonly PolicyLevelOverride[], opts: { sandbox: boolean }): ResolvedPolicy {
  levels.forEach((l, i) => {
    if (!POLICY_LEVELS.includes(l.level)) throw new PolicyChainError(`Unknown policy level: ${String(l.level)}`);
    if (i > 0 && rank(l.level) <= rank(levels[i - 1].level)) {
      throw new PolicyChainError(`Policy levels must run province → city → county, got ${levels.map((x) => x.level).join(' → ')}`);
    }
  });

  const policy = clonePolicy(DEFAULT_TENANT_POLICY);
  const sources = Object.fromEntries(POLICY_PATHS.map((p) => [p, { level: 'default', tenant: null }])) as Record<PolicyPath, PolicySource>;
  const problems: ResolutionProblem[] = [];

  for (const { tenant, level, override } of levels) {
    const parent = level === 'province' ? null : clonePolicy(policy);
    const found = validatePolicyOverride(override, parent, { sandbox: opts.sandbox, level });
    problems.push(...found.map((p) => ({ ...p, tenant, level })));
    const rejected = new Set(found.map((p) => settingOfPath(p.path)));

    for (const path of POLICY_PATHS) {
      const value = readSetting(override, path);
      if (value === undefined || rejected.has(path)) continue;
      if (POLICY_RULES[path].kind === 'local-days') {
        const added = (value as LocalDayOverride[]).map((d) => ({ date: d.date, reason: d.reason.trim(), setBy: tenant }));
        if (added.length === 0) continue;
        const merged = [...(readSetting(policy, path) as LocalDayOverride[]), ...added];
        const byDate = new Map(merged.map((d) => [d.date, d])); // same date twice: the nearer level's reason
        writeSetting(policy, path, [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)));
      } else if (POLICY_RULES[path].kind === 'credit') {
        writeSetting(policy, path, mergeCreditPolicy(policy.credit, structuredClone(value) as Partial<CreditPolicy>));
      } else {
        writeSetting(policy, path, Array.isArray(value) ? [...value] : value);
      }
      sources[path] = { level, tenant };
    }
  }
  return { policy, sources, problems };
}
