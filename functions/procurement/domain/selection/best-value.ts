/**
 * 择优选取 (best value): a weighted score of four components — price, qualification (资质), past evaluations (历史评价)
 * and credit (信用) — highest first; equal scores ordered by ISM-DRAW-1 over the tied codes.
 *
 * Units, chosen so that the ranking needs no rounding at all:
 *   - weights are whole percentages (non-negative integers summing to 100), set by the project within tenant policy;
 *   - qualification, evaluation and credit scores are integers in hundredths of a point, 0–10,000 (= 0.00–100.00):
 *     the expert-scoring step (scorers drawn from the expert pool) averages its experts and rounds there;
 *   - the price score is the usual 低价优先 formula, 100 × (lowest valid quote ÷ this quote), kept as an exact fraction.
 * Total (hundredths of a point) = [w_price · 10,000 · lowest / q + Σ w_i · s_i] / 100, compared across candidates by
 * cross-multiplication in BigInt. Shown rounded half-up to 0.01 point in reasons and `scoreHundredths` only.
 *
 * With a price weight of 0 quotes are not read. Otherwise a candidate needs a valid quote (see quotes.ts), and every
 * candidate needs all three scores; one without is excluded with the reason. The "lowest valid quote" of the price
 * formula is taken among the candidates that are ranked.
 */
import { SelectionInputError, type DrawContext, type ExcludedCandidate, type RankedCandidate, type SelectionResult, eligiblePool, groupByMerit, rankGroups, tieWords } from './ranking.ts';
import { type PriceLimits, type Quote, sortQuotes } from './quotes.ts';

export interface BestValueWeights {
  price: number;
  qualification: number;
  evaluation: number;
  credit: number;
}

export interface BestValueScore {
  code: string;
  /** Hundredths of a point, 0–10,000. */
  qualification: number;
  evaluation: number;
  credit: number;
}

export interface BestValueInput extends DrawContext, PriceLimits {
  weights: BestValueWeights;
  scores: readonly BestValueScore[];
  quotes: readonly Quote[];
}

export interface BestValueRanked extends RankedCandidate {
  /** The weighted total rounded half-up to hundredths of a point (display; the ranking used the exact value). */
  scoreHundredths: number;
}

export interface BestValueResult extends SelectionResult {
  method: 'best-value';
  ranking: BestValueRanked[];
}

interface Total {
  /** total × 100 × den, an integer: w_price · 10,000 · lowest + den · Σ w_i · s_i */
  num: bigint;
  /** the candidate's quote in fen (1 when price is not weighted) */
  den: bigint;
  fen?: number;
}

const WEIGHT_KEYS = ['price', 'qualification', 'evaluation', 'credit'] as const;
const isScore = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= 10_000;

function assertWeights(w: BestValueWeights): void {
  const ok = WEIGHT_KEYS.every((k) => Number.isSafeInteger(w[k]) && w[k] >= 0) && WEIGHT_KEYS.reduce((s, k) => s + w[k], 0) === 100;
  if (!ok) throw new SelectionInputError('selection.weights-invalid', '择优权重须为非负整数百分比，合计 100', 'Best-value weights must be non-negative whole percentages summing to 100');
}

const points = (hundredths: number) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

export function rankBestValue(input: BestValueInput): BestValueResult {
  const pool = eligiblePool(input.pool);
  const w = input.weights;
  assertWeights(w);

  const inPool = new Set(pool);
  const scores = new Map<string, BestValueScore>();
  for (const s of input.scores) {
    if (!inPool.has(s.code)) throw new SelectionInputError('selection.score-not-in-pool', `评分对象 ${s.code} 不在合格候选池中`, `Score for ${s.code}, which is not in the eligible pool`);
    if (scores.has(s.code)) throw new SelectionInputError('selection.score-duplicate', `${s.code} 有多份评分`, `More than one score for ${s.code}`);
    if (![s.qualification, s.evaluation, s.credit].every(isScore)) {
      throw new SelectionInputError('selection.score-invalid', `${s.code} 的评分须为 0–10000 的整数（百分之一分）`, `Scores of ${s.code} must be integers 0–10,000 (hundredths of a point)`);
    }
    scores.set(s.code, s);
  }

  const excluded: ExcludedCandidate[] = [];
  let priced = new Map<string, number>();
  if (w.price > 0) {
    const quoted = sortQuotes(pool, input.quotes, input);
    excluded.push(...quoted.excluded);
    priced = new Map(quoted.valid.map((q) => [q.code, q.fen]));
  }
  const scored: BestValueScore[] = [];
  for (const code of pool) {
    if (w.price > 0 && !priced.has(code)) continue; // already excluded for its quote
    const s = scores.get(code);
    if (s) scored.push(s);
    else excluded.push({ code, reason: { code: 'score.missing', zh: '缺少资质、评价或信用评分', en: 'No qualification, evaluation or credit score' } });
  }
  // The reference price is the lowest valid quote among the candidates actually ranked, so rank-able price marks top out at 100.
  const lowest = w.price > 0 && scored.length ? Math.min(...scored.map((s) => priced.get(s.code)!)) : 0;
  const candidates: { code: string; item: Total }[] = [];
  for (const s of scored) {
    const code = s.code;
    const fen = priced.get(code);
    const den = BigInt(fen ?? 1);
    const weighted = BigInt(w.qualification * s.qualification + w.evaluation * s.evaluation + w.credit * s.credit);
    const num = BigInt(w.price) * 10_000n * BigInt(lowest) + den * weighted;
    candidates.push({ code, item: fen === undefined ? { num, den } : { num, den, fen } });
  }
  excluded.sort((a, b) => (a.code < b.code ? -1 : 1));

  // Higher total first: a/da > b/db  ⇔  a·db > b·da (denominators positive).
  const groups = groupByMerit(candidates, (a, b) => {
    const l = a.num * b.den;
    const r = b.num * a.den;
    return l > r ? -1 : l < r ? 1 : 0;
  });
  // hundredths of a point = num / (100 · den), rounded half-up
  const hundredths = (t: Total) => Number((2n * t.num + 100n * t.den) / (200n * t.den));
  const { ranking, draws } = rankGroups(
    groups,
    input,
    (t, rank, tie) => {
      const x = tie && tieWords(tie);
      const score = points(hundredths(t));
      return rank === 1
        ? { code: 'best-value.highest', zh: `综合得分最高：${score} 分${x?.zh ?? ''}`, en: `Highest weighted score: ${score}${x?.en ?? ''}` }
        : { code: 'best-value.by-score', zh: `综合得分 ${score} 分，由高到低排第 ${rank} 位${x?.zh ?? ''}`, en: `Weighted score ${score}, position ${rank} by descending score${x?.en ?? ''}` };
    },
    (t) => t.fen,
  );
  const byCode = new Map(candidates.map((c) => [c.code, c.item]));
  return { method: 'best-value', ranking: ranking.map((r) => ({ ...r, scoreHundredths: hundredths(byCode.get(r.code)!) })), excluded, draws };
}
