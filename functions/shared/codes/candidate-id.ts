import { computeUsccCheckChar, USCC_CHARSET } from './uscc.ts';

/**
 * Ids of people drawn by ISM-DRAW-1 (evaluation experts `EXP…`, inspectors `JCR…`): 18 characters of the protocol's
 * code alphabet (GB 32100: digits and capitals without I, O, S, V, Z), so the same protocol and verifier draw them,
 * built so that they can never be taken for a real 统一社会信用代码:
 *
 *   3-letter prefix + the roster's tenant (6 digits) + 8 characters from 8 random bytes + 1 check character
 *   (GB/T 17710 MOD 31-3, the USCC's own position-18 rule).
 *
 * A USCC's characters 3–8 are a division code, all digits; a candidate id's third character is a letter, so every
 * USCC check refuses it. The tenant part keeps ids of different rosters apart; the check character catches a typed
 * id's single-character typo. 31⁸ ≈ 8.5 × 10¹¹ ids per roster and prefix; a collision is caught by the write's
 * condition. The 8 characters are an identifier, not a draw: the slight bias of `bits % 31` is harmless here.
 */
export function newCandidateId(prefix: string, tenant: string, random: Uint8Array): string {
  if (!/^[A-HJ-NP-RT-UW-Y]{3}$/.test(prefix)) throw new RangeError('a candidate id prefix is 3 capitals of the code alphabet');
  if (!/^\d{6}$/.test(tenant)) throw new RangeError('a candidate id needs a 6-digit tenant code');
  if (random.length < 8) throw new RangeError('a candidate id needs 8 random bytes');
  let bits = 0n;
  for (const byte of random.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  let body = '';
  for (let i = 0; i < 8; i++) {
    body += USCC_CHARSET[Number(bits % 31n)];
    bits /= 31n;
  }
  const first17 = `${prefix}${tenant}${body}`;
  return first17 + computeUsccCheckChar(first17);
}

/** The shape `prefix + 6 digits + 9 characters of the alphabet`, with a matching check character. */
export function candidateIdShape(prefix: string): RegExp {
  return new RegExp(`^${prefix}\\d{6}[0-9ABCDEFGHJKLMNPQRTUWXY]{9}$`);
}

export const hasValidCheckChar = (id: string) => computeUsccCheckChar(id.slice(0, 17)) === id[17];
