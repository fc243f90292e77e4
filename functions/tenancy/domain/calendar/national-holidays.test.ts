/**
 * Strategy: the holiday data is copied by hand from the 国务院办公厅 notices, so these tests check what a
 * copying mistake would break — every date in its own year, make-up days on weekends, no day both off and
 * on, the day counts each notice announces, and the 2025 amendment of the statutory holidays.
 */
import { CN_HOLIDAYS_2024 } from './cn-holidays-2024.ts';
import { CN_HOLIDAYS_2025 } from './cn-holidays-2025.ts';
import { CN_HOLIDAYS_2026 } from './cn-holidays-2026.ts';
import { dayNumberOf, isWeekend } from './local-date.ts';
import { NATIONAL_CALENDAR_VERSION, NATIONAL_HOLIDAY_YEARS, nationalCalendarVersion } from './national-holidays.ts';
import { fixedDateStatutoryHolidays } from './statutory-holidays.ts';

const count = (dates: readonly { name: string }[], name: string) => dates.filter((d) => d.name === name).length;

describe('national holiday data (国务院办公厅 notices)', () => {
  it.each(NATIONAL_HOLIDAY_YEARS.map((y) => [y.year, y] as const))('%i: dates lie in the year, make-up days are weekends, no day is both', (_year, y) => {
    const off = new Set(y.holidays.map((d) => d.date));
    expect(off.size).toBe(y.holidays.length);
    for (const { date } of [...y.holidays, ...y.makeupWorkdays]) expect(date.slice(0, 4)).toBe(String(y.year));
    for (const { date } of y.makeupWorkdays) {
      expect(isWeekend(dayNumberOf(date))).toBe(true);
      expect(off.has(date)).toBe(false);
    }
    expect(y.version).toBe(`CN-${y.year}.1`);
    expect(y.source.issuer).toBe('国务院办公厅');
    expect(y.source.title).toBe(`国务院办公厅关于${y.year}年部分节假日安排的通知`);
    expect(y.source.documentNo).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
    expect(Number(y.source.issuedOn.slice(0, 4))).toBe(y.year - 1);
  });

  it('cites the notices', () => {
    expect(NATIONAL_HOLIDAY_YEARS.map((y) => [y.year, y.source.documentNo, y.source.issuedOn])).toEqual([
      [2024, '国办发明电〔2023〕7号', '2023-10-25'],
      [2025, '国办发明电〔2024〕12号', '2024-11-12'],
      [2026, '国办发明电〔2025〕7号', '2025-11-04'],
    ]);
  });

  it('has the day counts each notice announces (共N天)', () => {
    // 2024: 春节 8, 清明 3, 劳动节 5, 中秋 3, 国庆 7; 元旦 and 端午 are one listed day each.
    expect([count(CN_HOLIDAYS_2024.holidays, '春节'), count(CN_HOLIDAYS_2024.holidays, '国庆节')]).toEqual([8, 7]);
    expect([CN_HOLIDAYS_2024.holidays.length, CN_HOLIDAYS_2024.makeupWorkdays.length]).toEqual([28, 8]);
    // 2025: 春节 8 from 除夕, 国庆+中秋 merged 8.
    expect([count(CN_HOLIDAYS_2025.holidays, '春节'), count(CN_HOLIDAYS_2025.holidays, '国庆节、中秋节')]).toEqual([8, 8]);
    expect([CN_HOLIDAYS_2025.holidays.length, CN_HOLIDAYS_2025.makeupWorkdays.length]).toEqual([28, 5]);
    // 2026: 春节 9 (from 腊月二十八), 国庆 7, 中秋 separate.
    expect([count(CN_HOLIDAYS_2026.holidays, '春节'), count(CN_HOLIDAYS_2026.holidays, '国庆节')]).toEqual([9, 7]);
    expect([CN_HOLIDAYS_2026.holidays.length, CN_HOLIDAYS_2026.makeupWorkdays.length]).toEqual([33, 6]);
  });

  it('keeps 2024 除夕 (Friday 2024-02-09) a working day: the notice only encouraged leave', () => {
    expect(CN_HOLIDAYS_2024.holidays.some((d) => d.date === '2024-02-09')).toBe(false);
  });

  it('starts 2025 春节 on 除夕 and gives 5月2日 off, per the November 2024 amendment', () => {
    expect(CN_HOLIDAYS_2025.holidays.find((d) => d.date === '2025-01-28')?.name).toBe('春节');
    expect(CN_HOLIDAYS_2025.holidays.some((d) => d.date === '2025-05-02')).toBe(true);
    expect(fixedDateStatutoryHolidays(2024).map((d) => d.date)).not.toContain('2024-05-02');
    expect(fixedDateStatutoryHolidays(2027).map((d) => d.date)).toEqual([
      '2027-01-01', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
  });

  it('derives the national version from the years, so a new or corrected year changes it', () => {
    expect(NATIONAL_CALENDAR_VERSION).toBe('CN-2024.1+2025.1+2026.1');
    expect(nationalCalendarVersion([{ ...CN_HOLIDAYS_2026, version: 'CN-2026.2' }, CN_HOLIDAYS_2025])).toBe('CN-2025.1+2026.2');
  });
});
