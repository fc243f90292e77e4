import { CN_HOLIDAYS_2024 } from './cn-holidays-2024.ts';
import { CN_HOLIDAYS_2025 } from './cn-holidays-2025.ts';
import { CN_HOLIDAYS_2026 } from './cn-holidays-2026.ts';
import type { HolidayYear } from './holiday-year.ts';

/**
 * Every year whose 国务院办公厅 notice has been verified, oldest first. To add a year: create
 * `cn-holidays-<year>.ts` from the notice (dates, 发文字号, date of issue), list it here; the unit tests
 * check it (in its year, make-up days on weekends, no day both off and on).
 *
 * Not listed on purpose: 2027 — no notice could be verified when this was written (the notice for year Y
 * usually appears in Oct–Dec of Y-1). Until it is added, dates in 2027 are computed provisionally.
 */
export const NATIONAL_HOLIDAY_YEARS: readonly HolidayYear[] = [CN_HOLIDAYS_2024, CN_HOLIDAYS_2025, CN_HOLIDAYS_2026];

/**
 * The version of a set of years, e.g. `CN-2024.1+2025.1+2026.1`: derived, so that a new year or a corrected
 * one can never be released under an old version string.
 */
export function nationalCalendarVersion(years: readonly HolidayYear[]): string {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  return `CN-${sorted.map((y) => y.version.replace(/^CN-/, '')).join('+')}`;
}

export const NATIONAL_CALENDAR_VERSION = nationalCalendarVersion(NATIONAL_HOLIDAY_YEARS);
