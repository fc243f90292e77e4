/**
 * Practice regions (从业区域): where an agency may serve, as GB/T 2260 division codes. The code says its own
 * level: `XX0000` a province, `XXYY00` a city (prefecture; for 直辖市 the 市辖区 grouping such as 110100),
 * anything else a county-level division. A region covers every place inside it:
 *   province 440000 → every 44xxxx;  city 445200 → 445200 itself and its counties 4452xx;  county 445202 → only 445202.
 * A county-level agency therefore does not cover a city-wide project (place 445200): the project is larger than
 * where it may practise.
 */
export type DivisionLevel = 'province' | 'city' | 'county';

const SIX_DIGITS = /^\d{6}$/;

export function isDivisionCode(code: string): boolean {
  return SIX_DIGITS.test(code);
}

function assertDivision(code: string): void {
  if (!SIX_DIGITS.test(code)) throw new RangeError(`Not a 6-digit division code: ${code}`);
}

export function divisionLevel(code: string): DivisionLevel {
  assertDivision(code);
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The province a division lies in: 445202 → 440000. */
export function provinceOf(code: string): string {
  assertDivision(code);
  return `${code.slice(0, 2)}0000`;
}

export function regionCovers(region: string, place: string): boolean {
  assertDivision(place);
  switch (divisionLevel(region)) {
    case 'province':
      return place.slice(0, 2) === region.slice(0, 2);
    case 'city':
      return place.slice(0, 4) === region.slice(0, 4);
    case 'county':
      return place === region;
  }
}

/** The first of `regions` that covers `place`, if any (for explaining a match). */
export function coveringRegion(regions: readonly string[], place: string): string | undefined {
  return regions.find((region) => regionCovers(region, place));
}
