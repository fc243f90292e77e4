/**
 * Strategy: known days from the notices (the days around 春节 and 国庆 with their 调休 weekends), then
 * tenant overrides (they win, and they change the version), then years without a notice (fixed-date
 * statutory holidays only, marked provisional). Pure and in-memory: milliseconds.
 */
import { CalendarOverrideError } from './calendar-overrides.ts';
import { InvalidDateError } from './local-date.ts';
import { NATIONAL_CALENDAR_VERSION } from './national-holidays.ts';
import { createWorkingDayCalendar } from './working-day-calendar.ts';

const calendar = createWorkingDayCalendar();

describe('isWorkingDay from the national notices', () => {
  it.each([
    // 2026 春节: 2-14 (Sat) 上班, 2-15…2-23 off, 2-24 back, 2-28 (Sat) 上班, 3-01 (Sun) off
    ['2026-02-13', true],
    ['2026-02-14', true],
    ['2026-02-15', false],
    ['2026-02-17', false],
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-02-28', true],
    ['2026-03-01', false],
    // 2026 元旦 and 国庆
    ['2026-01-02', false],
    ['2026-01-04', true],
    ['2026-09-20', true],
    ['2026-10-01', false],
    ['2026-10-07', false],
    ['2026-10-08', true],
    ['2026-10-10', true],
    ['2026-10-11', false],
    // 2025 春节 from 除夕, 国庆+中秋 8 days
    ['2025-01-26', true],
    ['2025-01-27', true],
    ['2025-01-28', false],
    ['2025-02-04', false],
    ['2025-02-08', true],
    ['2025-04-27', true],
    ['2025-05-05', false],
    ['2025-09-28', true],
    ['2025-10-08', false],
    ['2025-10-11', true],
    // 2024: 除夕 2-09 worked; 2-04 and 2-18 (Sundays) 上班
    ['2024-02-04', true],
    ['2024-02-09', true],
    ['2024-02-10', false],
    ['2024-02-18', true],
    ['2024-05-11', true],
    ['2024-10-12', true],
  ])('%s → %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('reads instants in Shanghai time', () => {
    // 2026-02-13T16:30Z is Saturday 2026-02-14 00:30 in Shanghai: a make-up working day.
    expect(calendar.isWorkingDay('2026-02-13T16:30:00Z')).toBe(true);
    expect(calendar.isWorkingDay(new Date('2026-02-14T16:00:00Z'))).toBe(false); // Sunday 2-15 00:00
    expect(calendar.describeDay('2026-02-14T23:59:59.999+08:00')).toMatchObject({ date: '2026-02-14', kind: 'makeup-workday', name: '春节调休上班' });
  });

  it('describes the day and why', () => {
    expect(calendar.describeDay('2026-10-01')).toEqual({ date: '2026-10-01', working: false, kind: 'national-holiday', name: '国庆节', provisional: false });
    expect(calendar.describeDay('2026-03-07')).toEqual({ date: '2026-03-07', working: false, kind: 'weekend', provisional: false });
  });

  it('finds the next working day across a holiday', () => {
    expect(calendar.nextWorkingDay('2026-02-14')).toBe('2026-02-24');
    expect(calendar.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
    expect(calendar.nextWorkingDay('2026-10-09')).toBe('2026-10-10');
    expect(calendar.nextWorkingDay('2026-02-13T18:00:00+08:00')).toBe('2026-02-14');
  });

  it('refuses text that does not name one instant or one day', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(InvalidDateError);
    expect(() => calendar.isWorkingDay('2026-02-14T10:00:00')).toThrow(InvalidDateError); // no offset
    expect(() => calendar.isWorkingDay('2026-02-14T24:00:00+08:00')).toThrow(InvalidDateError);
    expect(() => calendar.isWorkingDay(new Date(Number.NaN))).toThrow(InvalidDateError);
    expect(() => calendar.isWorkingDay('2007-06-01')).toThrow(RangeError);
  });
});

