import * as z from 'zod';

/**
 * 统一社会信用代码 (unified social credit code, USCC), GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》.
 *
 *   position  1      登记管理部门代码 (registration authority), e.g. 9 = 工商/市场监管, 1 = 机构编制, 5 = 民政
 *   position  2      机构类别代码 (entity type within that authority), e.g. 91 = 企业, 12 = 事业单位
 *   positions 3–8    登记管理机关行政区划码 (GB/T 2260 division of the registering office), digits only
 *   positions 9–17   主体标识码 = 组织机构代码 (GB 11714-1997), whose 9th character (position 17) is its own check
 *   position  18     校验码 (GB/T 17710 MOD 31-3): weights 3^(i-1) mod 31, value 31 − (Σ mod 31), 31 → 0
 *
 * Characters: digits and upper-case letters without I, O, Z, S, V (31 characters, value = index).
 *
 * Both checks are enforced. The organisation-code check was confirmed on the standard's own worked example
 * (91350100M000100Y43: GB 11714 gives 4 at position 17, GB 32100 gives 3 at position 18) and on real codes
 * (91110000600037341L, 12440600MB2C07549J); GB 11714 values letters by their place in the full alphabet
 * (A = 10 … Z = 35), not by the 31-character set. Known real-world exceptions: some 厦门 codes issued in the
 * pre-2016 pilot (e.g. 91350203M0001QKT19) fail the position-18 check while passing position 17 (reported in
 * hutool issues #2020 and #4119). They are refused here as the issue requires ("a wrong check character" is
 * refused); an agency holding one needs an operator-side exception, which is not this module's job.
 *
 * One rule for the whole product: agency applications and the project-owner registry (项目业主库) both use
 * this module, so a code one context accepts the other accepts too.
 *
 * The registration authority and type codes are not checked against a table: the table has been amended
 * since 2015 (authorities 1–9, A, N, Y today) and a stale table would refuse real agencies, while the check
 * character already catches every single-character typo.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** W_i = 3^(i-1) mod 31 (GB 32100-2015 表 2). */
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714-1997: values 0–9, A = 10 … Z = 35; weights of the 8 body characters. */
const ORGANISATION_CODE_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORGANISATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

export const USCC_PROBLEM_CODES = [
  'uscc.length',
  'uscc.lower-case',
  'uscc.character',
  'uscc.division-code',
  'uscc.organisation-code-check',
  'uscc.check-character',
] as const;
export type UsccProblemCode = (typeof USCC_PROBLEM_CODES)[number];

export interface UsccProblem {
  code: UsccProblemCode;
  zh: string;
  en: string;
  /** 1-based position of the offending character, when one is to blame. */
  position?: number;
  expected?: string;
  actual?: string;
}

export interface UsccOptions {
  /** Check position 17 against GB 11714 (default true). One switch, in case the field proves it wrong. */
  organisationCodeCheck?: boolean;
}

function valueOf(char: string): number {
  const value = USCC_CHARSET.indexOf(char);
  if (value < 0) throw new RangeError(`'${char}' is not in the GB 32100 character set`);
  return value;
}

