import { type LocalDate, dayNumberOf, localDateOf } from './local-date.ts';

/**
 * One year of China's public holidays as announced by the State Council's General Office
 * (国务院办公厅) in its yearly notice 《关于XXXX年部分节假日安排的通知》.
 *
 * The statutory holidays themselves are fixed by 《全国年节及纪念日放假办法》; the yearly notice places
 * them on the calendar (lunar festivals move every year) and arranges 调休: weekend days that become
 * working days (上班) so that the days off form longer breaks. Neither can be derived: each year is data,
 * copied from its notice, and cites it.
 */
export interface HolidayNotice {
  /** e.g. 国务院办公厅关于2026年部分节假日安排的通知 */
  title: string;
  /** 发文字号, e.g. 国办发明电〔2025〕7号 */
  documentNo: string;
  /** Date the notice was issued (成文/发布日期). */
  issuedOn: LocalDate;
  issuer: '国务院办公厅';
}

/** A day with the festival it belongs to, e.g. `{ date: '2026-02-15', name: '春节' }`. */
export interface NamedDay {
  date: LocalDate;
  name: string;
}

export interface HolidayYear {
  year: number;
  /** Data version of this year, `CN-<year>.<revision>`; bump the revision for any correction. */
  version: string;
  source: HolidayNotice;
  /** Every day off the notice lists (放假), including those that fall on a weekend anyway. */
  holidays: readonly NamedDay[];
  /** Weekend days the notice turns into working days (调休上班). */
  makeupWorkdays: readonly NamedDay[];
}

/** The days `from`…`to` inclusive, as the notices write them ("2月15日至23日"). */
export function daysOff(name: string, from: LocalDate, to: LocalDate): NamedDay[] {
  const days: NamedDay[] = [];
  for (let n = dayNumberOf(from); n <= dayNumberOf(to); n++) days.push({ date: localDateOf(n), name });
  return days;
}

/** Make-up working days (上班) of one festival. */
export function workdays(name: string, ...dates: LocalDate[]): NamedDay[] {
  return dates.map((date) => ({ date, name: `${name}调休上班` }));
}