describe('tenant overrides (本地调整)', () => {
  const flood = { date: '2026-03-09', reason: '防汛应急，县政务服务中心闭厅' };
  const localSaturday = { date: '2026-03-07', reason: '县内调休上班' };

  it('win over the national data in both directions', () => {
    const county = createWorkingDayCalendar({
      overrides: { extraHolidays: [flood, { date: '2026-02-14', reason: '本地不调休' }], extraWorkdays: [localSaturday, { date: '2026-10-02', reason: '测试' }] },
    });
    expect(county.isWorkingDay('2026-03-09')).toBe(false);
    expect(county.describeDay('2026-03-09')).toMatchObject({ kind: 'local-holiday', name: flood.reason });
    expect(county.isWorkingDay('2026-03-07')).toBe(true);
    expect(county.isWorkingDay('2026-02-14')).toBe(false);
    expect(county.isWorkingDay('2026-10-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true);
  });

  it('change the version by their dates only', () => {
    const a = createWorkingDayCalendar({ overrides: { extraHolidays: [flood], extraWorkdays: [] } });
    const sameDaysOtherReason = createWorkingDayCalendar({ overrides: { extraHolidays: [{ ...flood, reason: '其他原因', setBy: '445203' }], extraWorkdays: [] } });
    const b = createWorkingDayCalendar({ overrides: { extraHolidays: [flood], extraWorkdays: [localSaturday] } });
    const bReordered = createWorkingDayCalendar({ overrides: { extraHolidays: [flood, flood], extraWorkdays: [localSaturday] } });
    const asWorkday = createWorkingDayCalendar({ overrides: { extraHolidays: [], extraWorkdays: [flood] } });
    expect(calendar.version).toBe(NATIONAL_CALENDAR_VERSION);
    expect(createWorkingDayCalendar({ overrides: { extraHolidays: [], extraWorkdays: [] } }).version).toBe(NATIONAL_CALENDAR_VERSION);
    expect(a.version).toMatch(new RegExp(`^${NATIONAL_CALENDAR_VERSION.replace(/[.+]/g, '\\$&')}~[0-9a-f]{10}$`));
    expect(sameDaysOtherReason.version).toBe(a.version);
    expect(b.version).not.toBe(a.version);
    expect(bReordered.version).toBe(b.version);
    expect(asWorkday.version).not.toBe(a.version);
    expect(a.addWorkingDays('2026-03-06T10:00:00+08:00', 2).calendarVersion).toBe(a.version);
  });

  it('refuse a day declared both off and on, and malformed dates', () => {
    expect(() => createWorkingDayCalendar({ overrides: { extraHolidays: [flood], extraWorkdays: [flood] } })).toThrow(CalendarOverrideError);
    expect(() => createWorkingDayCalendar({ overrides: { extraHolidays: [{ date: '2026-3-9', reason: 'x' }], extraWorkdays: [] } })).toThrow(CalendarOverrideError);
  });
});

describe('years without a notice (provisional)', () => {
  it('knows the last announced year', () => {
    expect(calendar.announcedYears).toEqual([2024, 2025, 2026]);
    expect(calendar.lastAnnouncedYear).toBe(2026);
  });

  it('uses weekends and the fixed-date statutory holidays only, and says so', () => {
    expect(calendar.describeDay('2027-01-01')).toEqual({ date: '2027-01-01', working: false, kind: 'statutory-holiday', name: '元旦', provisional: true });
    expect(calendar.isWorkingDay('2027-05-03')).toBe(true); // 调休 unknown: a Monday is a working day until the notice says otherwise
    expect(calendar.isWorkingDay('2027-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2027-10-04')).toBe(true); // Monday; only 10-01…03 are statutory
    expect(calendar.isWorkingDay('2027-02-08')).toBe(true); // a Monday near 春节: lunar dates are not guessed
    expect(calendar.isProvisional('2027-06-01')).toBe(true);
    expect(calendar.isProvisional('2026-12-31')).toBe(false);
  });
});
