/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character alphabet
 * (digits and capitals without I, O, S, V, Z, which are too easily misread), the last one a check character
 * over the first 17 (weighted sum modulo 31). A local copy on purpose: the owners context must not depend
 * on the agencies context for a 20-line pure function.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character of the first 17 characters, or undefined when one of them is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidUscc(code: string): boolean {
  return USCC_SHAPE.test(code) && usccCheckCharacter(code.slice(0, 17)) === code[17];
}

/**
 * The registration authority (登记管理部门, first character, GB 32100-2015 §4.1): `1` 机构编制 registers
 * government organs (机关) and public institutions (事业单位); `9` 市场监管 (工商) registers companies.
 */
export const registeredByEstablishmentOffice = (code: string) => code.startsWith('1');
