/**
 * 信用脸谱: an agency's score, grade, level and restriction, computed from its records and its evaluations by the
 * province's credit policy — never stored as a fact of its own, always recomputed (on every change, and on read).
 *
 * Score, in hundredths of a point so that every line is exact: three components on a base of 100 each — regulators'
 * records (source regulator or feed), the platform's own records (source system), social evaluation (owners' 服务评价)
 * — weighted by the policy (default 70 / 10 / 20, summing to 100). The explanation has one line per contribution:
 * the base, each record that counts (its points × its component's weight), a component held at 0 or 100, and the
 * social evaluation; the lines add up to the score, exactly (a property test checks it for any records).
 */
import type { CreditGrade, CreditLevel, CreditPolicy } from '#functions/tenancy/domain/policy/credit-policy.ts';
import { type CreditRecord, counts, LEVEL_ZH } from './record.ts';

export type Component = 'regulator' | 'platform' | 'social';
const COMPONENT_ZH: Record<Component, string> = { regulator: '行业监管', platform: '平台记录', social: '社会评价' };

export interface ExplanationLine {
  /** Contribution to the score, in hundredths of a point. */
  hundredths: number;
  component?: Component;
  recordId?: string;
  kind?: string;
  /** The rule applied, in Chinese. */
  rule: string;
}

export interface EvaluationLike { quality: number; attitude: number; feeReasonableness: number }

export interface Restriction {
  restricted: boolean;
  level?: 'general' | 'serious';
  reason?: string;
  /** Absent for a blacklisting (严重失信): it lasts until the record is repaired, withdrawn or expires. */
  until?: string;
  measures: string[];
  recordIds: string[];
}

export interface CreditProfile {
  uscc: string;
  /** Points, two decimals, 0–100. */
  score: number;
  scoreHundredths: number;
  grade: CreditGrade;
  level: CreditLevel;
  levelZh: string;
  restricted: boolean;
  blacklisted: boolean;
  components: Record<Component, number>;
  explanation: ExplanationLine[];
  restriction: Restriction;
  /** 重点监管: relative weight in the spot-check draw. */
  spotCheckWeight: number;
  /** Points taken off the best-value credit component. */
  bestValueMalus: number;
  evaluations: { count: number; mean: number | null };
}

const LEVEL_RANK: Record<CreditLevel, number> = { good: 0, general: 1, serious: 2 };
const DAY_MS = 86_400_000;

export const componentOf = (record: Pick<CreditRecord, 'source'>): Component => (record.source === 'social' ? 'social' : record.source === 'system' ? 'platform' : 'regulator');

/** The evaluations that count now (province-wide: each is a record of source `social`). */
export const evaluationsOf = (records: readonly CreditRecord[], now: Date): EvaluationLike[] =>
  records.filter((r) => r.source === 'social' && r.evaluation && counts(r, now)).map((r) => r.evaluation!);

export function gradeOf(score: number, policy: CreditPolicy): CreditGrade {
  const g = policy.grades;
  if (score >= g.AAA) return 'AAA';
  if (score >= g.AA) return 'AA';
  if (score >= g.A) return 'A';
  if (score >= g.B) return 'B';
  if (score >= g.C) return 'C';
  return 'D';
}

/** The social component: the mean of all the scores (1–5) as points of 100, rounded half up; 100 without any evaluation. */
export function socialComponent(evaluations: readonly EvaluationLike[]): { value: number; mean: number | null } {
  if (evaluations.length === 0) return { value: 100, mean: null };
  const total = evaluations.reduce((s, e) => s + e.quality + e.attitude + e.feeReasonableness, 0);
  const n = 3 * evaluations.length;
  // total / n / 5 × 100 = 20·total / n, rounded half up in integers.
  return { value: Math.floor((40 * total + n) / (2 * n)), mean: Math.round((total / n) * 100) / 100 };
}

