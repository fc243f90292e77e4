/**
 * Strategy: the standard's own worked example (GB 32100-2015: 91350100M000100Y43, and its broken variant
 * …Y4Z), codes we construct for the demo province, one example per reason with the exact message, then
 * properties with fast-check: every code built by the rules validates, and every single-character substitution
 * of a valid code is refused (31 is prime and no weight is 0 mod 31, so a substitution always moves the sum).
 */
import fc from 'fast-check';
import { USCC_CHARSET, Uscc, computeOrganisationCodeCheckChar, computeUsccCheckChar, isValidUscc, normalizeUscc, usccParts, usccProblem } from './uscc.ts';

describe('the standard and constructed examples', () => {
  it("GB 32100-2015's worked example: 91350100M000100Y43 is valid, …Y4Z is not", () => {
    expect(computeUsccCheckChar('91350100M000100Y4')).toBe('3');
    expect(computeOrganisationCodeCheckChar('M000100Y')).toBe('4');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    // Z is not even a code character, which is the more precise reason.
    expect(usccProblem('91350100M000100Y4Z')).toMatchObject({ code: 'uscc.character', position: 18, actual: 'Z' });
    expect(usccProblem('91350100M000100Y4A')).toMatchObject({ code: 'uscc.check-character', position: 18, expected: '3', actual: 'A' });
  });

  it('a code with an all-digit organisation code', () => {
    expect(isValidUscc('91110000600037341L')).toBe(true);
  });

  it.each([
    ['91445200MA4W3K2L9P', '企业, 揭阳市'],
    ['91445202MA51XQ0D4G', '企业, 榕城区'],
    ['91440500MA4UHY7B1W', '企业, 汕头市'],
    ['12445200456123789W', '事业单位, 揭阳市'],
    ['52440500MJ0001RT1G', '民办非企业单位, 汕头市'],
    ['31445200E00000010D', '律师事务所, 揭阳市'],
  ])('%s (%s) is valid', (code) => {
    expect(usccProblem(code)).toBeNull();
  });

  it('splits a code into its five segments', () => {
    expect(usccParts('91445200MA4W3K2L9P')).toEqual({ registrationAuthority: '9', entityType: '1', division: '445200', organisationCode: 'MA4W3K2L9', checkCharacter: 'P' });
  });

  it('normalises what a clerk typed, without guessing', () => {
    expect(normalizeUscc(' 91445200-ma4w3k2l9p ')).toBe('91445200MA4W3K2L9P');
  });
});

describe('reasons', () => {
  it('length', () => {
    expect(usccProblem('91445200MA4W3K2L9')).toMatchObject({ code: 'uscc.length', zh: '统一社会信用代码应为 18 位，实际为 17 位' });
    expect(usccProblem('')).toMatchObject({ code: 'uscc.length' });
  });

  it('lower case, with the position', () => {
    expect(usccProblem('91445200ma4W3K2L9P')).toMatchObject({ code: 'uscc.lower-case', position: 9, actual: 'm' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V', '-', '中'])('the letter or sign %s is refused with its position', (bad) => {
    const code = `91445200MA4W3K2L9P`.slice(0, 10) + bad + `91445200MA4W3K2L9P`.slice(11);
    expect(usccProblem(code)).toMatchObject({ code: 'uscc.character', position: 11, actual: bad });
  });

  it('a letter in the division code', () => {
    expect(usccProblem('9144A200MA4W3K2L9P')).toMatchObject({ code: 'uscc.division-code', position: 5 });
  });

  it('a typo inside the organisation code is pinned to characters 9–17', () => {
    const problem = usccProblem('91445200MA4W3K3L9P');
    expect(problem).toMatchObject({ code: 'uscc.organisation-code-check', position: 17, actual: '9' });
    expect(problem?.zh).toContain('第 9–17 位');
  });

  it('the organisation-code check can be switched off in one place', () => {
    const first16 = '91445200MA4W3K3L';
    const code = `${first16}9${computeUsccCheckChar(`${first16}9`)}`;
    expect(usccProblem(code)?.code).toBe('uscc.organisation-code-check');
    expect(usccProblem(code, { organisationCodeCheck: false })).toBeNull();
  });

  it('a wrong check character says which one is expected', () => {
    expect(usccProblem('91445200MA4W3K2L9Q')).toEqual({
      code: 'uscc.check-character',
      position: 18,
      expected: 'P',
      actual: 'Q',
      zh: '校验码不符：按前 17 位计算，第 18 位应为“P”，实际为“Q”，请核对代码是否抄写有误',
      en: "Check character mismatch: from the first 17 characters, character 18 should be 'P', not 'Q'; check the code for a typo",
    });
  });

  it('a pre-2016 厦门 pilot code that fails position 18 is refused (documented exception)', () => {
    expect(usccProblem('91350203M0001QKT19')).toMatchObject({ code: 'uscc.check-character', expected: 'F' });
  });

  it('the zod schema carries the reason in both languages', () => {
    const result = Uscc.safeParse('91445200MA4W3K2L9Q');
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0] as { message: string; params?: { zh?: string; problem?: string } };
    expect(issue.params?.problem).toBe('uscc.check-character');
    expect(issue.params?.zh).toContain('应为“P”');
    expect(issue.message).toContain("should be 'P'");
  });
});

const char31 = fc.constantFrom(...USCC_CHARSET);
const digit = fc.constantFrom(...'0123456789');

/** A code built by the rules: authority, type, 6-digit division, 8-character body, both check characters. */
const validCode = fc
  .tuple(char31, char31, fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(char31, { minLength: 8, maxLength: 8 }))
  .map(([authority, type, division, body]) => {
    const org = body.join('') + computeOrganisationCodeCheckChar(body.join(''));
    const first17 = authority + type + division.join('') + org;
    return first17 + computeUsccCheckChar(first17);
  });

describe('properties', () => {
  it('every code built by the rules validates', () => {
    fc.assert(fc.property(validCode, (code) => usccProblem(code) === null));
  });

  it('every single-character substitution of a valid code is refused', () => {
    const anyChar = fc.oneof(char31, fc.constantFrom(...'IOZSVabcxyz-* 0'));
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), anyChar, (code, position, replacement) => {
        fc.pre(code[position] !== replacement);
        const changed = code.slice(0, position) + replacement + code.slice(position + 1);
        return !isValidUscc(changed);
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively: no substitution at any position of one code passes', () => {
    const code = '91445200MA4W3K2L9P';
    for (let position = 0; position < 18; position++) {
      for (const replacement of USCC_CHARSET) {
        if (replacement === code[position]) continue;
        expect(isValidUscc(code.slice(0, position) + replacement + code.slice(position + 1))).toBe(false);
      }
    }
  });
});
