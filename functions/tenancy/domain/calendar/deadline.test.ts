/**
 * Strategy: worked examples of 民法典 第二百零一条/第二百零三条 on the real calendar (a Friday window, windows
 * across 国庆 and 春节 with their 调休 days, the midnight boundary, provisional years), then properties
 * with fast-check over instants 2024–2028: the deadline is strictly after `from`, at a Shanghai midnight,
 * exactly n working days lie in (from, at], chained periods add up, later starts never end earlier.
 */
import fc from 'fast-check';
import { DAY_MS, SHANGHAI_OFFSET_MS, formatShanghaiInstant } from './local-date.ts';
import { createWorkingDayCalendar } from './working-day-calendar.ts';

const calendar = createWorkingDayCalendar();

describe('addWorkingDays (civil-code-201)', () => {
  it('a window of 2 working days published on a Friday ends Tuesday 24:00', () => {
    const deadline = calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 2);
    expect(deadline).toEqual({
      at: '2026-03-11T00:00:00.000+08:00',
      rule: 'civil-code-201',
      calendarVersion: calendar.version,
      provisional: false,
      workingDays: 2,
      from: '2026-03-06T10:00:00.000+08:00',
      lastDay: '2026-03-10',
    });
  });

  it('accepts Date objects and other offsets, and answers in +08:00', () => {
    const fromUtc = calendar.addWorkingDays('2026-03-06T02:00:00Z', 2);
    const fromDate = calendar.addWorkingDays(new Date('2026-03-06T02:00:00Z'), 2);
    expect(fromUtc.at).toBe('2026-03-11T00:00:00.000+08:00');
    expect(fromUtc.from).toBe('2026-03-06T10:00:00.000+08:00');
    expect(fromDate).toEqual(fromUtc);
  });

  it('skips 国庆 and counts its make-up Saturday', () => {
    // 2026-09-30 (Wed): 10-01…10-07 off, 10-08 Thu, 10-09 Fri, 10-10 Sat 调休上班
    expect(calendar.addWorkingDays('2026-09-30T15:00:00+08:00', 1).at).toBe('2026-10-09T00:00:00.000+08:00');
    expect(calendar.addWorkingDays('2026-09-30T15:00:00+08:00', 2).at).toBe('2026-10-10T00:00:00.000+08:00');
    expect(calendar.addWorkingDays('2026-09-30T15:00:00+08:00', 3).at).toBe('2026-10-11T00:00:00.000+08:00');
    // 2025: 9-28 (Sun) 上班, 10-01…10-08 off, 10-11 (Sat) 上班
    expect(calendar.addWorkingDays('2025-09-26T09:00:00+08:00', 1).lastDay).toBe('2025-09-28');
    expect(calendar.addWorkingDays('2025-09-26T09:00:00+08:00', 4).lastDay).toBe('2025-10-09');
  });

  it('skips 春节 and counts its make-up weekend days', () => {
    // 2026: 2-13 Fri → 2-14 Sat 上班 is day 1; 2-15…2-23 off; 2-24 Tue is day 2
    expect(calendar.addWorkingDays('2026-02-13T11:00:00+08:00', 1).lastDay).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13T11:00:00+08:00', 2).at).toBe('2026-02-25T00:00:00.000+08:00');
    // 2025: 1-24 Fri → 1-26 Sun 上班, 1-27 Mon; 1-28…2-04 off; 2-05 Wed
    expect(calendar.addWorkingDays('2025-01-24T12:00:00+08:00', 2).at).toBe('2025-01-28T00:00:00.000+08:00');
    expect(calendar.addWorkingDays('2025-01-24T12:00:00+08:00', 3).at).toBe('2025-02-06T00:00:00.000+08:00');
    // 2024: 除夕 2-09 (Fri) is worked; 2-18 (Sun) 上班
    expect(calendar.addWorkingDays('2024-02-08T09:00:00+08:00', 1).at).toBe('2024-02-10T00:00:00.000+08:00');
    expect(calendar.addWorkingDays('2024-02-08T09:00:00+08:00', 2).at).toBe('2024-02-19T00:00:00.000+08:00');
  });

  it('does not count the starting day, however late in it the event happens', () => {
    expect(calendar.addWorkingDays('2026-03-09T00:00:00.001+08:00', 1).at).toBe('2026-03-11T00:00:00.000+08:00');
    expect(calendar.addWorkingDays('2026-03-09T23:59:59.999+08:00', 1).at).toBe('2026-03-11T00:00:00.000+08:00');
  });

  it('treats exactly 00:00 as 24:00 of the day before, so a period can start at another one\'s deadline', () => {
    expect(calendar.addWorkingDays('2026-03-10T00:00:00.000+08:00', 1).at).toBe('2026-03-11T00:00:00.000+08:00');
    const publicity = calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 2);
    expect(calendar.addWorkingDays(publicity.at, 3).at).toBe(calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 5).at);
  });

  it('is allowed strictly before `at`', () => {
    const { at } = calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 2);
    const from = '2026-03-06T10:00:00+08:00';
    expect(calendar.workingDaysBetween(from, at)).toBe(2);
    expect(calendar.workingDaysBetween(from, new Date(Date.parse(at) - 1))).toBe(1);
  });

  it('honours tenant overrides', () => {
    const county = createWorkingDayCalendar({
      overrides: { extraHolidays: [{ date: '2026-03-09', reason: '防汛应急' }], extraWorkdays: [{ date: '2026-03-07', reason: '县内调休上班' }] },
    });
    // Fri 3-06 → Sat 3-07 (local workday) is day 1, Mon 3-09 closed, Tue 3-10 is day 2
    expect(county.addWorkingDays('2026-03-06T10:00:00+08:00', 2).at).toBe('2026-03-11T00:00:00.000+08:00');
    expect(county.addWorkingDays('2026-03-06T10:00:00+08:00', 3).at).toBe('2026-03-12T00:00:00.000+08:00');
    expect(county.addWorkingDays('2026-03-06T10:00:00+08:00', 1).lastDay).toBe('2026-03-07');
  });

  it('marks a deadline provisional when a counted day lies beyond the last announced year', () => {
    // 2026-12-30 (Wed): 12-31 Thu is day 1 (2026 is announced); 2027-01-01 元旦 (statutory, provisional)
    const oneDay = calendar.addWorkingDays('2026-12-30T10:00:00+08:00', 1);
    expect(oneDay).toMatchObject({ at: '2027-01-01T00:00:00.000+08:00', provisional: false });
    const threeDays = calendar.addWorkingDays('2026-12-30T10:00:00+08:00', 3);
    expect(threeDays).toMatchObject({ at: '2027-01-06T00:00:00.000+08:00', provisional: true, lastDay: '2027-01-05' });
  });

  it('refuses impossible periods and rules', () => {
    expect(() => calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-06T10:00:00+08:00', 2, 'calendar-days' as never)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-06', 2)).toThrow(RangeError); // a day is not an instant
  });
});

