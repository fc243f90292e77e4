/**
 * Strategy: known amounts from Chinese accounting practice (大写金额), written by hand, including the zero rules
 * (壹万零伍佰, 壹拾万零叁元, 零角 then 分) and the 万/亿 groups.
 */
import { yuanFigures, yuanInCapitals } from './amount.ts';

describe('amounts on a certificate', () => {
  it.each([
    [1_250_000, '壹万贰仟伍佰元整'],
    [1_050_000, '壹万零伍佰元整'],
    [10_000_300, '壹拾万零叁元整'],
    [100, '壹元整'],
    [5, '伍分'],
    [150, '壹元伍角'],
    [105, '壹元零伍分'],
    [0, '零元整'],
    [10_000_000_000, '壹亿元整'],
    [10_000_100_000, '壹亿零壹仟元整'],
    [12_345_678_912, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分'],
    [200_000_000, '贰佰万元整'],
  ])('%i fen is %s', (fen, capitals) => {
    expect(yuanInCapitals(fen)).toBe(capitals);
  });

  it('writes figures with thousands separators and two decimals', () => {
    expect(yuanFigures(1_250_000)).toBe('¥12,500.00');
    expect(yuanFigures(5)).toBe('¥0.05');
    expect(() => yuanFigures(1.5)).toThrow(RangeError);
  });
});
