/**
 * Strategy: tables of schedule expressions with the next fire time after a given instant, computed by
 * hand from AWS's cron rules (UTC, 1=SUN, L/W/#, names, steps, ranges) and the rate rules (a period
 * after the last fire), plus the expressions AWS refuses. Pure functions, no timers.
 */
import { InvalidScheduleExpression, nextFire } from '../../lib/local-cloud/events-schedule.ts';

// 2025-03-01 is a Saturday; 2025-03-07 a Friday; 2025-06-15 a Sunday; 2025-05-31 a Saturday.
const table: [string, string, string][] = [
  ['cron(0 1 * * ? *)', '2025-03-01T00:30:00Z', '2025-03-01T01:00:00Z'],
  ['cron(0 1 * * ? *)', '2025-03-01T01:00:00Z', '2025-03-02T01:00:00Z'],
  ['cron(0 1 * * ? *)', '2025-12-31T01:00:00.500Z', '2026-01-01T01:00:00Z'],
  ['cron(0/15 * ? * MON-FRI *)', '2025-03-05T10:07:00Z', '2025-03-05T10:15:00Z'],
  ['cron(0/15 * ? * MON-FRI *)', '2025-03-07T23:50:00Z', '2025-03-10T00:00:00Z'],
  ['cron(0/15 * ? * MON-FRI *)', '2025-03-01T12:00:00Z', '2025-03-03T00:00:00Z'],
  ['cron(0 18 L * ? *)', '2025-02-10T00:00:00Z', '2025-02-28T18:00:00Z'],
  ['cron(0 18 L * ? *)', '2024-02-10T00:00:00Z', '2024-02-29T18:00:00Z'],
  ['cron(0 18 L * ? *)', '2025-02-28T18:00:00Z', '2025-03-31T18:00:00Z'],
  ['cron(0 9 ? * 2#1 *)', '2025-03-01T00:00:00Z', '2025-03-03T09:00:00Z'],
  ['cron(0 9 ? * MON#2 *)', '2025-03-01T00:00:00Z', '2025-03-10T09:00:00Z'],
  ['cron(0 9 ? * 6L *)', '2025-03-01T00:00:00Z', '2025-03-28T09:00:00Z'],
  ['cron(0 9 15W * ? *)', '2025-03-01T00:00:00Z', '2025-03-14T09:00:00Z'],
  ['cron(0 9 15W * ? *)', '2025-06-01T00:00:00Z', '2025-06-16T09:00:00Z'],
  ['cron(0 9 1W * ? *)', '2025-02-28T12:00:00Z', '2025-03-03T09:00:00Z'],
  ['cron(0 12 LW * ? *)', '2025-05-01T00:00:00Z', '2025-05-30T12:00:00Z'],
  ['cron(0 10 ? * SUN *)', '2025-03-01T00:00:00Z', '2025-03-02T10:00:00Z'],
  ['cron(0 10 ? * 1 *)', '2025-03-01T00:00:00Z', '2025-03-02T10:00:00Z'],
  ['cron(0 10 ? * L *)', '2025-03-02T00:00:00Z', '2025-03-08T10:00:00Z'],
  ['cron(5,35 */6 * * ? *)', '2025-03-01T06:10:00Z', '2025-03-01T06:35:00Z'],
  ['cron(5,35 */6 * * ? *)', '2025-03-01T06:40:00Z', '2025-03-01T12:05:00Z'],
  ['cron(0 22-2 * * ? *)', '2025-03-01T23:10:00Z', '2025-03-02T00:00:00Z'],
  ['cron(30 8 1 JAN,JUL ? 2026)', '2025-03-01T00:00:00Z', '2026-01-01T08:30:00Z'],
  ['cron(0 0 29 2 ? *)', '2025-03-01T00:00:00Z', '2028-02-29T00:00:00Z'],
  ['cron(15 10 ? * 6L 2025-2026)', '2025-12-26T10:15:00Z', '2026-01-30T10:15:00Z'],
  ['rate(5 minutes)', '2025-03-01T00:00:00Z', '2025-03-01T00:05:00Z'],
  ['rate(1 minute)', '2025-03-01T00:00:30Z', '2025-03-01T00:01:30Z'],
  ['rate(1 hour)', '2025-03-01T10:20:00Z', '2025-03-01T11:20:00Z'],
  ['rate(2 days)', '2025-03-01T00:00:00Z', '2025-03-03T00:00:00Z'],
];

describe('nextFire', () => {
  test.each(table)('%s after %s is %s', (expression, after, expected) => {
    expect(nextFire(expression, new Date(after)).toISOString()).toBe(new Date(expected).toISOString());
  });

  test('an expression without a future fire time throws RangeError', () => {
    expect(() => nextFire('cron(30 8 1 JAN,JUL ? 2026)', new Date('2026-07-01T08:30:00Z'))).toThrow(RangeError);
  });
});

describe('expressions AWS refuses', () => {
  test.each([
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(5 seconds)',
    'cron(0 1 * * * *)',
    'cron(0 1 ? * ? *)',
    'cron(60 1 * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 1 * * ?)',
    'cron(0 9 ? * 2#6 *)',
    'cron(0 9 ? * FUNDAY *)',
    'every 5 minutes',
  ])('%s', (expression) => {
    expect(() => nextFire(expression, new Date('2025-03-01T00:00:00Z'))).toThrow(InvalidScheduleExpression);
  });
});
