import type { Reason } from '#functions/procurement/domain/selection/ranking.ts';
import type { Expert } from './expert.ts';

/**
 * 回避 (conflict of interest): who may not score a project. The bidding and procurement rules (招标投标法实施条例
 * Art. 46; 政府采购评审专家管理办法 Art. 16) require an expert with an interest in a party to stand aside; here an
 * expert is excluded when
 *  - their employer, or any organisation or owner they are tied to (affiliations), is one of the agencies in the
 *    frozen pool — every consortium member counts, not only the lead — or the project's owner;
 *  - they are suspended (暂停);
 *  - they lack the specialty: neither the project's service item code nor its industry is among their specialties.
 * Codes are compared upper-cased and trimmed: a roster typed by hand must not slip a conflict through on case.
 */
export type { Reason };

export interface ScoredProject {
  /** The owner's id (OWN-…), which an affiliation may name. */
  ownerId: string;
  /** The owner's 统一社会信用代码 when it is an organisation: an expert employed by the owner is tied to it by this code. */
  ownerUscc?: string;
  serviceItemCode: string;
  /** The item's industry (行业); an expert of the industry may score every item of it. */
  industry?: string;
}

const norm = (code: string) => code.trim().toUpperCase();

/** Every code an expert is tied to: employer first, then affiliations. */
export const tiesOf = (expert: Pick<Expert, 'employerUscc' | 'affiliations'>): string[] =>
  [expert.employerUscc, ...(expert.affiliations ?? [])].filter((c): c is string => typeof c === 'string' && c.trim() !== '').map(norm);

/** The parties of a project an expert must not be tied to, each with the words for a reason. */
export function conflictingParties(project: ScoredProject, poolCodes: readonly string[]): Map<string, { zh: string; en: string; code: string }> {
  const parties = new Map<string, { zh: string; en: string; code: string }>();
  for (const code of poolCodes) parties.set(norm(code), { code: 'expert.conflict-agency', zh: `候选中介机构 ${norm(code)}`, en: `candidate agency ${norm(code)}` });
  for (const code of [project.ownerId, project.ownerUscc]) {
    if (code) parties.set(norm(code), { code: 'expert.conflict-owner', zh: `项目业主 ${norm(code)}`, en: `the project owner ${norm(code)}` });
  }
  return parties;
}

export function hasSpecialty(expert: Pick<Expert, 'specialties'>, project: Pick<ScoredProject, 'serviceItemCode' | 'industry'>): boolean {
  return expert.specialties.includes(project.serviceItemCode) || (project.industry !== undefined && expert.specialties.includes(project.industry));
}

/**
 * Why an expert may not score this project, or undefined when they may. One reason: a conflict of interest first
 * (it is what 回避 records must show), then suspension, then specialty.
 */
export function exclusionOf(expert: Expert, project: ScoredProject, parties: ReadonlyMap<string, { zh: string; en: string; code: string }>): Reason | undefined {
  for (const [index, tie] of tiesOf(expert).entries()) {
    const party = parties.get(tie);
    if (!party) continue;
    const how = index === 0 && expert.employerUscc ? { zh: '任职于', en: 'employed by' } : { zh: '关联', en: 'tied to' };
    return { code: party.code, zh: `${how.zh}${party.zh}，依法回避`, en: `${how.en} ${party.en}: stands aside (conflict of interest)` };
  }
  if (expert.status !== 'active') return { code: 'expert.suspended', zh: '专家已暂停抽取', en: 'The expert is suspended' };
  if (!hasSpecialty(expert, project)) {
    const industry = project.industry ? { zh: `或行业 ${project.industry}`, en: ` or industry ${project.industry}` } : { zh: '', en: '' };
    return {
      code: 'expert.no-specialty',
      zh: `专业不符：不含事项 ${project.serviceItemCode}${industry.zh}`,
      en: `No specialty for item ${project.serviceItemCode}${industry.en}`,
    };
  }
  return undefined;
}