/** The 18th character for the first 17 (which must be from the 31-character set). */
export function computeUsccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`computeUsccCheckChar needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += valueOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** GB 11714-1997 check character of an 8-character organisation-code body: 11 − (Σ mod 11), 10 → X, 11 → 0. */
export function computeOrganisationCodeCheckChar(body8: string): string {
  if (body8.length !== 8) throw new RangeError(`computeOrganisationCodeCheckChar needs 8 characters, got ${body8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = ORGANISATION_CODE_VALUES.indexOf(body8[i]);
    if (value < 0) throw new RangeError(`'${body8[i]}' is not a GB 11714 character`);
    sum += value * ORGANISATION_CODE_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Why a code is not a valid USCC, or null when it is. The first problem found, most specific first. */
export function usccProblem(code: string, options: UsccOptions = {}): UsccProblem | null {
  const chars = [...code];
  if (chars.length !== 18) {
    return {
      code: 'uscc.length',
      zh: `统一社会信用代码应为 18 位，实际为 ${chars.length} 位`,
      en: `A unified social credit code has 18 characters, not ${chars.length}`,
    };
  }
  for (let i = 0; i < 18; i++) {
    const c = chars[i];
    if (USCC_CHARSET.includes(c)) continue;
    const position = i + 1;
    if (USCC_CHARSET.includes(c.toUpperCase())) {
      return { code: 'uscc.lower-case', position, actual: c, zh: `第 ${position} 位“${c}”应为大写字母`, en: `Character ${position} ('${c}') must be upper case` };
    }
    return {
      code: 'uscc.character',
      position,
      actual: c,
      zh: `第 ${position} 位“${c}”不是代码字符（只用数字和大写字母，不用 I、O、Z、S、V）`,
      en: `Character ${position} ('${c}') is not allowed: digits and upper-case letters except I, O, Z, S, V`,
    };
  }
  for (let i = 2; i < 8; i++) {
    if (chars[i] < '0' || chars[i] > '9') {
      const position = i + 1;
      return {
        code: 'uscc.division-code',
        position,
        actual: chars[i],
        zh: `第 3–8 位是登记管理机关行政区划码，应为数字，第 ${position} 位为“${chars[i]}”`,
        en: `Characters 3–8 are the registering office's division code and must be digits; character ${position} is '${chars[i]}'`,
      };
    }
  }
  if (options.organisationCodeCheck ?? true) {
    const expected = computeOrganisationCodeCheckChar(code.slice(8, 16));
    if (code[16] !== expected) {
      return {
        code: 'uscc.organisation-code-check',
        position: 17,
        expected,
        actual: code[16],
        zh: `第 9–17 位（组织机构代码）校验不符：按 GB 11714 第 17 位应为“${expected}”，实际为“${code[16]}”，请核对第 9–17 位`,
        en: `Characters 9–17 (organisation code) fail their GB 11714 check: character 17 should be '${expected}', not '${code[16]}'; check characters 9–17`,
      };
    }
  }
  const expected = computeUsccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return {
      code: 'uscc.check-character',
      position: 18,
      expected,
      actual: code[17],
      zh: `校验码不符：按前 17 位计算，第 18 位应为“${expected}”，实际为“${code[17]}”，请核对代码是否抄写有误`,
      en: `Check character mismatch: from the first 17 characters, character 18 should be '${expected}', not '${code[17]}'; check the code for a typo`,
    };
  }
  return null;
}

export function isValidUscc(code: string, options?: UsccOptions): boolean {
  return usccProblem(code, options) === null;
}

/** What a clerk typed, tidied: spaces and dashes removed, upper case. Validate the result; never guess more. */
export function normalizeUscc(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

export interface UsccParts {
  registrationAuthority: string;
  entityType: string;
  /** GB/T 2260 division of the registering office. */
  division: string;
  /** 组织机构代码, 9 characters including its own check. */
  organisationCode: string;
  checkCharacter: string;
}

/**
 * The registration authority (登记管理部门, first character, GB 32100-2015 §4.1): `1` 机构编制 registers
 * government organs (机关) and public institutions (事业单位); `9` 市场监管 (工商) registers companies.
 */
export const registeredByEstablishmentOffice = (code: string): boolean => code.startsWith('1');

/** The five segments of a (valid) code. */
export function usccParts(code: string): UsccParts {
  if (code.length !== 18) throw new RangeError('A USCC has 18 characters');
  return {
    registrationAuthority: code[0],
    entityType: code[1],
    division: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
    checkCharacter: code[17],
  };
}

/** Request schema: a USCC, refused with the precise reason (zh in `params.zh`, which the HTTP layer shows). */
export const Uscc = z
  .string()
  .superRefine((value, ctx) => {
    const problem = usccProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.en, params: { zh: problem.zh, problem: problem.code } });
  })
  .describe('统一社会信用代码 (GB 32100-2015), 18 characters, e.g. 91350100M000100Y43');
