/**
 * Strategy: the three levels of GB/T 2260 codes against places inside and outside them, including a city-wide
 * place for a county-level region and a 直辖市 district grouping.
 */
import { coveringRegion, divisionLevel, provinceOf, regionCovers } from './practice-region.ts';

describe('practice regions', () => {
  it('knows the level from the code', () => {
    expect(divisionLevel('440000')).toBe('province');
    expect(divisionLevel('445200')).toBe('city');
    expect(divisionLevel('445202')).toBe('county');
    expect(provinceOf('445202')).toBe('440000');
  });

  it.each([
    ['440000', '445202', true],
    ['440000', '440507', true],
    ['440000', '445200', true],
    ['440000', '450100', false],
    ['445200', '445200', true],
    ['445200', '445203', true],
    ['445200', '440507', false],
    ['445202', '445202', true],
    ['445202', '445203', false],
    ['445202', '445200', false],
    ['110100', '110105', true],
  ])('region %s covers %s: %s', (region, place, expected) => {
    expect(regionCovers(region, place)).toBe(expected);
  });

  it('names the covering region', () => {
    expect(coveringRegion(['445202', '440500'], '440507')).toBe('440500');
    expect(coveringRegion(['445202'], '440507')).toBeUndefined();
  });

  it('refuses what is not a division code', () => {
    expect(() => regionCovers('4452', '445202')).toThrow(RangeError);
  });
});
