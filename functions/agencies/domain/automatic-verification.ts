import * as z from 'zod';
import type { InstantInput } from '#functions/tenancy/domain/calendar/index.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { problems } from '#shared/http/problems.ts';
import { type AgencyApplication, EntryId, type Qualification, admitApplication } from './application.ts';
import type { RecordedDecision } from './joint-review.ts';
import { shanghaiInstant } from './shanghai-dates.ts';

/**
 * 申请即入 (seed 001 §四(二)4 and §四(四)): the qualifications an agency declares are checked against the
 * province's e-licence library (电子证照库, 对接电子证照系统，实现中介服务机构资质资格审查自动核验); when every
 * certificate verifies and the tenant's policy says so (`autoAdmitOnVerification`, on by default: 符合上述条件
 * 的一律实行"申请即入"，任何地方和部门不得以任何理由再设置其他条件), the application is admitted at once, the
 * decision recorded as the system's with the results as its reason. Otherwise the certificates that did not
 * verify are flagged, with why, for the human reviewers, and the review goes on.
 */

export const E_LICENCE_STATUSES = ['valid', 'expired', 'revoked', 'unknown', 'mismatch'] as const;
export type ELicenceStatus = (typeof E_LICENCE_STATUSES)[number];

/**
 * What the e-licence port answered for one declared qualification, keyed by the qualification's id. The fields
 * after `status` mirror the port's answer (functions/agencies/adapters/elicence.ts), so a handler passes
 * `{ qualificationId: q.id, ...answer }` as it is; they are recorded with the review for the audit trail.
 */
export const ELicenceResult = z
  .object({
    qualificationId: EntryId,
    /** valid; expired; revoked (注销/吊销); unknown (查无此证, or the library could not be asked); mismatch (held by another). */
    status: z.enum(E_LICENCE_STATUSES),
    /** The validity the library records, when it says. */
    validFrom: z.iso.date().optional(),
    validTo: z.iso.date().optional(),
    /** As the library writes it; compared with the declared grade (甲级, 乙级, 丙级, 专业级 or 不分级). */
    grade: z.string().max(50).optional(),
    issuer: z.string().max(200).optional(),
    holderName: z.string().max(200).optional(),
    /** Why revoked, or why the library could not answer. */
    reason: z.string().max(500).optional(),
    checkedAt: z.string().max(40).optional(),
    source: z.string().max(500).optional(),
  })
  .strict();
export type ELicenceResult = z.infer<typeof ELicenceResult>;

export type VerificationFlagKind = Exclude<ELicenceStatus, 'valid'> | 'no-result' | 'grade-differs' | 'validity-differs';

export interface VerificationFlag {
  qualificationId: string;
  kind: VerificationFlagKind;
  reason: { zh: string; en: string };
}

export interface VerificationRecord {
  checkedAt: string;
  results: ELicenceResult[];
  /** Qualification ids the library confirmed as declared. */
  verified: string[];
  flagged: VerificationFlag[];
  autoAdmitted: boolean;
}

/** The system's identity in review records. */
export const SYSTEM_VERIFIER = { sub: 'system:e-licence', role: 'system' } as const;

