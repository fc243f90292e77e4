import { type CalendarOverrides, NO_CALENDAR_OVERRIDES, assertConsistentOverrides, overridesFingerprint } from './calendar-overrides.ts';
import {
  type Deadline,
  type DeadlineRule,
  type DayClassifier,
  addWorkingDaysOn,
  nextWorkingDayOn,
  workingDaysBetweenOn,
} from './deadline.ts';
import type { HolidayYear } from './holiday-year.ts';
import { type InstantInput, type LocalDate, dayNumberOf, dayNumberOfDateOrInstant, isWeekend, localDateOf, yearOf } from './local-date.ts';
import { NATIONAL_HOLIDAY_YEARS, nationalCalendarVersion } from './national-holidays.ts';
import { EARLIEST_SUPPORTED_YEAR, fixedDateStatutoryHolidays } from './statutory-holidays.ts';

/**
 * The working-day calendar (工作日历) of one tenant: China's national holidays and 调休 from the
 * 国务院办公厅 notices, plus the tenant's own overrides (from its policy). A day is a working day when
 *  1. the tenant declared it an extra holiday → no; an extra working day → yes (overrides win);
 *  2. its year has a notice: listed as a day off → no; listed as a make-up working day → yes;
 *  3. its year has no notice: a fixed-date statutory holiday (元旦, 劳动节, 国庆节) → no — **provisional**;
 *  4. otherwise Monday–Friday → yes, Saturday/Sunday → no.
 */
export type DayKind =
  | 'weekday'
  | 'weekend'
  /** 放假, listed in the year's notice */
  | 'national-holiday'
  /** 调休上班, listed in the year's notice */
  | 'makeup-workday'
  /** a fixed-date statutory holiday in a year without a notice */
  | 'statutory-holiday'
  | 'local-holiday'
  | 'local-workday';

export interface DayInfo {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  /** Festival or reason, when the day is not an ordinary weekday/weekend. */
  name?: string;
  /** True when the day's year has no verified notice: lunar holidays and 调休 are unknown. */
  provisional: boolean;
}

export interface WorkingDayCalendar {
  /** `<national version>` or `<national version>~<overrides fingerprint>`, e.g. `CN-2024.1+2025.1+2026.1~3f9a0c12de`. */
  readonly version: string;
  readonly nationalVersion: string;
  readonly overridesFingerprint: string | null;
  readonly announcedYears: readonly number[];
  readonly lastAnnouncedYear: number;
  describeDay(date: LocalDate | InstantInput): DayInfo;
  isWorkingDay(date: LocalDate | InstantInput): boolean;
  isProvisional(date: LocalDate | InstantInput): boolean;
  nextWorkingDay(date: LocalDate | InstantInput): LocalDate;
  /** Deadline n working days after `from`; see deadline.ts for the rule (民法典 第二百零一条、第二百零三条). */
  addWorkingDays(from: InstantInput, n: number, rule?: DeadlineRule): Deadline;
  /** Working days wholly inside (a, b]; see deadline.ts. */
  workingDaysBetween(a: InstantInput, b: InstantInput): number;
}

export interface WorkingDayCalendarOptions {
  /** Verified national years; the built-in data when omitted. */
  years?: readonly HolidayYear[];
  overrides?: CalendarOverrides;
}

interface Classified {
  working: boolean;
  kind: DayKind;
  name?: string;
}

export function createWorkingDayCalendar(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
  const years = options.years ?? NATIONAL_HOLIDAY_YEARS;
  const overrides = options.overrides ?? NO_CALENDAR_OVERRIDES;
  if (years.length === 0) throw new RangeError('A working-day calendar needs at least one announced year');
  assertConsistentOverrides(overrides);

  const announced = new Map<number, { off: Map<number, string>; on: Map<number, string> }>();
  for (const y of years) {
    if (announced.has(y.year)) throw new RangeError(`Year ${y.year} is listed twice`);
    announced.set(y.year, {
      off: new Map(y.holidays.map((d) => [dayNumberOf(d.date), d.name])),
      on: new Map(y.makeupWorkdays.map((d) => [dayNumberOf(d.date), d.name])),
    });
  }
  const localOff = new Map(overrides.extraHolidays.map((o) => [dayNumberOf(o.date), o.reason]));
  const localOn = new Map(overrides.extraWorkdays.map((o) => [dayNumberOf(o.date), o.reason]));
  const statutoryByYear = new Map<number, Map<number, string>>();

  const announcedYears = [...announced.keys()].sort((a, b) => a - b);
  const nationalVersion = nationalCalendarVersion(years);
  const fingerprint = overridesFingerprint(overrides);
  const version = fingerprint ? `${nationalVersion}~${fingerprint}` : nationalVersion;

  function statutory(year: number): Map<number, string> {
    let days = statutoryByYear.get(year);
    if (!days) {
      days = new Map(fixedDateStatutoryHolidays(year).map((d) => [dayNumberOf(d.date), d.name]));
      statutoryByYear.set(year, days);
    }
    return days;
  }

  function classify(day: number): Classified {
    const year = yearOf(day);
    if (year < EARLIEST_SUPPORTED_YEAR || year > 9999) throw new RangeError(`${localDateOf(day)} is outside the supported calendar`);
    const localReason = localOff.get(day);
    if (localReason !== undefined) return { working: false, kind: 'local-holiday', name: localReason };
    const workReason = localOn.get(day);
    if (workReason !== undefined) return { working: true, kind: 'local-workday', name: workReason };
    const notice = announced.get(year);
    if (notice) {
      const off = notice.off.get(day);
      if (off !== undefined) return { working: false, kind: 'national-holiday', name: off };
      const on = notice.on.get(day);
      if (on !== undefined) return { working: true, kind: 'makeup-workday', name: on };
    } else {
      const name = statutory(year).get(day);
      if (name !== undefined) return { working: false, kind: 'statutory-holiday', name };
    }
    return isWeekend(day) ? { working: false, kind: 'weekend' } : { working: true, kind: 'weekday' };
  }

  const classifier: DayClassifier = {
    version,
    isWorkingDayNumber: (day) => classify(day).working,
    isProvisionalDayNumber: (day) => !announced.has(yearOf(day)),
  };

  return {
    version,
    nationalVersion,
    overridesFingerprint: fingerprint,
    announcedYears,
    lastAnnouncedYear: announcedYears[announcedYears.length - 1],
    describeDay(date) {
      const day = dayNumberOfDateOrInstant(date);
      return { date: localDateOf(day), ...classify(day), provisional: classifier.isProvisionalDayNumber(day) };
    },
    isWorkingDay: (date) => classify(dayNumberOfDateOrInstant(date)).working,
    isProvisional: (date) => classifier.isProvisionalDayNumber(dayNumberOfDateOrInstant(date)),
    nextWorkingDay: (date) => nextWorkingDayOn(classifier, date),
    addWorkingDays: (from, n, rule) => addWorkingDaysOn(classifier, from, n, rule),
    workingDaysBetween: (a, b) => workingDaysBetweenOn(classifier, a, b),
  };
}
