/** 工作日历: China's working-day calendar and working-day deadlines (民法典 期间计算), in Asia/Shanghai. */
export { type WorkingDayCalendar, type WorkingDayCalendarOptions, type DayInfo, type DayKind, createWorkingDayCalendar } from './working-day-calendar.ts';
export { type Deadline, type DeadlineRule, DEFAULT_DEADLINE_RULE, DEADLINE_RULES, MAX_WORKING_DAYS } from './deadline.ts';
export { type CalendarOverrides, type LocalDayOverride, NO_CALENDAR_OVERRIDES, CalendarOverrideError, overridesFingerprint } from './calendar-overrides.ts';
export { type HolidayYear, type HolidayNotice, type NamedDay } from './holiday-year.ts';
export { NATIONAL_HOLIDAY_YEARS, NATIONAL_CALENDAR_VERSION, nationalCalendarVersion } from './national-holidays.ts';
export { fixedDateStatutoryHolidays, EARLIEST_SUPPORTED_YEAR } from './statutory-holidays.ts';
export { type LocalDate, type InstantInput, InvalidDateError, isCalendarDate, formatShanghaiInstant } from './local-date.ts';
