/**
 * 公民身份号码 (resident identity number), GB 11643-1999: 6-digit address code, 8-digit birth date,
 * 3-digit sequence, one ISO 7064 MOD 11-2 check character (0–9 or X).
 *
 * The supermarket never stores the number, only a mask (see maskIdNumber). Why:
 *  - it does not need it: real-name identity is the unified identity platform's job (统一身份认证,
 *    seed 000 §四(二)2); the office only has to recognise the person at the counter;
 *  - an ID number is sensitive personal information (GB/T 35273-2020 附录B) and minimisation applies
 *    (个人信息保护法 Art. 6);
 *  - every change is written to the append-only, hash-chained audit log: what enters it can never be
 *    erased without breaking the chain, so a number stored once could never be deleted on request
 *    (个人信息保护法 Art. 47). The full number is checked, masked, and dropped within the request.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

export function isValidIdNumber(value: string): boolean {
  if (!ID_NUMBER_SHAPE.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * WEIGHTS[i];
  if (CHECK[sum % 11] !== value[17]) return false;
  const [y, m, d] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
}

/**
 * First 4 and last 4 characters, the 10 between (county and birth date) hidden: enough to tell two
 * people apart at the counter, too little to reconstruct the number or learn the birth date.
 */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(10)}${value.slice(14)}`;
}

export const MASKED_ID_NUMBER = /^\d{4}\*{10}\d{3}[\dX]$/;