function flagFor(q: Qualification, result: ELicenceResult | undefined): VerificationFlag | null {
  const id = q.id;
  // The library's own explanation (a revocation's grounds, why it could not answer) goes to the reviewers too.
  const why = result?.reason ? { zh: `（${result.reason}）`, en: ` (${result.reason})` } : { zh: '', en: '' };
  const flag = (kind: VerificationFlagKind, zh: string, en: string): VerificationFlag => ({ qualificationId: id, kind, reason: { zh: zh + why.zh, en: en + why.en } });
  if (!result) return flag('no-result', `资质证书 ${q.number}：未取得电子证照核验结果`, `Qualification ${q.number}: no e-licence result`);
  switch (result.status) {
    case 'expired':
      return flag('expired', `资质证书 ${q.number}：电子证照库显示已过期${result.validTo ? `（至 ${result.validTo}）` : ''}`, `Qualification ${q.number}: expired in the e-licence library${result.validTo ? ` (valid to ${result.validTo})` : ''}`);
    case 'revoked':
      return flag('revoked', `资质证书 ${q.number}：电子证照库显示已注销或吊销`, `Qualification ${q.number}: revoked in the e-licence library`);
    case 'unknown':
      return flag('unknown', `资质证书 ${q.number}：电子证照库查无此证`, `Qualification ${q.number}: not found in the e-licence library`);
    case 'mismatch':
      return flag('mismatch', `资质证书 ${q.number}：电子证照信息与申报不一致（持证单位或证号）`, `Qualification ${q.number}: the e-licence differs from the declaration (holder or number)`);
    case 'valid':
      break;
  }
  // A valid licence must also agree with what was declared: the declared grade drives matching and the declared
  // date drives the expiry job, so a difference goes to a person rather than being admitted on wrong data.
  if (result.grade !== undefined && result.grade !== q.grade) {
    return flag('grade-differs', `资质证书 ${q.number}：电子证照等级为 ${result.grade}，申报为 ${q.grade ?? '未定级'}`, `Qualification ${q.number}: the e-licence grade is ${result.grade}, declared ${q.grade ?? 'none'}`);
  }
  if (result.validTo !== undefined && result.validTo !== q.validTo) {
    return flag('validity-differs', `资质证书 ${q.number}：电子证照有效期至 ${result.validTo}，申报为 ${q.validTo}`, `Qualification ${q.number}: the e-licence is valid to ${result.validTo}, declared ${q.validTo}`);
  }
  return null;
}

/** Which declared qualifications verified, and why the others did not. A missing result counts as not verified. */
export function assessVerification(qualifications: readonly Qualification[], results: readonly ELicenceResult[]): { verified: string[]; flagged: VerificationFlag[] } {
  const byId = new Map(results.map((r) => [r.qualificationId, r]));
  const verified: string[] = [];
  const flagged: VerificationFlag[] = [];
  for (const q of qualifications) {
    const flag = flagFor(q, byId.get(q.id));
    if (flag) flagged.push(flag);
    else verified.push(q.id);
  }
  return { verified, flagged };
}

function admissionReason(qualifications: readonly Qualification[]): string {
  const lines = qualifications.map((q) => `${q.type} ${q.number}${q.grade ? ` ${q.grade}` : ''} 有效至 ${q.validTo}`);
  return `电子证照自动核验全部通过（申请即入）：${lines.join('；')}`;
}

/**
 * Apply the e-licence results to a submitted application. Admits at once when
 *  - every declared qualification verified (and there is at least one: nothing checked is not a pass — an agency
 *    without certificates goes to the people, who judge its 服务能力),
 *  - the policy enables 申请即入,
 *  - and no reviewer has already asked for fixes in this round (a person's return is not overridden).
 * Otherwise records the results and flags on the review round for the reviewers. `version` +1.
 */
export function applyVerification(app: AgencyApplication, results: readonly ELicenceResult[], policy: Pick<TenantPolicy, 'autoAdmitOnVerification'>, at: InstantInput): AgencyApplication {
  if (app.status !== 'submitted' || !app.review) {
    throw problems.conflict('review.not-under-review', '该申请不在审查中', 'The application is not under review', { status: app.status });
  }
  const qualifications = app.content.qualifications;
  const { verified, flagged } = assessVerification(qualifications, results);
  const humanObjection = app.review.decisions.some((d) => !d.automatic && d.decision !== 'approve');
  const admit = policy.autoAdmitOnVerification && qualifications.length > 0 && flagged.length === 0 && !humanObjection;
  const checkedAt = shanghaiInstant(at);
  const verification: VerificationRecord = { checkedAt, results: [...results], verified, flagged, autoAdmitted: admit };
  if (!admit) {
    return { ...app, review: { ...app.review, verification }, version: app.version + 1, updatedAt: checkedAt, updatedBy: SYSTEM_VERIFIER.sub };
  }
  const reason = admissionReason(qualifications);
  const decision: RecordedDecision = {
    slots: app.review.required.map((r) => r.slot),
    reviewer: { ...SYSTEM_VERIFIER },
    decision: 'approve',
    reason,
    fixes: [],
    at: checkedAt,
    automatic: true,
  };
  const review = { ...app.review, verification, decisions: [...app.review.decisions, decision] };
  return admitApplication({ ...app, review }, { at: checkedAt, by: SYSTEM_VERIFIER.sub, reason });
}
