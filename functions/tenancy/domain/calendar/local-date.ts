/**
 * Dates and instants in China Standard Time (Asia/Shanghai, 北京时间).
 *
 * Why a fixed +08:00 offset instead of a time-zone database: China has observed a single offset,
 * UTC+8, with no daylight saving time since September 1991 (DST was used 1986–1991 only), and every
 * date this calendar knows is from 2008 on. A fixed offset is therefore exact for our range, needs no
 * ICU/tzdata in the Lambda runtime, and gives the same answer on every machine whatever its TZ.
 *
 * Two representations:
 *  - `LocalDate`: a calendar day in Shanghai, `YYYY-MM-DD` (what holiday notices list);
 *  - an instant: a `Date` or an ISO 8601 string **with** an offset (`Z` or `±hh:mm`); strings without
 *    an offset are refused because they do not name one instant.
 * Internally a day is an integer "day number" (days since 1970-01-01 in Shanghai), so arithmetic is exact.
 */

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

/** Something that names one instant: a Date, or ISO 8601 text with an offset. */
export type InstantInput = Date | string;

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Sunday 0 … Saturday 6, as `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidDateError extends RangeError {
  constructor(readonly input: unknown, reason: string) {
    super(`${reason}: ${String(input)}`);
    this.name = 'InvalidDateError';
  }
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

export function isCalendarDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  return match !== null && validYmd(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
export function dayNumberOf(date: LocalDate): number {
  const match = LOCAL_DATE.exec(date);
  if (!match || !validYmd(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new InvalidDateError(date, 'Not a calendar date (YYYY-MM-DD)');
  }
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

export function localDateOf(dayNumber: number): LocalDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

export function yearOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

/** Milliseconds since the epoch of an instant; refuses text without an offset and impossible dates. */
export function epochMsOf(input: InstantInput): number {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw new InvalidDateError(input, 'Invalid Date');
    return ms;
  }
  if (typeof input !== 'string') throw new InvalidDateError(input, 'Not a Date or an ISO 8601 string');
  const match = ISO_INSTANT.exec(input);
  if (!match) throw new InvalidDateError(input, 'Not an ISO 8601 instant with an offset (e.g. 2026-02-13T10:00:00+08:00)');
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset] = match;
  if (!validYmd(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new InvalidDateError(input, 'Impossible date or time');
  }
  // Sub-millisecond digits are truncated: an instant is never moved later than it was.
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  let offsetMs = 0;
  if (offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const [oh, om] = offset.slice(1).split(':').map(Number);
    if (oh > 23 || om > 59) throw new InvalidDateError(input, 'Impossible offset');
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis) - offsetMs;
}

/** The Shanghai calendar day an instant falls on (an instant at 00:00 belongs to the day it begins). */
export function shanghaiDayNumberOf(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant a Shanghai day begins (its 00:00:00.000+08:00). */
export function startOfShanghaiDay(dayNumber: number): number {
  return dayNumber * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** ISO 8601 in Shanghai time with an explicit offset: `2026-02-24T00:00:00.000+08:00`. */
export function formatShanghaiInstant(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/**
 * The day number a `LocalDate` or an instant designates: a `YYYY-MM-DD` string is that Shanghai day,
 * an instant is the Shanghai day it falls on.
 */
export function dayNumberOfDateOrInstant(input: LocalDate | InstantInput): number {
  if (typeof input === 'string' && LOCAL_DATE.test(input)) return dayNumberOf(input);
  return shanghaiDayNumberOf(epochMsOf(input));
}
