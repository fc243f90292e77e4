/**
 * A statistics period ([from, to], Beijing dates, both included) as the months it touches: whole months are read
 * from their stored accumulators, the partial months at its ends are folded from their summaries filtered by day.
 */
export interface MonthPart {
  month: string;
  whole: boolean;
}

const monthEnd = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
};

export function monthsOf(from: string, to: string): MonthPart[] {
  if (from > to) return [];
  const out: MonthPart[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to.slice(0, 7)) break;
    out.push({ month, whole: from <= `${month}-01` && monthEnd(month) <= to });
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** The default period: 1 January of `today`'s year to `today`. */
export const defaultPeriod = (today: string) => ({ from: `${today.slice(0, 4)}-01-01`, to: today });
