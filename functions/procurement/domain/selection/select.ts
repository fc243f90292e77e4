/**
 * One entry point for the lifecycle's selecting step: the project's method and its inputs, tagged by method, to the
 * method's pure ranking function. Each method is also exported on its own.
 */
import { type AveragePriceInput, rankAveragePrice } from './average-price.ts';
import { type BestValueInput, rankBestValue } from './best-value.ts';
import { type DirectInput, rankDirect } from './direct.ts';
import { type LowestPriceInput, rankLowestPrice } from './lowest-price.ts';
import { rankRandom } from './random.ts';
import type { DrawContext, SelectionResult } from './ranking.ts';

export type SelectionRequest =
  | ({ method: 'random' } & DrawContext)
  | ({ method: 'lowest-price' } & LowestPriceInput)
  | ({ method: 'average-price' } & AveragePriceInput)
  | ({ method: 'best-value' } & BestValueInput)
  | ({ method: 'direct' } & DirectInput);

export function selectRanking(request: SelectionRequest): SelectionResult {
  switch (request.method) {
    case 'random':
      return rankRandom(request);
    case 'lowest-price':
      return rankLowestPrice(request);
    case 'average-price':
      return rankAveragePrice(request);
    case 'best-value':
      return rankBestValue(request);
    case 'direct':
      return rankDirect(request);
  }
}
