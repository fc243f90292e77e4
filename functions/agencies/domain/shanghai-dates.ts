import { type InstantInput, type LocalDate, dayNumberOf, epochMsOf, formatShanghaiInstant, localDateOf } from '#functions/tenancy/domain/calendar/local-date.ts';

/**
 * The few date facts the agencies domain needs, in Asia/Shanghai (北京时间) like every date of the platform:
 * certificates are valid "至 YYYY-MM-DD" in local days, and social-security proofs are by calendar month.
 */
export type YearMonth = string;

/** The Shanghai calendar day of an instant (an ISO 8601 text with offset, or a Date). */
export function shanghaiDateOf(at: InstantInput): LocalDate {
  return formatShanghaiInstant(epochMsOf(at)).slice(0, 10);
}

/** The instant as a Shanghai ISO text, so every stored time reads the same way. */
export function shanghaiInstant(at: InstantInput): string {
  return formatShanghaiInstant(epochMsOf(at));
}

export function epochMs(at: InstantInput): number {
  return epochMsOf(at);
}

/**
 * The `n` whole calendar months before the month of `date`, oldest first: 2026-03-15, 3 →
 * [2025-12, 2026-01, 2026-02]. The month of submission itself is not asked for: its contributions are
 * usually not yet posted when an agency applies mid-month.
 */
export function monthsBefore(date: LocalDate, n: number): YearMonth[] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const out: YearMonth[] = [];
  for (let back = n; back >= 1; back--) {
    const index = year * 12 + (month - 1) - back;
    out.push(`${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return localDateOf(dayNumberOf(date) + days);
}
