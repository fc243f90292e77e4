/**
 * Schedule expressions of EventBridge rules, with AWS's rules: `rate(value unit)` (singular unit for
 * 1, plural above) and six-field `cron(Minutes Hours Day-of-month Month Day-of-week Year)` in UTC,
 * where exactly one of the day fields is `?`, day-of-week runs 1=SUN … 7=SAT, and `L`, `W`, `#`,
 * ranges, lists, steps and JAN-DEC / SUN-SAT names are allowed. A rate has no fixed phase on AWS
 * (it counts from the rule's creation), so `nextFire` of a rate is one period after `after`.
 */

export class InvalidScheduleExpression extends Error {
  constructor(expression: string, reason: string) {
    super(`Parameter ScheduleExpression is not valid: ${expression} (${reason})`);
    this.name = 'ValidationException';
  }
}

interface DayOfMonth {
  days: Set<number>;
  last: boolean;
  lastWeekday: boolean;
  nearestWeekday: number[];
}
interface DayOfWeek {
  days: Set<number>;
  /** `5L`: the last Thursday of the month. */
  lastOf: number[];
  /** `3#2`: the second Tuesday. */
  nth: [number, number][];
}
interface Cron {
  minutes: number[];
  hours: number[];
  dom?: DayOfMonth;
  months: Set<number>;
  dow?: DayOfWeek;
  years: Set<number>;
}
export type Schedule = { kind: 'rate'; periodMs: number } | { kind: 'cron'; cron: Cron };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseSchedule(expression: string): Schedule {
  const bad = (reason: string): never => {
    throw new InvalidScheduleExpression(expression, reason);
  };
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2].replace(/s$/, '');
    if (value < 1) bad('the value must be a positive number');
    if ((value === 1) !== (rate[2] === unit)) bad(value === 1 ? 'use the singular unit for 1' : 'use the plural unit for values above 1');
    return { kind: 'rate', periodMs: value * UNIT_MS[unit] };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (!cron) bad('expected rate(…) or cron(…)');
  const f = cron![1].trim().split(/\s+/);
  if (f.length !== 6) bad('cron needs six fields');
  if ((f[2] === '?') === (f[4] === '?')) bad('exactly one of day-of-month and day-of-week must be ?');
  const field = (text: string, min: number, max: number, names?: string[]) => {
    try {
      return parseList(text, min, max, names);
    } catch (e) {
      return bad((e as Error).message);
    }
  };
  return {
    kind: 'cron',
    cron: {
      minutes: [...field(f[0], 0, 59)].sort((a, b) => a - b),
      hours: [...field(f[1], 0, 23)].sort((a, b) => a - b),
      months: field(f[3], 1, 12, MONTHS),
      years: field(f[5], 1970, 2199),
      dom: f[2] === '?' ? undefined : parseDayOfMonth(f[2], bad),
      dow: f[4] === '?' ? undefined : parseDayOfWeek(f[4], bad),
    },
  };
}

/** `*`, `a`, `a-b`, `a/s`, `*\/s`, `a-b/s`, comma lists; names where the field has them. */
function parseList(text: string, min: number, max: number, names?: string[]): Set<number> {
  const out = new Set<number>();
  const value = (t: string) => {
    const named = names?.indexOf(t.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + 1 : /^\d+$/.test(t) ? Number(t) : NaN;
    if (!(n >= min && n <= max)) throw new Error(`${t} is out of range ${min}-${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(step >= 1) || !Number.isInteger(step)) throw new Error(`bad step in ${part}`);
    let from: number, to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    // A wrapping range (FRI-MON, 22-2) runs through the end of the field's cycle.
    const span = to >= from ? to - from : to + (max - min + 1) - from;
    for (let i = 0; i <= span; i += step) out.add(((from - min + i) % (max - min + 1)) + min);
  }
  return out;
}

function parseDayOfMonth(text: string, bad: (r: string) => never): DayOfMonth {
  const dom: DayOfMonth = { days: new Set(), last: false, lastWeekday: false, nearestWeekday: [] };
  for (const part of text.split(',')) {
    if (part === 'L') dom.last = true;
    else if (part === 'LW') dom.lastWeekday = true;
    else if (/^\d+W$/.test(part)) dom.nearestWeekday.push(Number(part.slice(0, -1)));
    else {
      try {
        parseList(part, 1, 31).forEach((d) => dom.days.add(d));
      } catch (e) {
        bad((e as Error).message);
      }
    }
  }
  return dom;
}

function parseDayOfWeek(text: string, bad: (r: string) => never): DayOfWeek {
  const dow: DayOfWeek = { days: new Set(), lastOf: [], nth: [] };
  const day = (t: string) => [...parseList(t, 1, 7, DAYS)][0];
  try {
    for (const part of text.split(',')) {
      if (part === 'L') dow.days.add(7);
      else if (/^\w+L$/.test(part)) dow.lastOf.push(day(part.slice(0, -1)));
      else if (part.includes('#')) {
        const [d, n] = part.split('#');
        if (!/^[1-5]$/.test(n)) bad(`bad # in ${part}`);
        dow.nth.push([day(d), Number(n)]);
      } else parseList(part, 1, 7, DAYS).forEach((d) => dow.days.add(d));
    }
  } catch (e) {
    if (e instanceof InvalidScheduleExpression) throw e;
    bad((e as Error).message);
  }
  return dow;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1; // 1=SUN

function nearestWeekday(y: number, m: number, d: number): number {
  const last = daysIn(y, m);
  const day = Math.min(d, last);
  const w = weekday(y, m, day);
  if (w === 7) return day === 1 ? 3 : day - 1; // Saturday → Friday, or Monday the 3rd when that leaves the month
  if (w === 1) return day === last ? day - 2 : day + 1; // Sunday → Monday, or Friday at the month's end
  return day;
}

function dayMatches(c: Cron, y: number, m: number, d: number): boolean {
  if (c.dom) {
    const last = daysIn(y, m);
    return (
      c.dom.days.has(d) ||
      (c.dom.last && d === last) ||
      (c.dom.lastWeekday && d === nearestWeekday(y, m, last)) ||
      c.dom.nearestWeekday.some((n) => n <= last && nearestWeekday(y, m, n) === d)
    );
  }
  const w = weekday(y, m, d);
  const dow = c.dow!;
  return dow.days.has(w) || dow.lastOf.some((x) => x === w && d + 7 > daysIn(y, m)) || dow.nth.some(([x, n]) => x === w && Math.ceil(d / 7) === n);
}

/** The first fire time strictly after `after`. Throws RangeError when the expression never fires again. */
export function nextFire(expression: string, after: Date): Date {
  const s = parseSchedule(expression);
  if (s.kind === 'rate') return new Date(after.getTime() + s.periodMs);
  const c = s.cron;
  const from = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000; // next whole minute
  const start = new Date(from);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1;
  let d = start.getUTCDate();
  for (; y <= 2199; y++, m = 1, d = 1) {
    if (!c.years.has(y)) continue;
    for (; m <= 12; m++, d = 1) {
      if (!c.months.has(m)) continue;
      for (; d <= daysIn(y, m); d++) {
        if (!dayMatches(c, y, m, d)) continue;
        for (const h of c.hours) {
          for (const min of c.minutes) {
            const t = Date.UTC(y, m - 1, d, h, min);
            if (t >= from) return new Date(t);
          }
        }
      }
    }
  }
  throw new RangeError(`${expression} has no fire time after ${after.toISOString()}`);
}
