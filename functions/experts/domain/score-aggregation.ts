import { DomainError } from '#shared/http/problems.ts';
import type { BestValueScore } from '#functions/procurement/domain/selection/best-value.ts';
import { epochMsOf, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';

/**
 * 专家评分: each drawn scorer scores every candidate of the frozen pool on qualification (资质), past evaluations
 * (历史评价) and credit (信用), in hundredths of a point 0–10,000 (best-value.ts). The project's score per candidate
 * is the mean over the scorers, per component, rounded half-up to a whole hundredth:
 *   mean = ⌊(2 · Σ + n) / (2n)⌋   (integer arithmetic, so 0.5 hundredth goes up and nothing depends on floats)
 * The ranking itself then needs no further rounding (best-value.ts).
 *
 * Resubmission: a scorer may correct their scores until the scoring deadline; the later submission replaces the
 * earlier one (`recordSubmission`), so the callback store holds one submission per scorer. After the deadline
 * nothing is accepted. `aggregateScores` reads that final set and therefore refuses two from one scorer — that
 * can only be a storage bug, never something to average.
 *
 * Refused, with a stable code: a submission from someone not drawn, a candidate not in the pool, a candidate
 * missing or scored twice, a score that is not an integer 0–10,000; and aggregating fewer submissions than required
 * (by default every drawn scorer; the timeline may lower it when a scorer never answered before the deadline).
 */
export interface ScoreSubmission {
  scorerId: string;
  /** One entry per candidate of the pool. */
  scores: readonly BestValueScore[];
  /** When the platform received it (ISO 8601 with offset). */
  submittedAt?: string;
}

type ScorerRef = string | { id: string };

export class ScoreSubmissionRefused extends DomainError {
  constructor(status: number, code: string, zh: string, en: string, extra?: Record<string, unknown>) {
    super(status, code, zh, en, undefined, extra);
    this.name = 'ScoreSubmissionRefused';
  }
}

const isScore = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= 10_000;
const COMPONENTS = ['qualification', 'evaluation', 'credit'] as const;

/** Checks one submission against the drawn scorers and the pool; throws the first problem found. */
export function checkSubmission(submission: ScoreSubmission, scorers: ReadonlySet<string>, pool: readonly string[]): void {
  const who = submission.scorerId;
  if (!scorers.has(who)) {
    throw new ScoreSubmissionRefused(403, 'scores.not-a-scorer', `${who} 不是本项目抽取的评审专家`, `${who} is not a scorer drawn for this project`, { scorerId: who });
  }
  const inPool = new Set(pool);
  const seen = new Set<string>();
  for (const s of submission.scores) {
    if (!inPool.has(s.code)) {
      throw new ScoreSubmissionRefused(422, 'scores.candidate-not-in-pool', `${s.code} 不在本项目的合格候选池中`, `${s.code} is not in this project's eligible pool`, { scorerId: who, candidate: s.code });
    }
    if (seen.has(s.code)) throw new ScoreSubmissionRefused(422, 'scores.candidate-duplicate', `对 ${s.code} 评了两次分`, `${s.code} is scored twice`, { scorerId: who, candidate: s.code });
    seen.add(s.code);
    if (!COMPONENTS.every((k) => isScore(s[k]))) {
      throw new ScoreSubmissionRefused(422, 'scores.score-invalid', `${s.code} 的评分须为 0–10000 的整数（百分之一分）`, `Scores of ${s.code} must be integers 0–10,000 (hundredths of a point)`, { scorerId: who, candidate: s.code });
    }
  }
  const missing = pool.filter((code) => !seen.has(code));
  if (missing.length) {
    throw new ScoreSubmissionRefused(422, 'scores.candidate-missing', `缺少对以下候选机构的评分：${missing.join('、')}`, `No scores for: ${missing.join(', ')}`, { scorerId: who, missing });
  }
}

const idsOf = (scorers: readonly ScorerRef[]) => new Set(scorers.map((s) => (typeof s === 'string' ? s : s.id)));

/**
 * Accepts a scorer's submission before the deadline (server clock: `now` strictly before `deadline`), replacing
 * any earlier one of theirs. Returns the new set; the input is not changed.
 */
export function recordSubmission(
  current: readonly ScoreSubmission[],
  incoming: ScoreSubmission,
  context: { scorers: readonly ScorerRef[]; pool: readonly string[]; deadline: InstantInput; now: InstantInput },
): ScoreSubmission[] {
  checkSubmission(incoming, idsOf(context.scorers), context.pool);
  if (epochMsOf(context.now) >= epochMsOf(context.deadline)) {
    const deadline = typeof context.deadline === 'string' ? context.deadline : context.deadline.toISOString();
    throw new ScoreSubmissionRefused(409, 'scores.deadline-passed', `评分已于 ${deadline} 截止`, `Scoring closed at ${deadline}`, { deadline });
  }
  return [...current.filter((s) => s.scorerId !== incoming.scorerId), incoming];
}

/** ⌊(2Σ + n) / 2n⌋: the mean of non-negative integers rounded half-up, exactly. */
export const meanHalfUp = (sum: number, n: number) => Math.floor((2 * sum + n) / (2 * n));

/**
 * The project's scores, one per pool candidate ascending by code, averaged across the submissions.
 * `minSubmissions` defaults to every drawn scorer.
 */
export function aggregateScores(
  submissions: readonly ScoreSubmission[],
  scorers: readonly ScorerRef[],
  pool: readonly string[],
  options: { minSubmissions?: number } = {},
): BestValueScore[] {
  const drawn = idsOf(scorers);
  const from = new Set<string>();
  for (const submission of submissions) {
    checkSubmission(submission, drawn, pool);
    if (from.has(submission.scorerId)) {
      throw new ScoreSubmissionRefused(409, 'scores.duplicate-submission', `${submission.scorerId} 提交了两份评分`, `${submission.scorerId} submitted twice`, { scorerId: submission.scorerId });
    }
    from.add(submission.scorerId);
  }
  const needed = Math.max(1, options.minSubmissions ?? drawn.size);
  if (submissions.length < needed) {
    throw new ScoreSubmissionRefused(409, 'scores.incomplete', `评分未齐：需要 ${needed} 份，已收到 ${submissions.length} 份`, `Scoring is incomplete: ${needed} submissions needed, ${submissions.length} received`, { needed, received: submissions.length });
  }
  const n = submissions.length;
  return [...new Set(pool)].sort().map((code) => {
    const of = submissions.map((s) => s.scores.find((x) => x.code === code)!);
    const mean = (k: (typeof COMPONENTS)[number]) => meanHalfUp(of.reduce((sum, s) => sum + s[k], 0), n);
    return { code, qualification: mean('qualification'), evaluation: mean('evaluation'), credit: mean('credit') };
  });
}
