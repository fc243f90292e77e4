/**
 * 均价选取 (average price): the valid quote closest to the mean of the valid quotes wins; then by distance.
 * With five or more valid quotes the single highest and single lowest are left out of the mean (one each, even
 * if several agencies quoted that amount), so that one extreme quote cannot pull the reference price; those agencies
 * are still ranked by their distance like everyone else.
 *
 * Exactness: the mean is the rational number S / m (S the sum in fen, m the number of quotes in the mean). No
 * rounding enters the ranking: |q − S/m| is compared as |m·q − S| in BigInt, every candidate sharing the
 * denominator m. A quote above and a quote below the mean at the same distance are tied, and ISM-DRAW-1 orders
 * them (DESIGN: ties by ISM-DRAW-1; no preference for the lower quote). The mean is shown rounded half-up to the
 * fen only in reasons and `meanFen`; `mean` carries it exactly as "S/m".
 */
import { type DrawContext, type SelectionResult, eligiblePool, groupByMerit, rankGroups, tieWords, yuan } from './ranking.ts';
import { type PriceLimits, type Quote, sortQuotes } from './quotes.ts';

export interface AveragePriceInput extends DrawContext, PriceLimits {
  quotes: readonly Quote[];
}

export interface AveragePriceResult extends SelectionResult {
  method: 'average-price';
  /** The reference price; absent when no quote is valid. */
  mean?: {
    /** Exactly, as "sum/count" in fen. */
    exact: string;
    /** Rounded half-up to the fen, for display. */
    meanFen: number;
    quotesInMean: number;
    /** The codes whose quotes were left out of the mean (lowest, highest), when there were ≥ 5 valid quotes. */
    leftOut: string[];
  };
}

interface Distance {
  fen: number;
  /** |m·q − S|: distance to the mean times m. */
  scaled: bigint;
}

const abs = (n: bigint) => (n < 0n ? -n : n);

export function rankAveragePrice(input: AveragePriceInput): AveragePriceResult {
  const pool = eligiblePool(input.pool);
  const { valid, excluded } = sortQuotes(pool, input.quotes, input);
  if (valid.length === 0) return { method: 'average-price', ranking: [], excluded, draws: [] };

  // Ascending by quote, then code, so "the" lowest and highest left out are the same whatever the input order.
  const ascending = [...valid].sort((a, b) => a.fen - b.fen || (a.code < b.code ? -1 : 1));
  const leftOut = ascending.length >= 5 ? [ascending[0].code, ascending[ascending.length - 1].code] : [];
  const inMean = ascending.length >= 5 ? ascending.slice(1, -1) : ascending;
  const m = BigInt(inMean.length);
  const sum = inMean.reduce((s, q) => s + BigInt(q.fen), 0n);
  const meanFen = Number((2n * sum + m) / (2n * m)); // half-up: floor(S/m + 1/2), all values positive

  const groups = groupByMerit(
    valid.map((q) => ({ code: q.code, item: { fen: q.fen, scaled: abs(m * BigInt(q.fen) - sum) } })),
    (a: Distance, b: Distance) => (a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0),
  );
  const { ranking, draws } = rankGroups(
    groups,
    input,
    (d, rank, tie) => {
      const t = tie && tieWords(tie);
      const zh = `有效报价 ${yuan(d.fen)} 元，与均价 ${yuan(meanFen)} 元（${inMean.length} 家报价${leftOut.length ? '，去掉一个最高和一个最低' : ''}）的差距${rank === 1 ? '最小' : `排第 ${rank} 位`}`;
      const en = `Valid quote ${yuan(d.fen)} yuan, ${rank === 1 ? 'closest' : `position ${rank} by distance`} to the mean ${yuan(meanFen)} yuan (${inMean.length} quotes${leftOut.length ? ', highest and lowest left out' : ''})`;
      return { code: rank === 1 ? 'average-price.closest' : 'average-price.by-distance', zh: zh + (t?.zh ?? ''), en: en + (t?.en ?? '') };
    },
    (d) => d.fen,
  );
  return { method: 'average-price', ranking, excluded, draws, mean: { exact: `${sum}/${m}`, meanFen, quotesInMean: inMean.length, leftOut } };
}
