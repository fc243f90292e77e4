/**
 * 竞价选取 (lowest price): the lowest valid sealed quote wins; then ascending by quote. Quotes outside
 * [floor, budget] are invalid and their agencies excluded. Equal quotes are ordered by ISM-DRAW-1 over the tied codes.
 */
import { type DrawContext, type SelectionResult, eligiblePool, groupByMerit, rankGroups, tieWords, yuan } from './ranking.ts';
import { type PriceLimits, type Quote, type ValidQuote, sortQuotes } from './quotes.ts';

export interface LowestPriceInput extends DrawContext, PriceLimits {
  quotes: readonly Quote[];
}

export function rankLowestPrice(input: LowestPriceInput): SelectionResult {
  const pool = eligiblePool(input.pool);
  const { valid, excluded } = sortQuotes(pool, input.quotes, input);
  const groups = groupByMerit(valid.map((q) => ({ code: q.code, item: q })), (a: ValidQuote, b: ValidQuote) => a.fen - b.fen);
  const { ranking, draws } = rankGroups(
    groups,
    input,
    (q, rank, tie) => {
      const t = tie && tieWords(tie);
      return rank === 1
        ? { code: 'lowest-price.lowest', zh: `有效报价最低：${yuan(q.fen)} 元${t?.zh ?? ''}`, en: `Lowest valid quote: ${yuan(q.fen)} yuan${t?.en ?? ''}` }
        : { code: 'lowest-price.ascending', zh: `有效报价 ${yuan(q.fen)} 元，按报价由低到高排第 ${rank} 位${t?.zh ?? ''}`, en: `Valid quote ${yuan(q.fen)} yuan, position ${rank} by ascending quote${t?.en ?? ''}` };
    },
    (q) => q.fen,
  );
  return { method: 'lowest-price', ranking, excluded, draws };
}
