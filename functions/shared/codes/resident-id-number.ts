import * as z from 'zod';

/**
 * 公民身份号码 (resident identity number), GB 11643-1999: 6-digit address code (GB/T 2260), 8-digit birth date
 * YYYYMMDD, 3-digit sequence (odd = male), check character by ISO 7064 MOD 11-2 (weights 2^(18-i) mod 11,
 * value (12 − Σ mod 11) mod 11, 10 written X). The same structure and check are used by the residence permits
 * of Hong Kong, Macao and Taiwan residents (address codes 810000/820000/830000) and by the 2023 foreigner's
 * permanent residence card, so one rule covers every practitioner the platform may list. 15-digit first-
 * generation numbers are refused: those cards stopped being valid on 2013-01-01.
 *
 * One rule and one masking policy for the whole product: agency practitioners and project owners who are
 * persons (项目业主库) are both checked and masked here.
 */
const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function computeIdNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('computeIdNumberCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** A real day of the Gregorian calendar (shared code depends on no context, so not the tenancy calendar's). */
function isCalendarDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

export type IdNumberProblemCode = 'id-number.length' | 'id-number.character' | 'id-number.lower-case-x' | 'id-number.birth-date' | 'id-number.check-character';

export interface IdNumberProblem {
  code: IdNumberProblemCode;
  zh: string;
  en: string;
  expected?: string;
}

/**
 * Why a text is not a resident identity number, or null. Messages never repeat the number itself: they end up
 * in logs and problem+json bodies, and an ID number is sensitive personal information (GB/T 35273-2020 附录 B).
 */
export function idNumberProblem(value: string): IdNumberProblem | null {
  if (value.length !== 18) {
    return { code: 'id-number.length', zh: `身份证号码应为 18 位，实际为 ${value.length} 位`, en: `An identity number has 18 characters, not ${value.length}` };
  }
  if (/^\d{17}x$/.test(value)) {
    return { code: 'id-number.lower-case-x', zh: '身份证号码末位的 X 应为大写', en: "The final X of an identity number must be upper case" };
  }
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) {
    return {
      code: 'id-number.character',
      zh: '身份证号码应为 17 位数字加 1 位数字或 X，且首位不为 0',
      en: 'An identity number is 17 digits (not starting with 0) followed by a digit or X',
    };
  }
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  if (!isCalendarDay(year, month, day) || year < 1900) {
    return { code: 'id-number.birth-date', zh: '身份证号码第 7–14 位不是有效的出生日期', en: 'Characters 7–14 of the identity number are not a valid birth date' };
  }
  const expected = computeIdNumberCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      code: 'id-number.check-character',
      expected,
      zh: '身份证号码校验位不符，请核对是否抄写有误',
      en: 'The identity number fails its check character; check it for a typo',
    };
  }
  return null;
}

export function isValidIdNumber(value: string): boolean {
  return idNumberProblem(value) === null;
}

/**
 * `445202********1234`: keep the first 6 and the last 4 characters. Why these:
 *  - the first 6 are the address code of the issuing county, shared by hundreds of thousands of people;
 *  - the last 4 (sequence and check) let a reviewer tell two practitioners of the same name apart and match
 *    the row against the scanned certificate, which is what the masked form is for;
 *  - the 8 hidden characters are the birth date, which together with a name is what identity fraud needs.
 * (It still shows the sex digit, position 17; acceptable for staff views, which are the only place it is shown:
 * the public never sees even the masked form.)
 */
export function maskIdNumber(value: string): string {
  if (value.length !== 18) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(8)}${value.slice(14)}`;
}

/** What maskIdNumber makes of a valid number: 6 digits, 8 asterisks (the birth date), 3 digits and a digit or X. */
export const MASKED_ID_NUMBER = /^\d{6}\*{8}\d{3}[\dX]$/;

/** Request schema: an 18-character resident identity number with a valid check character. */
export const ResidentIdNumber = z
  .string()
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.en, params: { zh: problem.zh, problem: problem.code } });
  })
  .describe('居民身份号码 (GB 11643-1999), 18 characters; stored for verification, shown masked, never public');
