import { monthsOf } from './period.ts';

describe('statistics periods', () => {
  it('whole months come from their aggregates; the ends are partial', () => {
    expect(monthsOf('2026-01-01', '2026-03-31')).toEqual([{ month: '2026-01', whole: true }, { month: '2026-02', whole: true }, { month: '2026-03', whole: true }]);
    expect(monthsOf('2026-01-15', '2026-03-10')).toEqual([{ month: '2026-01', whole: false }, { month: '2026-02', whole: true }, { month: '2026-03', whole: false }]);
    expect(monthsOf('2025-12-01', '2026-02-28')).toEqual([{ month: '2025-12', whole: true }, { month: '2026-01', whole: true }, { month: '2026-02', whole: true }]);
    expect(monthsOf('2024-02-01', '2024-02-29')).toEqual([{ month: '2024-02', whole: true }]);
    expect(monthsOf('2026-05-02', '2026-05-01')).toEqual([]);
  });
});
