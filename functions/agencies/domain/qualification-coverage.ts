import type { LocalDate } from '#functions/tenancy/domain/calendar/index.ts';
import type { QualificationRequirement } from './offered-item.ts';

/**
 * Whether an agency's qualification certificates (资质证书) meet a catalogue item's requirement
 * (中介服务机构资质要求: a type and, optionally, the lowest grade), on a given date. One rule, used at
 * submission, by the daily expiry job and by matching, so the three can never disagree.
 *
 * Grades (资质等级), the same five the catalogue uses:
 *  - 甲级 > 乙级 > 丙级 form a ladder: a requirement of 乙级 is met by 乙级 or 甲级, never by 丙级;
 *  - 不分级 (ungraded) as a requirement puts no condition on the grade (the qualification type has no grades),
 *    so any certificate of that type meets it, as does a requirement with no grade;
 *  - 专业级 is a class of its own, not a rung of the ladder (e.g. a specialised rather than comprehensive
 *    licence): a requirement of 专业级 is met only by a 专业级 certificate, and a 专业级 or ungraded
 *    certificate never meets a 甲/乙/丙 requirement. A catalogue that wants "专业 at 乙级 or above" writes 乙级.
 */
export const QUALIFICATION_GRADES = ['甲级', '乙级', '丙级', '专业级', '不分级'] as const;
export type QualificationGrade = (typeof QUALIFICATION_GRADES)[number];

// The catalogue's grade list and this one must stay the same list.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const gradesMatchCatalogue: Same<NonNullable<QualificationRequirement['minGrade']>, QualificationGrade> = true;
void gradesMatchCatalogue;

const LADDER: Partial<Record<QualificationGrade, number>> = { 甲级: 3, 乙级: 2, 丙级: 1 };

export function gradeMeets(held: QualificationGrade | undefined, required: QualificationGrade | undefined): boolean {
  if (required === undefined || required === '不分级') return true;
  if (required === '专业级') return held === '专业级';
  const need = LADDER[required]!;
  const have = held === undefined ? undefined : LADDER[held];
  return have !== undefined && have >= need;
}

/** The dated facts of a certificate that coverage needs. `validTo` is the last valid day (有效期至), inclusive. */
export interface DatedQualification {
  id: string;
  type: string;
  grade?: QualificationGrade;
  validFrom: LocalDate;
  validTo: LocalDate;
}

export type Validity = 'valid' | 'expired' | 'not-yet-valid';

/** `YYYY-MM-DD` strings compare as dates. */
export function validityOn(q: Pick<DatedQualification, 'validFrom' | 'validTo'>, date: LocalDate): Validity {
  if (date < q.validFrom) return 'not-yet-valid';
  if (date > q.validTo) return 'expired';
  return 'valid';
}

export type RequirementGap =
  | { kind: 'missing'; requirement: QualificationRequirement }
  | { kind: 'grade-too-low'; requirement: QualificationRequirement; held: (QualificationGrade | null)[] }
  | { kind: 'expired'; requirement: QualificationRequirement; qualificationIds: string[]; validTo: LocalDate }
  | { kind: 'not-yet-valid'; requirement: QualificationRequirement; qualificationIds: string[]; validFrom: LocalDate };

/** The qualifications that meet the requirement on that date (type, grade and validity). */
export function qualificationsMeeting(qualifications: readonly DatedQualification[], requirement: QualificationRequirement, date: LocalDate): DatedQualification[] {
  return qualifications.filter((q) => q.type === requirement.type && gradeMeets(q.grade, requirement.minGrade) && validityOn(q, date) === 'valid');
}

/**
 * Every way the requirement is not met; empty when it is. Reported together, so a clerk sees all of it at once:
 * no certificate of that type; or none of a sufficient grade; and/or none valid on that date (expired or not yet
 * valid — judged among the certificates of sufficient grade when there are some, else among all of that type).
 */
export function requirementGaps(qualifications: readonly DatedQualification[], requirement: QualificationRequirement, date: LocalDate): RequirementGap[] {
  const ofType = qualifications.filter((q) => q.type === requirement.type);
  if (ofType.length === 0) return [{ kind: 'missing', requirement }];
  if (qualificationsMeeting(ofType, requirement, date).length > 0) return [];
  const gaps: RequirementGap[] = [];
  const graded = ofType.filter((q) => gradeMeets(q.grade, requirement.minGrade));
  if (graded.length === 0) gaps.push({ kind: 'grade-too-low', requirement, held: ofType.map((q) => q.grade ?? null) });
  const judged = graded.length > 0 ? graded : ofType;
  if (judged.some((q) => validityOn(q, date) === 'valid')) return gaps;
  const expired = judged.filter((q) => validityOn(q, date) === 'expired');
  const early = judged.filter((q) => validityOn(q, date) === 'not-yet-valid');
  if (expired.length > 0) {
    gaps.push({ kind: 'expired', requirement, qualificationIds: expired.map((q) => q.id), validTo: expired.map((q) => q.validTo).sort().at(-1)! });
  }
  if (early.length > 0) {
    gaps.push({ kind: 'not-yet-valid', requirement, qualificationIds: early.map((q) => q.id), validFrom: early.map((q) => q.validFrom).sort()[0] });
  }
  return gaps;
}

export function requirementsMet(qualifications: readonly DatedQualification[], requirements: readonly QualificationRequirement[], date: LocalDate): boolean {
  return requirements.every((r) => qualificationsMeeting(qualifications, r, date).length > 0);
}

const gradeText = (r: QualificationRequirement) => (r.minGrade && r.minGrade !== '不分级' ? { zh: `（${r.minGrade}${r.minGrade === '专业级' ? '' : '及以上'}）`, en: ` (${r.minGrade}${r.minGrade === '专业级' ? '' : ' or higher'})` } : { zh: '', en: '' });

/** The gap as a stable code and a Chinese and English sentence. */
export function describeGap(gap: RequirementGap, date: LocalDate): { code: string; zh: string; en: string } {
  const r = gap.requirement;
  const g = gradeText(r);
  switch (gap.kind) {
    case 'missing':
      return { code: 'qualification.missing', zh: `缺少“${r.type}”资质${g.zh}`, en: `No "${r.type}" qualification${g.en}` };
    case 'grade-too-low': {
      const held = gap.held.map((h) => h ?? '未定级').join('、');
      return {
        code: 'qualification.grade-too-low',
        zh: `“${r.type}”资质等级不足：要求 ${r.minGrade}${r.minGrade === '专业级' ? '' : '及以上'}，持有 ${held}`,
        en: `"${r.type}" qualification grade too low: ${r.minGrade}${r.minGrade === '专业级' ? '' : ' or higher'} required, held ${gap.held.map((h) => h ?? 'ungraded').join(', ')}`,
      };
    }
    case 'expired':
      return { code: 'qualification.expired', zh: `“${r.type}”资质已于 ${gap.validTo} 到期（按 ${date} 判断）`, en: `"${r.type}" qualification expired on ${gap.validTo} (as of ${date})` };
    case 'not-yet-valid':
      return { code: 'qualification.not-yet-valid', zh: `“${r.type}”资质自 ${gap.validFrom} 起才生效（按 ${date} 判断）`, en: `"${r.type}" qualification is valid only from ${gap.validFrom} (as of ${date})` };
  }
}
