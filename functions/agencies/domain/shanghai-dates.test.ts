/**
 * Strategy: the month arithmetic behind the social-security rule across a year boundary, and the Shanghai day of
 * instants either side of midnight (an instant's day is Beijing time's, whatever the offset it is written in).
 */
import { addDays, daysBetween, monthsBefore, shanghaiDateOf } from './shanghai-dates.ts';

describe('Shanghai dates', () => {
  it('the N whole months before a date, across a year boundary', () => {
    expect(monthsBefore('2026-03-15', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthsBefore('2026-01-01', 2)).toEqual(['2025-11', '2025-12']);
    expect(monthsBefore('2026-12-31', 1)).toEqual(['2026-11']);
  });

  it('the day of an instant is the day in Beijing', () => {
    expect(shanghaiDateOf('2026-03-15T15:59:59Z')).toBe('2026-03-15');
    expect(shanghaiDateOf('2026-03-15T16:00:00Z')).toBe('2026-03-16');
    expect(shanghaiDateOf(new Date('2026-03-15T16:00:00Z'))).toBe('2026-03-16');
  });

  it('days between and after', () => {
    expect(daysBetween('2026-03-11', '2026-04-10')).toBe(30);
    expect(daysBetween('2026-04-11', '2026-04-10')).toBe(-1);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
