/**
 * Strategy: GB 11643-1999's own example (11010519491231002X), constructed numbers, one example per reason,
 * masking; then properties: numbers built by the rule validate, any single-digit substitution is refused
 * (MOD 11-2 detects every single substitution), and masking never reveals the birth date.
 */
import fc from 'fast-check';
import { ResidentIdNumber, computeIdNumberCheckChar, idNumberProblem, isValidIdNumber, maskIdNumber } from './resident-id-number.ts';

describe('resident identity number (GB 11643-1999)', () => {
  it("the standard's example 11010519491231002X is valid", () => {
    expect(computeIdNumberCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it.each(['44520219900101123X', '445202198512314561', '440507197806150020', '810000199203045674'])('%s is valid', (id) => {
    expect(idNumberProblem(id)).toBeNull();
  });

  it.each([
    ['4452021990010112', 'id-number.length'],
    ['44520219900101123x', 'id-number.lower-case-x'],
    ['04520219900101123X', 'id-number.character'],
    ['4452021990010112AX', 'id-number.character'],
    ['445202199002301234', 'id-number.birth-date'],
    ['445202189912311234', 'id-number.birth-date'],
    ['445202199001011231', 'id-number.check-character'],
  ])('%s → %s', (id, code) => {
    expect(idNumberProblem(id)?.code).toBe(code);
  });

  it('messages never repeat the number', () => {
    const problem = idNumberProblem('445202199001011231')!;
    expect(problem.zh + problem.en).not.toContain('445202199001011231');
    const parsed = ResidentIdNumber.safeParse('445202199001011231');
    expect(JSON.stringify(parsed.error!.issues)).not.toContain('445202199001011231');
  });

  it('masks keep the first 6 and the last 4', () => {
    expect(maskIdNumber('44520219900101123X')).toBe('445202********123X');
    expect(maskIdNumber('short')).toBe('*****');
  });
});

const digits17 = fc
  .tuple(fc.integer({ min: 110000, max: 659999 }), fc.date({ min: new Date('1930-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
  .map(([area, birth, seq]) => `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
const validId = digits17.map((first17) => first17 + computeIdNumberCheckChar(first17));

describe('properties', () => {
  it('numbers built by the rule validate, and masking hides the birth date', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(idNumberProblem(id)).toBeNull();
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });

  it('any single substitution is refused', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'), (id, position, replacement) => {
        fc.pre(id[position] !== replacement);
        return !isValidIdNumber(id.slice(0, position) + replacement + id.slice(position + 1));
      }),
      { numRuns: 2000 },
    );
  });
});
