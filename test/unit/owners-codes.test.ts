// Strategy: the two identity codes an owner carries, through the product's one rule for each
// (functions/shared/codes) and the owners' request schemas, checked against the standards' own examples and
// by properties: GB 32100-2015 detects every single-character substitution (31 is prime and no weight is 0
// mod 31) and the organisation code's own GB 11714 check (position 17) is enforced too; GB 11643-1999 detects
// every single-digit substitution in the first 17; a mask keeps only the first 6 and last 4 characters,
// whatever the number, so the birth date never survives.
import fc from 'fast-check';
import { computeOrganisationCodeCheckChar, computeUsccCheckChar, isValidUscc, USCC_CHARSET } from '../../functions/shared/codes/uscc.ts';
import { isValidIdNumber, maskIdNumber, MASKED_ID_NUMBER } from '../../functions/shared/codes/resident-id-number.ts';
import { IdNumber, Uscc } from '../../functions/owners/domain/owner.ts';

const char31 = fc.constantFrom(...USCC_CHARSET);
/** Authority and type, a 6-digit division, an 8-character body, then both check characters. */
const validUscc = fc.tuple(
  fc.array(char31, { minLength: 2, maxLength: 2 }),
  fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
  fc.array(char31, { minLength: 8, maxLength: 8 }),
).map(([head, division, body]) => {
  const first17 = head.join('') + division.join('') + body.join('') + computeOrganisationCodeCheckChar(body.join(''));
  return first17 + computeUsccCheckChar(first17);
});

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * W[i], 0) % 11];
const validIdNumber = fc.record({
  area: fc.integer({ min: 110000, max: 659999 }),
  birth: fc.date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
  seq: fc.integer({ min: 0, max: 999 }),
}).map(({ area, birth, seq }) => withCheck(`${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`));

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts the standard\'s example and computes both its check characters', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(computeOrganisationCodeCheckChar('M000100Y')).toBe('4');
    expect(computeUsccCheckChar('91350100M000100Y4')).toBe('3');
  });
  it('refuses a wrong check character, a wrong length and letters outside the alphabet (I O S V Z)', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100I43')).toBe(false);
    expect(isValidUscc('91350100M000100O43')).toBe(false);
    expect(() => computeUsccCheckChar('91350100M000100O4')).toThrow(RangeError);
  });
  it('refuses a wrong organisation-code check (position 17, GB 11714) even when position 18 matches', () => {
    const first17 = '91350100M000100Y5';
    expect(isValidUscc(first17 + computeUsccCheckChar(first17))).toBe(false);
  });
  it('every computed code verifies, and any single substituted character is detected', () => {
    fc.assert(fc.property(validUscc, fc.nat(17), char31, (code, at, ch) => {
      expect(isValidUscc(code)).toBe(true);
      const changed = code.slice(0, at) + ch + code.slice(at + 1);
      expect(isValidUscc(changed)).toBe(changed === code);
    }));
  });
  it('the schema trims and upper-cases, then reports one problem with its reason: shape, either check character', () => {
    expect(Uscc.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    const wrongCheck = Uscc.safeParse('91350100M000100Y44');
    expect(wrongCheck.error?.issues).toEqual([expect.objectContaining({ code: 'custom', params: { zh: expect.stringContaining('校验码不符'), problem: 'uscc.check-character' } })]);
    const first17 = '91350100M000100Y5';
    expect(Uscc.safeParse(first17 + computeUsccCheckChar(first17)).error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', params: { zh: expect.stringContaining('第 9–17 位'), problem: 'uscc.organisation-code-check' } }),
    ]);
    expect(Uscc.safeParse('12345').error?.issues).toHaveLength(1);
  });
});

describe('公民身份号码 (GB 11643-1999) and its mask', () => {
  it('accepts the standard\'s example and refuses a wrong check digit or an impossible date', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber(withCheck('44520319900230123'))).toBe(false); // 30 February
    expect(IdNumber.parse('11010519491231002x')).toBe('11010519491231002X');
  });
  it('detects any single substituted digit among the first 17', () => {
    fc.assert(fc.property(validIdNumber, fc.nat(16), fc.integer({ min: 0, max: 9 }), (id, at, digit) => {
      expect(isValidIdNumber(id)).toBe(true);
      const changed = id.slice(0, at) + digit + id.slice(at + 1);
      if (changed !== id) expect(isValidIdNumber(changed)).toBe(false);
    }));
  });
  it('masks to the first 6 and last 4 characters: the birth date never survives', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    fc.assert(fc.property(validIdNumber, (id) => {
      const masked = maskIdNumber(id);
      expect(masked).toMatch(MASKED_ID_NUMBER);
      expect(masked).not.toContain(id.slice(6, 14));
      expect(masked.slice(0, 6) + masked.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
    }));
  });
});
