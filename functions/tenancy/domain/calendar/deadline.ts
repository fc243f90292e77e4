import {
  DAY_MS,
  type InstantInput,
  type LocalDate,
  SHANGHAI_OFFSET_MS,
  dayNumberOfDateOrInstant,
  epochMsOf,
  formatShanghaiInstant,
  localDateOf,
  startOfShanghaiDay,
} from './local-date.ts';

/**
 * How a period of working days is counted. One rule today; the name is stored with every deadline so a
 * later rule (e.g. an hour-based one) can be added without re-reading old deadlines differently.
 *
 * `civil-code-201` — 《中华人民共和国民法典》 第一编 第十章 期间计算:
 *  - 第二百零一条: a period counted in days does not count the day on which it begins (开始的当日不计入);
 *    counting starts the next day;
 *  - 第二百零三条: the last day of a period ends at 24:00 (截止时间为二十四时), and a last day that is a
 *    statutory rest day moves to the next day after the rest — with working days only counted, the last
 *    day is always a working day, so that move is built in;
 *  - here only working days (工作日) count, because the tenant policy expresses its windows in working days.
 * The result `at` is 24:00 of the n-th working day, written as the next day's 00:00:00.000+08:00, and means
 * "allowed strictly before `at`": a registration at `at` minus 1 ms is in time, one at `at` is late.
 */
export type DeadlineRule = 'civil-code-201';
export const DEFAULT_DEADLINE_RULE: DeadlineRule = 'civil-code-201';
export const DEADLINE_RULES: readonly DeadlineRule[] = ['civil-code-201'];

/** Longest period accepted (about 8 years of working days): a guard against runaway loops, not a legal limit. */
export const MAX_WORKING_DAYS = 2000;

export interface Deadline {
  /** End of the period, exclusive: 00:00:00.000+08:00 of the day after the last working day. */
  at: string;
  rule: DeadlineRule;
  /** The calendar that produced it (national data version and tenant overrides), see `WorkingDayCalendar.version`. */
  calendarVersion: string;
  /** True when a counted day lies in a year without a verified 国务院办公厅 notice: recompute once it is published. */
  provisional: boolean;
  workingDays: number;
  /** The starting instant, in Shanghai time. */
  from: string;
  /** The n-th working day (the period's last day, which ends at 24:00), `YYYY-MM-DD`. */
  lastDay: LocalDate;
}

/** What the counting needs to know about a day (by day number, see local-date.ts). */
export interface DayClassifier {
  readonly version: string;
  isWorkingDayNumber(dayNumber: number): boolean;
  isProvisionalDayNumber(dayNumber: number): boolean;
}

/**
 * The day a period starting at this instant begins on, with days running (00:00, 24:00]. An instant at
 * exactly 00:00:00.000 is 24:00 of the day before, which is how `at` is written: so a period that starts at
 * another period's deadline starts on that period's last day, and chained periods add up
 * (n working days, then m more, is n + m working days).
 */
function startDayOf(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS - 1) / DAY_MS);
}

/** The last whole Shanghai day that has ended by this instant. */
function lastEndedDayOf(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS) - 1;
}

export function addWorkingDaysOn(days: DayClassifier, from: InstantInput, n: number, rule: DeadlineRule = DEFAULT_DEADLINE_RULE): Deadline {
  if (!DEADLINE_RULES.includes(rule)) throw new RangeError(`Unknown deadline rule: ${String(rule)}`);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`A period is 1…${MAX_WORKING_DAYS} working days, not ${n}`);
  }
  const fromMs = epochMsOf(from);
  let day = startDayOf(fromMs);
  let counted = 0;
  let provisional = false;
  while (counted < n) {
    day += 1;
    if (days.isProvisionalDayNumber(day)) provisional = true;
    if (days.isWorkingDayNumber(day)) counted += 1;
  }
  return {
    at: formatShanghaiInstant(startOfShanghaiDay(day + 1)),
    rule,
    calendarVersion: days.version,
    provisional,
    workingDays: n,
    from: formatShanghaiInstant(fromMs),
    lastDay: localDateOf(day),
  };
}

/**
 * Working days wholly inside (a, b], counted as `civil-code-201` counts them: the day `a` falls on is not
 * counted, a day counts once its 24:00 is not after `b`. So `workingDaysBetween(from, addWorkingDays(from, n).at)`
 * is n, and lateness is `workingDaysBetween(due, done)`. Zero when `b` is not after `a`.
 */
export function workingDaysBetweenOn(days: DayClassifier, a: InstantInput, b: InstantInput): number {
  const first = startDayOf(epochMsOf(a)) + 1;
  const last = lastEndedDayOf(epochMsOf(b));
  let count = 0;
  for (let day = first; day <= last; day++) if (days.isWorkingDayNumber(day)) count += 1;
  return count;
}

/** The first working day after the given day (a `YYYY-MM-DD` date, or the Shanghai day of an instant). */
export function nextWorkingDayOn(days: DayClassifier, date: LocalDate | InstantInput): LocalDate {
  let day = dayNumberOfDateOrInstant(date) + 1;
  while (!days.isWorkingDayNumber(day)) day += 1;
  return localDateOf(day);
}
