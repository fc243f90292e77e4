import { POLICY_PATHS, type PolicyPath } from './policy-rules.ts';
import type { TenantPolicy } from './tenant-policy.ts';

/**
 * Settings are addressed by dotted paths (`minEligibleRegistrants.random`, `calendarOverrides.extraHolidays`)
 * — the same paths as the rules table, the problems' `path` and the resolver's `sources`.
 */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a setting's path, or `undefined` when absent (or when a container on the way is not an object). */
export function readSetting(source: unknown, path: PolicyPath): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** Sets a setting on a policy being built (the caller owns `policy`). */
export function writeSetting(policy: TenantPolicy, path: PolicyPath, value: unknown): void {
  const keys = path.split('.');
  let container = policy as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) container = container[key] as Record<string, unknown>;
  container[keys[keys.length - 1]] = value;
}

/** The setting a problem path belongs to (`calendarOverrides.extraHolidays.3.date` → `calendarOverrides.extraHolidays`). */
export function settingOfPath(path: string): PolicyPath | undefined {
  return POLICY_PATHS.find((p) => path === p || path.startsWith(`${p}.`));
}

export function clonePolicy(policy: TenantPolicy): TenantPolicy {
  return structuredClone(policy) as TenantPolicy;
}
