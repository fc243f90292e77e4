/**
 * Sealed quotes (密封报价) as the price methods read them after close. Money is integer fen (分), as everywhere in
 * the product. A quote is valid when 1 ≤ floor ≤ quote ≤ budget (最高限价 = the budget; 最低限价 = the floor where
 * the project sets one). A pool member without a valid quote cannot be ranked: it is listed as excluded with the
 * reason, never silently dropped. A quote that is not an integer number of fen, or that names an agency outside the
 * eligible pool, is a caller's bug (the schema and the close step filter those) and is refused.
 */
import { SelectionInputError, type ExcludedCandidate, yuan } from './ranking.ts';

export interface Quote {
  code: string;
  fen: number;
}

export interface PriceLimits {
  /** 最高限价: the project's budget in fen; quotes above it are invalid. */
  budgetFen: number;
  /** 最低限价 in fen, where the project sets one; otherwise 1 fen (a quote must be positive). */
  floorFen?: number;
}

export interface ValidQuote {
  code: string;
  fen: number;
}

const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

export function sortQuotes(pool: readonly string[], quotes: readonly Quote[], limits: PriceLimits): { valid: ValidQuote[]; excluded: ExcludedCandidate[] } {
  const { budgetFen } = limits;
  const floorFen = limits.floorFen ?? 1;
  if (!isFen(budgetFen) || budgetFen < 1) throw new SelectionInputError('selection.budget-invalid', '预算须为正整数（分）', 'The budget must be a positive integer number of fen');
  if (!isFen(floorFen) || floorFen < 1 || floorFen > budgetFen) {
    throw new SelectionInputError('selection.floor-invalid', '最低限价须为不超过预算的正整数（分）', 'The price floor must be a positive integer number of fen not above the budget');
  }
  const inPool = new Set(pool);
  const byCode = new Map<string, number>();
  for (const q of quotes) {
    if (!inPool.has(q.code)) throw new SelectionInputError('selection.quote-not-in-pool', `报价方 ${q.code} 不在合格候选池中`, `Quote from ${q.code}, which is not in the eligible pool`);
    if (byCode.has(q.code)) throw new SelectionInputError('selection.quote-duplicate', `${q.code} 有多份报价`, `More than one quote from ${q.code}`);
    if (!isFen(q.fen)) throw new SelectionInputError('selection.quote-not-fen', `${q.code} 的报价不是整数分`, `The quote of ${q.code} is not an integer number of fen`);
    byCode.set(q.code, q.fen);
  }
  const valid: ValidQuote[] = [];
  const excluded: ExcludedCandidate[] = [];
  for (const code of [...pool].sort()) {
    const fen = byCode.get(code);
    if (fen === undefined) {
      excluded.push({ code, reason: { code: 'quote.missing', zh: '未提交有效报价', en: 'No quote was submitted' } });
    } else if (fen > budgetFen) {
      excluded.push({ code, reason: { code: 'quote.above-budget', zh: `报价 ${yuan(fen)} 元高于最高限价 ${yuan(budgetFen)} 元，报价无效`, en: `Quote ${yuan(fen)} yuan is above the budget ${yuan(budgetFen)} yuan: invalid` } });
    } else if (fen < floorFen) {
      excluded.push({ code, reason: { code: 'quote.below-floor', zh: `报价 ${yuan(fen)} 元低于最低限价 ${yuan(floorFen)} 元，报价无效`, en: `Quote ${yuan(fen)} yuan is below the floor ${yuan(floorFen)} yuan: invalid` } });
    } else {
      valid.push({ code, fen });
    }
  }
  return { valid, excluded };
}