export function restrictionOf(records: readonly CreditRecord[], policy: CreditPolicy, now: Date): Restriction {
  const counting = records.filter((r) => counts(r, now));
  const serious = counting.filter((r) => r.level === 'serious');
  if (serious.length > 0) {
    return {
      restricted: true, level: 'serious', measures: ['blacklist', 'clearance', 'spot-check'], recordIds: serious.map((r) => r.id),
      reason: `严重失信，列入黑名单并全省清退：${serious.map((r) => `${r.facts}（${r.id}）`).join('；')}`,
    };
  }
  const general = counting.filter((r) => r.level === 'general');
  const banDays = policy.measures.general.registrationBanDays;
  const bans = general.map((r) => ({ r, until: Math.min(Date.parse(r.effectiveAt) + banDays * DAY_MS, Date.parse(r.validUntil)) })).filter((b) => b.until > now.getTime());
  if (bans.length > 0) {
    const until = new Date(Math.max(...bans.map((b) => b.until))).toISOString();
    return {
      restricted: true, level: 'general', until, measures: ['registration-ban', 'best-value-malus', 'spot-check'], recordIds: bans.map((b) => b.r.id),
      reason: `一般失信，${until.slice(0, 10)} 前限制参与：${bans.map((b) => `${b.r.facts}（${b.r.id}）`).join('；')}`,
    };
  }
  return general.length > 0
    ? { restricted: false, level: 'general', measures: ['best-value-malus', 'spot-check'], recordIds: general.map((r) => r.id) }
    : { restricted: false, measures: [], recordIds: [] };
}

export function profileOf(uscc: string, records: readonly CreditRecord[], evaluations: readonly EvaluationLike[], policy: CreditPolicy, now: Date): CreditProfile {
  const w = policy.weights;
  const explanation: ExplanationLine[] = [{ hundredths: 100 * (w.regulator + w.platform + w.social), rule: '基础分 100 分（三项各 100 分，按权重合计）' }];
  const counting = records.filter((r) => counts(r, now)).sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.id.localeCompare(b.id));
  const components: Record<Component, number> = { regulator: 100, platform: 100, social: 100 };
  for (const c of ['regulator', 'platform'] as const) {
    let raw = 100;
    for (const r of counting.filter((x) => componentOf(x) === c)) {
      raw += r.points;
      explanation.push({
        hundredths: w[c] * r.points, component: c, recordId: r.id, kind: r.kind,
        rule: `${COMPONENT_ZH[c]}记录「${r.facts}」${r.points >= 0 ? '+' : ''}${r.points} 分 × 权重 ${w[c]}%（${LEVEL_ZH[r.level]}；依据：${r.basis}）`,
      });
    }
    const held = Math.min(100, Math.max(0, raw));
    if (held !== raw) explanation.push({ hundredths: w[c] * (held - raw), component: c, rule: `${COMPONENT_ZH[c]}分${raw < 0 ? '最低为 0 分' : '最高为 100 分'}（按 ${held} 分计）` });
    components[c] = held;
  }
  const social = socialComponent(evaluations);
  components.social = social.value;
  if (social.mean !== null) {
    explanation.push({ hundredths: w.social * (social.value - 100), component: 'social', rule: `社会评价：${evaluations.length} 次评价平均 ${social.mean.toFixed(2)} / 5 分，折合 ${social.value} 分 × 权重 ${w.social}%` });
  }
  const scoreHundredths = explanation.reduce((s, l) => s + l.hundredths, 0);
  const score = scoreHundredths / 100;
  const level = counting.reduce<CreditLevel>((l, r) => (LEVEL_RANK[r.level] > LEVEL_RANK[l] ? r.level : l), 'good');
  const restriction = restrictionOf(records, policy, now);
  return {
    uscc, score, scoreHundredths, grade: gradeOf(score, policy), level, levelZh: LEVEL_ZH[level],
    restricted: restriction.restricted, blacklisted: level === 'serious', components, explanation, restriction,
    spotCheckWeight: level === 'serious' ? policy.measures.serious.spotCheckWeight : level === 'general' ? policy.measures.general.spotCheckWeight : 1,
    bestValueMalus: level === 'good' ? 0 : policy.measures.general.bestValueMalus,
    evaluations: { count: evaluations.length, mean: social.mean },
  };
}

/** Whether an evaluation is poor (服务质量不达标) under the policy. */
export function isPoorEvaluation(e: EvaluationLike, policy: CreditPolicy): boolean {
  return (e.quality + e.attitude + e.feeReasonableness) / 3 < policy.poorEvaluationBelow;
}

/**
 * 一年内多次放弃中选: true when the abandonments counting now within the last year reach the policy's number and no
 * repeated-abandonment record was made in that year (one record per such year, not one per further abandonment).
 */
export function reachesRepeatedAbandonment(records: readonly CreditRecord[], threshold: number, now: Date): boolean {
  const yearAgo = now.getTime() - 365 * DAY_MS;
  const recent = (r: CreditRecord) => Date.parse(r.effectiveAt) > yearAgo;
  const abandoned = records.filter((r) => r.kind === 'abandoned-award' && counts(r, now) && recent(r));
  const already = records.some((r) => r.kind === 'repeated-abandonment' && recent(r) && r.state !== 'withdrawn');
  return abandoned.length >= threshold && !already;
}
