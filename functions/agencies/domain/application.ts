import * as z from 'zod';
import type { LocalDate } from '#functions/tenancy/domain/calendar/index.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { ResidentIdNumber, maskIdNumber } from '#shared/codes/resident-id-number.ts';
import { Uscc } from '#shared/codes/uscc.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { type FieldProblem, DomainError, problems } from '#shared/http/problems.ts';
import type { Fix, ReviewRound } from './joint-review.ts';
import { type CatalogItemLike, ServiceItemRef, catalogueIndex, itemKey } from './offered-item.ts';
import { isDivisionCode, provinceOf, regionCovers } from './practice-region.ts';
import { QUALIFICATION_GRADES, describeGap, requirementGaps, validityOn } from './qualification-coverage.ts';
import { monthsBefore, shanghaiDateOf, shanghaiInstant } from './shanghai-dates.ts';

export { maskIdNumber };

/**
 * The agency application (入驻申请): what an intermediary agency (中介服务机构) submits to be admitted to the
 * supermarket once for the whole province (一地入驻、全省通行, seed 000 §四(三)1). The agency fills a draft
 * over several visits (documents are uploaded to it one by one), submits it, and the operator and the
 * industries' regulators review it together (联合审查, seed 000 §四(二)1), or the e-licence check admits it at
 * once (申请即入, seed 001 §四(四)).
 *
 * Lists default to empty and document ids are optional so that a draft can be saved half-filled; submission
 * (`submissionProblems`) is where completeness is required, with one field-level problem per gap so the agency
 * is told everything at once (沅陵: 一次性告知中介机构入驻平台所需要的资料, seed 002).
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** Client-chosen id of a row (qualification, practitioner), unique within the application. */
export const EntryId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: '1–64 letters, digits, _ or -' });

/** Id of an uploaded document (scanned certificate, proof, letter) as the documents store issued it. */
export const DocumentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: '1–128 letters, digits, . _ : or -' });

/** A mainland telephone number as people write it: digits with optional +86, spaces, dashes, extension. */
export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^(\+86[ -]?)?[0-9][0-9 -]{4,22}[0-9]$/, { message: 'a telephone number: digits, optional +86, spaces or dashes' });

export const YearMonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'a month YYYY-MM' });

/** 资质证书: type as the catalogue names it, grade on the catalogue's scale, validity in local days (inclusive). */
export const Qualification = z
  .object({
    id: EntryId,
    type: text(100),
    number: text(100),
    grade: z.enum(QUALIFICATION_GRADES).optional(),
    issuer: text(100),
    validFrom: z.iso.date(),
    /** 有效期至: the last valid day. */
    validTo: z.iso.date(),
    /** The scanned certificate (扫描件); never public. */
    documentId: DocumentId.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.validTo < q.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo is before validFrom', params: { zh: '有效期止早于有效期起' } });
    }
  });
export type Qualification = z.infer<typeof Qualification>;

/**
 * 从业人员: a practitioner with a practising certificate (执业/职业资格证书) and social-security proof (社保证明)
 * by month. The ID number is kept only in the application (for the reviewers, who match it against the proof)
 * and shown masked; it never leaves the admitting city's store (the province-wide agency record masks it).
 */
