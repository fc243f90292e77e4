/**
 * Money as a certificate prints it: figures (¥12,500.00) and, as Chinese financial documents require, the
 * amount in capital numerals (人民币大写, e.g. 壹万贰仟伍佰元整) — the form that cannot be altered by adding a stroke.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万亿'];

export function yuanFigures(fen: number): string {
  assertFen(fen);
  const yuan = Math.floor(fen / 100);
  return `¥${yuan.toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
}

/** 大写金额 of an amount in fen: 元 with 角/分, or 整 when there are none. */
export function yuanInCapitals(fen: number): string {
  assertFen(fen);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuan > 0 ? `${integerInCapitals(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${out || '零元'}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}

function integerInCapitals(n: number): string {
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  let out = '';
  let zeroPending = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g];
    if (group === 0) {
      zeroPending = out !== '';
      continue;
    }
    // A group below 1000 after a higher group reads with a 零 (壹万零伍佰).
    if (out !== '' && (zeroPending || group < 1000)) out += '零';
    out += groupInCapitals(group) + GROUP_UNITS[g];
    zeroPending = false;
  }
  return out;
}

function groupInCapitals(group: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const digit = Math.floor(group / 10 ** i) % 10;
    if (digit === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    out += DIGITS[digit] + SMALL_UNITS[i];
    zero = false;
  }
  return out;
}

function assertFen(fen: number) {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`an amount in fen is a non-negative integer, not ${fen}`);
}
