/**
 * 服务评价, as the public and the next selections see it: an agency's evaluations by owners, one per project, averaged
 * (seed 002 沅陵: evaluations are kept as reference for later selections; DESIGN §6: the credit profile shows them).
 * Scores are 1–5 on quality (服务质量), attitude (服务态度) and fee reasonableness (收费合理性); the overall score of an
 * evaluation is their mean. Averages are exact fractions shown rounded to two decimals.
 */
export interface AgencyEvaluation {
  uscc: string;
  projectId: string;
  tenant: string;
  serviceItem: { code: string; name: string };
  quality: number;
  attitude: number;
  feeReasonableness: number;
  comment?: string;
  at: string;
}

export interface EvaluationSummary {
  uscc: string;
  count: number;
  /** Rounded to 0.01; null when there is no evaluation. */
  averages: { quality: number | null; attitude: number | null; feeReasonableness: number | null; overall: number | null };
  /** The most recent first. */
  recent: Omit<AgencyEvaluation, 'uscc'>[];
}

const round2 = (sum: number, n: number) => Math.round((sum * 100) / n) / 100;

export function summarizeEvaluations(uscc: string, evaluations: readonly AgencyEvaluation[], recent = 20): EvaluationSummary {
  const n = evaluations.length;
  const sum = (k: 'quality' | 'attitude' | 'feeReasonableness') => evaluations.reduce((s, e) => s + e[k], 0);
  const all = sum('quality') + sum('attitude') + sum('feeReasonableness');
  return {
    uscc,
    count: n,
    averages: n === 0
      ? { quality: null, attitude: null, feeReasonableness: null, overall: null }
      : { quality: round2(sum('quality'), n), attitude: round2(sum('attitude'), n), feeReasonableness: round2(sum('feeReasonableness'), n), overall: round2(all, 3 * n) },
    recent: [...evaluations].sort((a, b) => b.at.localeCompare(a.at) || b.projectId.localeCompare(a.projectId)).slice(0, recent)
      .map(({ uscc: _u, ...e }) => e),
  };
}

/**
 * The best-value "past evaluations" component (hundredths of a point, 0–10,000) from the record: the mean overall
 * score over 5, exactly rounded half-up — 5.00 → 10,000, 3.00 → 6,000. Undefined without any evaluation: the
 * scoring panel's value stands then.
 */
export function evaluationComponent(evaluations: readonly AgencyEvaluation[]): number | undefined {
  if (evaluations.length === 0) return undefined;
  const total = evaluations.reduce((s, e) => s + e.quality + e.attitude + e.feeReasonableness, 0);
  // total / (3n) / 5 × 10,000 = total × 2,000 / (3n); half-up on integers.
  const num = total * 2_000;
  const den = 3 * evaluations.length;
  return Math.floor((2 * num + den) / (2 * den));
}
