/** 随机选取 (random): the whole eligible pool ranked by one ISM-DRAW-1 draw; the transcript is `draws[0]`. */
import { drawRanking } from '../draw/ism-draw-1.ts';
import { type DrawContext, type SelectionResult, eligiblePool } from './ranking.ts';

export function rankRandom(context: DrawContext): SelectionResult {
  const pool = eligiblePool(context.pool);
  const transcript = drawRanking({ seed: context.seed, projectId: context.projectId, beacon: context.beacon ?? '', pool });
  return {
    method: 'random',
    ranking: transcript.ranking.map((code, i) => ({
      rank: i + 1,
      code,
      reason: { code: 'random.drawn', zh: `ISM-DRAW-1 随机抽签第 ${i + 1} 位`, en: `Position ${i + 1} in the ISM-DRAW-1 draw` },
    })),
    excluded: [],
    draws: [transcript],
  };
}