describe('workingDaysBetween', () => {
  it('counts whole working days after the first instant\'s day', () => {
    expect(calendar.workingDaysBetween('2026-02-13T10:00:00+08:00', '2026-02-25T00:00:00+08:00')).toBe(2); // 2-14, 2-24
    expect(calendar.workingDaysBetween('2026-09-30T10:00:00+08:00', '2026-10-10T12:00:00+08:00')).toBe(2); // 10-08, 10-09
    expect(calendar.workingDaysBetween('2026-03-10T10:00:00+08:00', '2026-03-06T10:00:00+08:00')).toBe(0);
  });
});

describe('properties', () => {
  const START = Date.parse('2024-01-01T00:00:00+08:00');
  const END = Date.parse('2028-12-31T00:00:00+08:00');
  const instant = fc.integer({ min: START, max: END });
  const midnight = fc.integer({ min: 0, max: Math.floor((END - START) / DAY_MS) }).map((d) => START + d * DAY_MS);
  const workingDays = fc.integer({ min: 1, max: 60 });
  const overrides = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), { selector: ([d]) => d, maxLength: 12 })
    .map((days) => {
      const date = (d: number) => new Date(START + SHANGHAI_OFFSET_MS + d * DAY_MS).toISOString().slice(0, 10);
      return {
        extraHolidays: days.filter(([, off]) => off).map(([d]) => ({ date: date(d), reason: 'local' })),
        extraWorkdays: days.filter(([, off]) => !off).map(([d]) => ({ date: date(d), reason: 'local' })),
      };
    });

  it('ends strictly after `from`, at 00:00+08:00, with exactly n working days in (from, at]', () => {
    fc.assert(
      fc.property(instant, workingDays, overrides, (fromMs, n, o) => {
        const cal = createWorkingDayCalendar({ overrides: o });
        const deadline = cal.addWorkingDays(new Date(fromMs), n);
        const atMs = Date.parse(deadline.at);
        expect(atMs).toBeGreaterThan(fromMs);
        expect(deadline.at).toMatch(/T00:00:00\.000\+08:00$/);
        expect(cal.workingDaysBetween(new Date(fromMs), deadline.at)).toBe(n);
        expect(cal.workingDaysBetween(new Date(fromMs), new Date(atMs - 1))).toBe(n - 1);
        expect(cal.isWorkingDay(deadline.lastDay)).toBe(true);
        expect(deadline.from).toBe(formatShanghaiInstant(fromMs));
      }),
    );
  });

  it('adds up: n then m working days is n + m when `from` is at 00:00 (and at any instant)', () => {
    fc.assert(
      fc.property(fc.oneof(midnight, instant), workingDays, workingDays, (fromMs, n, m) => {
        const first = calendar.addWorkingDays(new Date(fromMs), n);
        expect(calendar.addWorkingDays(first.at, m).at).toBe(calendar.addWorkingDays(new Date(fromMs), n + m).at);
      }),
    );
  });

  it('never ends earlier for a later start', () => {
    fc.assert(
      fc.property(instant, instant, workingDays, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(Date.parse(calendar.addWorkingDays(new Date(early), n).at)).toBeLessThanOrEqual(Date.parse(calendar.addWorkingDays(new Date(late), n).at));
      }),
    );
  });

  it('is provisional exactly when its last day is beyond the last announced year', () => {
    fc.assert(
      fc.property(instant, workingDays, (fromMs, n) => {
        const deadline = calendar.addWorkingDays(new Date(fromMs), n);
        expect(deadline.provisional).toBe(Number(deadline.lastDay.slice(0, 4)) > calendar.lastAnnouncedYear);
      }),
    );
  });
});
