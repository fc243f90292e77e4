import { type LocalDate } from './local-date.ts';

/**
 * The statutory holidays that fall on a fixed Gregorian date, for years whose 国务院办公厅 notice is not
 * (yet) in the data. Source: 《全国年节及纪念日放假办法》 第二条:
 *  - 元旦 1月1日;
 *  - 劳动节 5月1日 — and, from 2025-01-01 (amendment of November 2024), 5月1日、2日;
 *  - 国庆节 10月1日、2日、3日.
 * 春节, 端午节 and 中秋节 follow the lunar calendar and 清明节 a solar term; none of them can be placed
 * without a table, and neither can the 调休 arrangement, so a day computed from this function alone is
 * only **provisional**: the notice for that year decides.
 *
 * These fixed dates have been the same since the 2007 revision (in force 2008-01-01; before it 劳动节 was
 * three days), so earlier years are not supported.
 */
export const EARLIEST_SUPPORTED_YEAR = 2008;

export function fixedDateStatutoryHolidays(year: number): { date: LocalDate; name: string }[] {
  if (!Number.isInteger(year) || year < EARLIEST_SUPPORTED_YEAR || year > 9999) {
    throw new RangeError(`No statutory holiday rule for year ${year} (supported: ${EARLIEST_SUPPORTED_YEAR}–9999)`);
  }
  const y = String(year);
  const days = [
    { date: `${y}-01-01`, name: '元旦' },
    { date: `${y}-05-01`, name: '劳动节' },
    ...(year >= 2025 ? [{ date: `${y}-05-02`, name: '劳动节' }] : []),
    { date: `${y}-10-01`, name: '国庆节' },
    { date: `${y}-10-02`, name: '国庆节' },
    { date: `${y}-10-03`, name: '国庆节' },
  ];
  return days;
}
