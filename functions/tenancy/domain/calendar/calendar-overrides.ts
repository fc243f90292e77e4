import { createHash } from 'node:crypto';
import { type LocalDate, isCalendarDate } from './local-date.ts';

/**
 * A tenant's own changes to the national calendar (本地调整), carried by tenant policy: a county may close
 * for a local event (e.g. a flood, a local festival in an autonomous area) or work on a weekend it
 * arranged locally. They win over the national data for that tenant only.
 */
export interface LocalDayOverride {
  date: LocalDate;
  /** Why, for the public record (shown next to any deadline it moved). */
  reason: string;
  /** The tenant (GB/T 2260 code) whose policy declared it, once policy inheritance has merged the levels. */
  setBy?: string;
}

export interface CalendarOverrides {
  extraHolidays: readonly LocalDayOverride[];
  extraWorkdays: readonly LocalDayOverride[];
}

export const NO_CALENDAR_OVERRIDES: CalendarOverrides = { extraHolidays: [], extraWorkdays: [] };

export class CalendarOverrideError extends RangeError {
  constructor(readonly date: string, message: string) {
    super(message);
    this.name = 'CalendarOverrideError';
  }
}

/** Refuses malformed dates and a day that is declared both a holiday and a working day. */
export function assertConsistentOverrides(overrides: CalendarOverrides): void {
  const holidays = new Set<string>();
  for (const { date } of overrides.extraHolidays) {
    if (!isCalendarDate(date)) throw new CalendarOverrideError(String(date), `Not a calendar date (YYYY-MM-DD): ${String(date)}`);
    holidays.add(date);
  }
  for (const { date } of overrides.extraWorkdays) {
    if (!isCalendarDate(date)) throw new CalendarOverrideError(String(date), `Not a calendar date (YYYY-MM-DD): ${String(date)}`);
    if (holidays.has(date)) throw new CalendarOverrideError(date, `${date} is both an extra holiday and an extra working day`);
  }
}

/**
 * A short, stable fingerprint of what the overrides change, or `null` when they change nothing.
 * Only the dates and their kind count — not the reasons or who set them — because the fingerprint
 * names the computation: two tenants closing the same days compute the same deadlines.
 * (SHA-256 truncated to 10 hex digits: a label, not a security property.)
 */
export function overridesFingerprint(overrides: CalendarOverrides): string | null {
  const lines = [
    ...overrides.extraHolidays.map((o) => `H ${o.date}`),
    ...overrides.extraWorkdays.map((o) => `W ${o.date}`),
  ];
  const unique = [...new Set(lines)].sort();
  if (unique.length === 0) return null;
  return createHash('sha256').update(unique.join('\n'), 'utf8').digest('hex').slice(0, 10);
}