export const Practitioner = z
  .object({
    id: EntryId,
    name: text(50),
    idNumber: ResidentIdNumber,
    certificate: z.object({ type: text(100), number: text(100), validTo: z.iso.date().optional() }).strict(),
    certificateDocumentId: DocumentId.optional(),
    socialSecurity: z
      .object({
        /** Months with contributions paid by this agency, `YYYY-MM`. */
        months: z.array(YearMonthText).max(120),
        documentId: DocumentId.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Practitioner = z.infer<typeof Practitioner>;

/** 分支机构 and the regions it may practise in (seed 000 §四(二)2: 分支机构从业区域管理). */
export const Branch = z.object({ name: text(200), address: text(300), regions: z.array(DivisionCode).min(1).max(200) }).strict();
export type Branch = z.infer<typeof Branch>;

export const LegalRepresentative = z.object({ name: text(50), idNumber: ResidentIdNumber }).strict();

/** 业务联系人: the person the platform contacts (invitations by SMS); never published. */
export const Contact = z.object({ name: text(50), phone: PhoneNumber, email: z.email().max(254).optional() }).strict();

/**
 * `officePhone` is the agency's published business number (单位办公电话), chosen by the agency for the public
 * profile; `contact` is the person who handles the supermarket (业务联系人) — the platform texts them invitations
 * (seed 002: 主动推送短信到中介机构业务人) but never publishes them (see public-profile.ts).
 */
export const ApplicationContent = z
  .object({
    uscc: Uscc,
    name: text(200),
    legalRepresentative: LegalRepresentative,
    address: text(300),
    officePhone: PhoneNumber.optional(),
    contact: Contact,
    serviceItems: z.array(ServiceItemRef).max(200).default([]),
    qualifications: z.array(Qualification).max(50).default([]),
    practitioners: z.array(Practitioner).max(500).default([]),
    branches: z.array(Branch).max(100).default([]),
    /** Where the agency may practise; empty means the whole province of the tenant it applies in. */
    practiceRegions: z.array(DivisionCode).max(500).default([]),
    /** 承诺书, signed and uploaded. */
    commitmentLetterDocumentId: DocumentId.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const duplicate = (path: (string | number)[], zh: string, en: string) => ctx.addIssue({ code: 'custom', path, message: en, params: { zh } });
    const seen = <T>(values: T[], key: (v: T) => string, report: (index: number) => void) => {
      const keys = new Set<string>();
      values.forEach((v, i) => {
        const k = key(v);
        if (keys.has(k)) report(i);
        keys.add(k);
      });
    };
    seen(c.serviceItems, itemKey, (i) => duplicate(['serviceItems', i], '服务事项重复', 'Service item listed twice'));
    seen(c.qualifications, (q) => q.id, (i) => duplicate(['qualifications', i, 'id'], '资质编号（id）重复', 'Qualification id used twice'));
    seen(c.practitioners, (p) => p.id, (i) => duplicate(['practitioners', i, 'id'], '人员编号（id）重复', 'Practitioner id used twice'));
    seen(c.practitioners, (p) => p.idNumber, (i) => duplicate(['practitioners', i, 'idNumber'], '同一人员重复登记', 'The same person is listed twice'));
    seen(c.practiceRegions, (r) => r, (i) => duplicate(['practiceRegions', i], '从业区域重复', 'Region listed twice'));
  });
export type ApplicationContent = z.output<typeof ApplicationContent>;
export type ApplicationContentInput = z.input<typeof ApplicationContent>;

export const APPLICATION_STATUSES = ['draft', 'submitted', 'admitted', 'refused', 'returned', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * draft → submitted → admitted | refused | returned (补正) | withdrawn; returned → submitted (after the fixes)
 * | withdrawn. Admitted, refused and withdrawn are final: a refused agency files a new application.
 */
export const APPLICATION_TRANSITIONS: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['admitted', 'refused', 'returned', 'withdrawn'],
  returned: ['submitted', 'withdrawn'],
  admitted: [],
  refused: [],
  withdrawn: [],
};

/** An application in these states blocks a second one for the same code (409). */
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['draft', 'submitted', 'returned'];

export const STATUS_ZH: Record<ApplicationStatus, string> = {
  draft: '草稿', submitted: '审查中', admitted: '已入驻', refused: '不予入驻', returned: '退回补正', withdrawn: '已撤回',
};

export interface StatusChange {
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  at: string;
  by: string;
  reason?: string;
  fixes?: Fix[];
}

export interface AgencyApplication {
  id: string;
  /** The tenant (city or county) it was filed in; its documents live under this tenant's prefix. */
  tenant: string;
  province: string;
  /** Denormalised from the content: the key that allows one open application per code. */
  uscc: string;
  status: ApplicationStatus;
  /** +1 on every change; stores write conditionally on it. */
  version: number;
  content: ApplicationContent;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  submittedAt?: string;
  decidedAt?: string;
  /** The current review round (one per submission). */
  review?: ReviewRound;
  /** What to fix, while returned (补正) or once refused. */
  fixes?: Fix[];
  history: StatusChange[];
}

export interface Change {
  /** Instant, ISO 8601 with offset (or a Date). */
  at: string | Date;
  /** Who: a user's `sub`, or `system:<job>`. */
  by: string;
  reason?: string;
}

function withDefaultRegions(content: ApplicationContent, province: string): ApplicationContent {
  // Default "the whole province": admitted once, valid province-wide (一地入驻、全省通行).
  return content.practiceRegions.length > 0 ? content : { ...content, practiceRegions: [province] };
}

export function createApplication(input: { id: string; tenant: string; content: ApplicationContent } & Change): AgencyApplication {
  if (!isDivisionCode(input.tenant)) throw new RangeError(`Not a tenant code: ${input.tenant}`);
  const province = provinceOf(input.tenant);
  const at = shanghaiInstant(input.at);
  return {
    id: input.id,
    tenant: input.tenant,
    province,
    uscc: input.content.uscc,
    status: 'draft',
    version: 1,
    content: withDefaultRegions(input.content, province),
    createdAt: at,
    createdBy: input.by,
    updatedAt: at,
    updatedBy: input.by,
    history: [{ from: null, to: 'draft', at, by: input.by }],
  };
}

/** "A second application for the same code while one is open is refused", and an admitted agency changes, not re-applies. */
export function assertMayApply(uscc: string, existing: readonly Pick<AgencyApplication, 'id' | 'status'>[], agency?: { status: string }): void {
  const open = existing.find((a) => OPEN_APPLICATION_STATUSES.includes(a.status));
  if (open) {
    throw problems.conflict(
      'application.already-open',
      `该统一社会信用代码已有未办结的入驻申请（${open.id}，${STATUS_ZH[open.status]}）`,
      `An application for this code is already open (${open.id}, ${open.status})`,
      { applicationId: open.id, uscc },
    );
  }
  if (agency && agency.status !== 'cleared') {
    throw problems.conflict('agency.already-admitted', '该机构已入驻，请通过变更或延期办理', 'This agency is already admitted; request a change or an extension instead', { uscc });
  }
}

/** The agency edits its draft, or its returned application (补正). The code cannot change: it is the key. */
export function reviseApplication(app: AgencyApplication, content: ApplicationContent, change: Change & { expectedVersion?: number }): AgencyApplication {
  if (app.status !== 'draft' && app.status !== 'returned') {
    throw problems.conflict('application.not-editable', `申请状态为“${STATUS_ZH[app.status]}”，不能修改`, `An application that is ${app.status} cannot be edited`, { status: app.status });
  }
  if (change.expectedVersion !== undefined && change.expectedVersion !== app.version) {
    throw problems.conflict('application.version-mismatch', `申请已被修改（当前版本 ${app.version}），请刷新后重试`, `The application changed meanwhile (version ${app.version}); reload and retry`, { version: app.version });
  }
  if (content.uscc !== app.uscc) {
    throw problems.validation([field('uscc', 'application.uscc-immutable', '统一社会信用代码不能修改，请撤回后重新申请', 'The code cannot change; withdraw and apply again')]);
  }
  const at = shanghaiInstant(change.at);
  return { ...app, content: withDefaultRegions(content, app.province), version: app.version + 1, updatedAt: at, updatedBy: change.by };
}

function field(path: string, code: string, zh: string, en: string): FieldProblem {
  return { path, code, message: { zh, en } };
}

export interface SubmissionContext {
  at: string | Date;
  by: string;
  policy: Pick<TenantPolicy, 'socialSecurityMonths'>;
  /** Ids of the documents uploaded to this application and accepted (size, type, SHA-256 checked). */
  documents: Iterable<string>;
  /** The catalogue items the application names (whatever was found; missing ones are reported). */
  catalogue: readonly CatalogItemLike[];
}

function documentProblems(path: string, id: string | undefined, uploaded: ReadonlySet<string>, what: { zh: string; en: string }): FieldProblem[] {
  if (!id) return [field(path, 'application.document-missing', `缺少${what.zh}`, `${what.en} is missing`)];
  if (!uploaded.has(id)) return [field(path, 'application.document-not-uploaded', `${what.zh}（${id}）尚未上传或未通过检查`, `${what.en} (${id}) was not uploaded or did not pass the upload checks`)];
  return [];
}

/** Every offered item must be catalogued, in use, and have its qualification requirements met on `date`. */
export function serviceItemProblems(content: Pick<ApplicationContent, 'serviceItems' | 'qualifications'>, catalogue: readonly CatalogItemLike[], date: LocalDate, pathPrefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (content.serviceItems.length === 0) {
    out.push(field(`${pathPrefix}serviceItems`, 'application.no-service-item', '请至少选择一项中介服务事项', 'Offer at least one catalogued service item'));
  }
  const index = catalogueIndex(catalogue);
  content.serviceItems.forEach((ref, i) => {
    const path = `${pathPrefix}serviceItems.${i}`;
    const item = index.get(itemKey(ref));
    if (!item) {
      out.push(field(path, 'application.unknown-service-item', `服务事项 ${ref.code}（${ref.tenant}）不在事项清单中`, `Service item ${ref.code} (${ref.tenant}) is not in the catalogue`));
      return;
    }
    if (item.status === 'retired') {
      out.push(field(path, 'application.service-item-retired', `服务事项 ${ref.code} 已停用`, `Service item ${ref.code} is retired`));
      return;
    }
    for (const requirement of item.qualificationRequirements) {
      for (const gap of requirementGaps(content.qualifications, requirement, date)) {
        const d = describeGap(gap, date);
        out.push(field(path, 'application.requirement-not-met', `服务事项 ${ref.code}：${d.zh}`, `Service item ${ref.code}: ${d.en}`));
      }
    }
  });
  return out;
}

/** Qualifications: at least one when any offered item requires one; each valid on `date` with its scan uploaded. */
export function qualificationProblems(
  content: Pick<ApplicationContent, 'serviceItems' | 'qualifications'>,
  catalogue: readonly CatalogItemLike[],
  date: LocalDate,
  uploaded: ReadonlySet<string>,
  pathPrefix = '',
): FieldProblem[] {
  const out: FieldProblem[] = [];
  // Seed 001 §二(二) opens the supermarket also to agencies "依法不需要资质但具有相应服务能力": an agency offering
  // only items without a qualification requirement may apply without a certificate.
  const index = catalogueIndex(catalogue);
  const anyRequired = content.serviceItems.some((ref) => (index.get(itemKey(ref))?.qualificationRequirements.length ?? 0) > 0);
  if (content.qualifications.length === 0 && (anyRequired || content.serviceItems.length === 0)) {
    out.push(field(`${pathPrefix}qualifications`, 'application.no-qualification', '请至少登记一项资质证书', 'Register at least one qualification certificate'));
  }
  content.qualifications.forEach((q, i) => {
    const path = `${pathPrefix}qualifications.${i}`;
    const validity = validityOn(q, date);
    if (validity === 'expired') {
      out.push(field(`${path}.validTo`, 'application.qualification-not-valid', `资质证书 ${q.number} 已于 ${q.validTo} 到期`, `Qualification ${q.number} expired on ${q.validTo}`));
    } else if (validity === 'not-yet-valid') {
      out.push(field(`${path}.validFrom`, 'application.qualification-not-valid', `资质证书 ${q.number} 自 ${q.validFrom} 起才生效`, `Qualification ${q.number} is valid only from ${q.validFrom}`));
    }
    out.push(...documentProblems(`${path}.documentId`, q.documentId, uploaded, { zh: '资质证书扫描件', en: 'The scanned certificate' }));
  });
  return out;
}

/**
 * Practitioners: at least one, each with a practising certificate valid on `date` and social-security proof for
 * each of the `months` whole months before it — 沅陵 (seed 002): 中介机构业务人员需上传近三个月的社保证明，避免人员
 * 挂靠、空壳机构入驻. An agency listing nobody would dodge that rule, hence "at least one".
 */
export function practitionerProblems(practitioners: readonly Practitioner[], date: LocalDate, months: number, uploaded: ReadonlySet<string>, pathPrefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (practitioners.length === 0) {
    out.push(field(`${pathPrefix}practitioners`, 'application.no-practitioner', '请至少登记一名从业人员及其社保证明', 'List at least one practitioner with social-security proof'));
  }
  const required = monthsBefore(date, months);
  practitioners.forEach((p, i) => {
    const path = `${pathPrefix}practitioners.${i}`;
    if (p.certificate.validTo !== undefined && p.certificate.validTo < date) {
      out.push(field(`${path}.certificate.validTo`, 'application.certificate-expired', `${p.name} 的执业证书已于 ${p.certificate.validTo} 到期`, `${p.name}'s practising certificate expired on ${p.certificate.validTo}`));
    }
    out.push(...documentProblems(`${path}.certificateDocumentId`, p.certificateDocumentId, uploaded, { zh: `${p.name} 的执业证书扫描件`, en: `${p.name}'s scanned certificate` }));
    if (!p.socialSecurity) {
      out.push(field(`${path}.socialSecurity`, 'application.social-security-missing', `缺少 ${p.name} 近 ${months} 个月的社保证明`, `${p.name}'s social-security proof for the last ${months} months is missing`));
      return;
    }
    const paid = new Set(p.socialSecurity.months);
    const missing = required.filter((m) => !paid.has(m));
    if (missing.length > 0) {
      out.push(field(`${path}.socialSecurity.months`, 'application.social-security-gap', `${p.name} 缺少 ${missing.join('、')} 的社保缴纳记录（须覆盖申请前 ${months} 个月）`, `${p.name} has no social-security contribution for ${missing.join(', ')} (the ${months} months before applying must be covered)`));
    }
    out.push(...documentProblems(`${path}.socialSecurity.documentId`, p.socialSecurity.documentId, uploaded, { zh: `${p.name} 的社保证明`, en: `${p.name}'s social-security proof` }));
  });
  return out;
}

/** Practice and branch regions must lie in the province the agency is admitted to. */
export function regionProblems(content: Pick<ApplicationContent, 'practiceRegions' | 'branches'>, province: string, pathPrefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  const outside = (path: string, region: string) =>
    out.push(field(path, 'application.region-outside-province', `区域 ${region} 不在本省（${province}）范围内`, `Region ${region} is outside the province (${province})`));
  content.practiceRegions.forEach((r, i) => {
    if (!regionCovers(province, r)) outside(`${pathPrefix}practiceRegions.${i}`, r);
  });
  content.branches.forEach((b, i) =>
    b.regions.forEach((r, j) => {
      if (!regionCovers(province, r)) outside(`${pathPrefix}branches.${i}.regions.${j}`, r);
    }),
  );
  return out;
}

/** Everything that stands between this application and submission; empty when it may be submitted. */
export function submissionProblems(app: Pick<AgencyApplication, 'content' | 'province'>, ctx: SubmissionContext): FieldProblem[] {
  const date = shanghaiDateOf(ctx.at);
  const uploaded = new Set(ctx.documents);
  const c = app.content;
  return [
    ...serviceItemProblems(c, ctx.catalogue, date),
    ...qualificationProblems(c, ctx.catalogue, date, uploaded),
    ...practitionerProblems(c.practitioners, date, ctx.policy.socialSecurityMonths, uploaded),
    ...documentProblems('commitmentLetterDocumentId', c.commitmentLetterDocumentId, uploaded, { zh: '签署的承诺书', en: 'The signed commitment letter' }),
    ...regionProblems(c, app.province),
  ];
}

function illegalTransition(from: ApplicationStatus, to: ApplicationStatus): DomainError {
  return problems.conflict(
    'application.illegal-transition',
    `申请状态为“${STATUS_ZH[from]}”，不能变为“${STATUS_ZH[to]}”`,
    `An application that is ${from} cannot become ${to}`,
    { from, to },
  );
}

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return APPLICATION_TRANSITIONS[from].includes(to);
}

function transition(app: AgencyApplication, to: ApplicationStatus, change: Change & { fixes?: Fix[] }, patch: Partial<AgencyApplication> = {}): AgencyApplication {
  if (!canTransition(app.status, to)) throw illegalTransition(app.status, to);
  const at = shanghaiInstant(change.at);
  const entry: StatusChange = { from: app.status, to, at, by: change.by };
  if (change.reason !== undefined) entry.reason = change.reason;
  if (change.fixes !== undefined) entry.fixes = change.fixes;
  const next: AgencyApplication = { ...app, ...patch, status: to, version: app.version + 1, updatedAt: at, updatedBy: change.by, history: [...app.history, entry] };
  // A patch value of undefined removes the field (stores and JSON should not see `undefined`).
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete (next as unknown as Record<string, unknown>)[key];
  return next;
}

/**
 * Submit (or resubmit after 补正). Refused with every field problem at once when incomplete. The review round
 * (required reviewers, due date) comes from joint-review.ts (`submitForReview` composes both).
 */
export function submitApplication(app: AgencyApplication, ctx: SubmissionContext & { review: ReviewRound }): AgencyApplication {
  if (!canTransition(app.status, 'submitted')) throw illegalTransition(app.status, 'submitted');
  const found = submissionProblems(app, ctx);
  if (found.length > 0) throw problems.validation(found);
  const at = shanghaiInstant(ctx.at);
  return transition(app, 'submitted', { at, by: ctx.by }, { submittedAt: at, review: ctx.review, fixes: undefined, decidedAt: undefined });
}

export function admitApplication(app: AgencyApplication, change: Change): AgencyApplication {
  return transition(app, 'admitted', change, { decidedAt: shanghaiInstant(change.at) });
}

export function refuseApplication(app: AgencyApplication, change: Change & { fixes: Fix[] }): AgencyApplication {
  return transition(app, 'refused', change, { decidedAt: shanghaiInstant(change.at), fixes: change.fixes });
}

/** 补正: back to the agency with the list of fixes; it edits and resubmits, which opens a new review round. */
export function returnApplication(app: AgencyApplication, change: Change & { fixes: Fix[] }): AgencyApplication {
  return transition(app, 'returned', change, { fixes: change.fixes });
}

export function withdrawApplication(app: AgencyApplication, change: Change): AgencyApplication {
  return transition(app, 'withdrawn', change, { decidedAt: shanghaiInstant(change.at) });
}
