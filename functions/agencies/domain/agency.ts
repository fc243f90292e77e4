import * as z from 'zod';
import type { InstantInput, WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { maskIdNumber } from '#shared/codes/resident-id-number.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { type FieldProblem, problems } from '#shared/http/problems.ts';
import {
  type AgencyApplication,
  Branch,
  Contact,
  DocumentId,
  EntryId,
  LegalRepresentative,
  PhoneNumber,
  type Practitioner,
  Practitioner as PractitionerSchema,
  type Qualification,
  Qualification as QualificationSchema,
  practitionerProblems,
  qualificationProblems,
  regionProblems,
  serviceItemProblems,
} from './application.ts';
import { type DecisionInput, type Fix, type OutcomeRule, type ReviewRound, type Reviewer, decideInRound, openReviewRound, requiredReviewers, reviewDue } from './joint-review.ts';
import { type CatalogItemLike, ServiceItemRef, catalogueIndex, itemKey } from './offered-item.ts';
import { shanghaiDateOf, shanghaiInstant } from './shanghai-dates.ts';

/**
 * The admitted agency (入驻机构): one province-wide record, admitted once and valid in every city
 * (一地入驻、全省通行), replicated to every city through `AgencyAdmitted` / `AgencyChanged` / `AgencyCleared`
 * events. Replicas apply an event only when it carries a newer `version` (`isNewerVersion`), so replays and
 * out-of-order deliveries change nothing; hence every change, however small, increments `version`.
 *
 * Data minimisation (个人信息保护法 第六条, 最小必要): the record travels to every city, so it carries no full ID
 * number (masked only) and no social-security data; those stay with the application, in the admitting city.
 */
export const AGENCY_STATUSES = ['active', 'suspended', 'cleared'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

export interface ItemSuspension {
  /** `qualification-expired`: by the daily job, lifted when the qualification is valid again; `operator`: by hand. */
  cause: 'qualification-expired' | 'operator';
  reason: string;
  since: string;
  by: string;
  qualificationIds?: string[];
}

export interface AgencyServiceItem extends ServiceItemRef {
  status: 'active' | 'suspended';
  suspension?: ItemSuspension;
}

export interface AgencyPractitioner {
  id: string;
  name: string;
  idNumberMasked: string;
  certificate: Practitioner['certificate'];
  certificateDocumentId?: string;
}

export type ClearedBy = { kind: 'operator'; sub: string } | { kind: 'credit'; recordId: string; sub?: string };

export interface Agency {
  uscc: string;
  name: string;
  legalRepresentative: { name: string; idNumberMasked: string };
  address: string;
  officePhone?: string;
  contact: z.infer<typeof Contact>;
  serviceItems: AgencyServiceItem[];
  qualifications: Qualification[];
  practitioners: AgencyPractitioner[];
  branches: Branch[];
  practiceRegions: string[];
  commitmentLetterDocumentId?: string;
  status: AgencyStatus;
  province: string;
  /** The tenant it was admitted in; its documents live there. */
  admittedIn: string;
  applicationId: string;
  admittedAt: string;
  suspension?: { reason: string; at: string; by: string };
  /** 清退 */
  clearance?: { reason: string; at: string; by: ClearedBy };
  /** A change or extension request under review. */
  pendingChangeId?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface AgencyChangeContext {
  at: InstantInput;
  by: string;
}

function practitionerRecord(p: Practitioner): AgencyPractitioner {
  const out: AgencyPractitioner = { id: p.id, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), certificate: { ...p.certificate } };
  if (p.certificateDocumentId !== undefined) out.certificateDocumentId = p.certificateDocumentId;
  return out;
}

/** The province-wide record of an admitted application. */
export function agencyFromApplication(app: AgencyApplication): Agency {
  if (app.status !== 'admitted' || !app.decidedAt) {
    throw problems.conflict('application.not-admitted', '申请尚未准予入驻', 'The application has not been admitted', { status: app.status });
  }
  const c = app.content;
  const agency: Agency = {
    uscc: c.uscc,
    name: c.name,
    legalRepresentative: { name: c.legalRepresentative.name, idNumberMasked: maskIdNumber(c.legalRepresentative.idNumber) },
    address: c.address,
    contact: { ...c.contact },
    serviceItems: c.serviceItems.map((ref) => ({ tenant: ref.tenant, code: ref.code, status: 'active' })),
    qualifications: c.qualifications.map((q) => ({ ...q })),
    practitioners: c.practitioners.map(practitionerRecord),
    branches: c.branches.map((b) => ({ ...b, regions: [...b.regions] })),
    practiceRegions: [...c.practiceRegions],
    status: 'active',
    province: app.province,
    admittedIn: app.tenant,
    applicationId: app.id,
    admittedAt: app.decidedAt,
    version: 1,
    updatedAt: app.decidedAt,
    updatedBy: app.updatedBy,
  };
  if (c.officePhone !== undefined) agency.officePhone = c.officePhone;
  if (c.commitmentLetterDocumentId !== undefined) agency.commitmentLetterDocumentId = c.commitmentLetterDocumentId;
  return agency;
}

/** Replicas apply an agency event only when it is newer than what they hold. */
export function isNewerVersion(current: Pick<Agency, 'version'> | undefined, incoming: Pick<Agency, 'version'>): boolean {
  return current === undefined || incoming.version > current.version;
}

function bump(agency: Agency, change: AgencyChangeContext, patch: Partial<Agency>): Agency {
  const next: Agency = { ...agency, ...patch, version: agency.version + 1, updatedAt: shanghaiInstant(change.at), updatedBy: change.by };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete (next as unknown as Record<string, unknown>)[key];
  return next;
}

function assertNotCleared(agency: Agency): void {
  if (agency.status === 'cleared') throw problems.conflict('agency.cleared', '该机构已被清退', 'The agency has been cleared from the supermarket', { uscc: agency.uscc });
}

function requireReason(reason: string): void {
  if (reason.trim().length === 0) {
    throw problems.validation([{ path: 'reason', code: 'agency.reason-required', message: { zh: '须说明理由', en: 'A reason is required' } }]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 变更 (changes) and 延期 (extensions)
// ---------------------------------------------------------------------------------------------------------------

/**
 * A change (变更) to an admitted agency; every field optional, lists replace the whole list. `officePhone: null`
 * removes the published number.
 */
export const AgencyChange = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    legalRepresentative: LegalRepresentative.optional(),
    address: z.string().trim().min(1).max(300).optional(),
    officePhone: PhoneNumber.nullable().optional(),
    contact: Contact.optional(),
    serviceItems: z.array(ServiceItemRef).max(200).optional(),
    qualifications: z.array(QualificationSchema).max(50).optional(),
    practitioners: z.array(PractitionerSchema).max(500).optional(),
    branches: z.array(Branch).max(100).optional(),
    practiceRegions: z.array(DivisionCode).min(1).max(500).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (Object.keys(c).length === 0) ctx.addIssue({ code: 'custom', message: 'Nothing to change', params: { zh: '没有需要变更的内容' } });
    const once = <T>(list: 'qualifications' | 'practitioners' | 'serviceItems', rows: readonly T[] | undefined, key: (row: T) => string, field: string | null) => {
      const seen = new Set<string>();
      rows?.forEach((row, i) => {
        const k = key(row);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: field ? [list, i, field] : [list, i], message: 'Listed twice', params: { zh: '重复' } });
        seen.add(k);
      });
    };
    once('qualifications', c.qualifications, (q) => q.id, 'id');
    once('practitioners', c.practitioners, (p) => p.id, 'id');
    once('practitioners', c.practitioners, (p) => p.idNumber, 'idNumber');
    once('serviceItems', c.serviceItems, itemKey, null);
  });
export type AgencyChange = z.infer<typeof AgencyChange>;

/** A 延期 (extension) request: the renewed certificate's new validity and its scan. */
export const AgencyExtension = z
  .object({ qualificationId: EntryId, validFrom: z.iso.date().optional(), validTo: z.iso.date(), documentId: DocumentId })
  .strict();
export type AgencyExtension = z.infer<typeof AgencyExtension>;

/**
 * Which changes need re-review. The rule (issue: "re-reviewed only when they touch qualifications"):
 *  - reviewed: qualifications; practitioners (their certificates and social-security proof are what the
 *    regulators vouched for, seed 002); service items *added* (a new item's requirements must be checked);
 *    the name (certificates are issued to the named holder, and the e-licence check keys on it);
 *  - at once: contact, address, office phone, legal representative (a registration fact behind the USCC,
 *    not a qualification), branches and practice regions (the agency's own management, seed 000 §四(二)2:
 *    分支机构从业区域管理 is an internal function of the agency's page), and service items *withdrawn* (an agency
 *    may stop offering a service without anyone's permission).
 */
export const IMMEDIATE_CHANGE_FIELDS = ['legalRepresentative', 'address', 'officePhone', 'contact', 'branches', 'practiceRegions'] as const;
export const REVIEWED_CHANGE_FIELDS = ['name', 'serviceItems', 'qualifications', 'practitioners'] as const;
export type ReviewedChangeField = (typeof REVIEWED_CHANGE_FIELDS)[number];

export type ReviewedChanges = Pick<AgencyChange, ReviewedChangeField>;

export interface AgencyChangeRequest {
  id: string;
  uscc: string;
  kind: 'change' | 'extension';
  status: 'pending' | 'approved' | 'refused' | 'returned' | 'withdrawn';
  /** Kept with the request in the admitting city: practitioners here carry full ID numbers and proofs. */
  changes: ReviewedChanges;
  extension?: AgencyExtension;
  review: ReviewRound;
  requestedAt: string;
  requestedBy: string;
  /** The agency's version when requested. */
  baseVersion: number;
  version: number;
  decidedAt?: string;
  reason?: string;
  fixes?: Fix[];
}

export interface ChangeRequestContext extends AgencyChangeContext {
  requestId: string;
  catalogue: readonly CatalogItemLike[];
  calendar: Pick<WorkingDayCalendar, 'addWorkingDays'>;
  policy: Pick<TenantPolicy, 'admissionReviewWorkingDays' | 'socialSecurityMonths'>;
  /** Documents uploaded for this request and accepted. */
  documents: Iterable<string>;
}

export interface ChangeOutcome {
  agency: Agency;
  /** Present when part of the change needs review. */
  request?: AgencyChangeRequest;
  applied: string[];
  pendingReview: string[];
}

function split(agency: Agency, change: AgencyChange): { immediate: Partial<AgencyChange>; reviewed: ReviewedChanges; itemsWithdrawn: boolean } {
  const immediate: Partial<AgencyChange> = {};
  const reviewed: ReviewedChanges = {};
  for (const key of IMMEDIATE_CHANGE_FIELDS) if (key in change) (immediate as Record<string, unknown>)[key] = change[key];
  if (change.name !== undefined && change.name !== agency.name) reviewed.name = change.name;
  if (change.qualifications) reviewed.qualifications = change.qualifications;
  if (change.practitioners) reviewed.practitioners = change.practitioners;
  let itemsWithdrawn = false;
  if (change.serviceItems) {
    const current = new Set(agency.serviceItems.map(itemKey));
    if (change.serviceItems.some((ref) => !current.has(itemKey(ref)))) reviewed.serviceItems = change.serviceItems;
    else itemsWithdrawn = true;
  }
  return { immediate, reviewed, itemsWithdrawn };
}

function keptItems(agency: Agency, refs: readonly ServiceItemRef[]): AgencyServiceItem[] {
  const current = new Map(agency.serviceItems.map((i) => [itemKey(i), i]));
  return refs.map((ref) => current.get(itemKey(ref)) ?? { tenant: ref.tenant, code: ref.code, status: 'active' });
}

function prefixed(found: FieldProblem[], prefix: string): FieldProblem[] {
  return found.map((p) => ({ ...p, path: `${prefix}${p.path}` }));
}

function sameQualification(a: Qualification, b: Qualification): boolean {
  return a.id === b.id && a.type === b.type && a.number === b.number && a.grade === b.grade && a.issuer === b.issuer && a.validFrom === b.validFrom && a.validTo === b.validTo && a.documentId === b.documentId;
}

function samePractitioner(current: AgencyPractitioner, p: Practitioner): boolean {
  return (
    current.id === p.id &&
    current.name === p.name &&
    current.idNumberMasked === maskIdNumber(p.idNumber) &&
    current.certificate.type === p.certificate.type &&
    current.certificate.number === p.certificate.number &&
    current.certificate.validTo === p.certificate.validTo &&
    current.certificateDocumentId === p.certificateDocumentId
  );
}

function unchangedRows<T>(rows: readonly T[], isUnchanged: (row: T) => boolean): Set<number> {
  const out = new Set<number>();
  rows.forEach((row, i) => {
    if (isUnchanged(row)) out.add(i);
  });
  return out;
}

/** Drop the row-level problems (`<list>.<i>…`) of unchanged rows; list-level ones (`<list>`) stay. */
function withoutRows(found: FieldProblem[], list: string, unchanged: ReadonlySet<number>): FieldProblem[] {
  const row = new RegExp(`^${list}\\.(\\d+)(\\.|$)`);
  return found.filter((p) => {
    const match = row.exec(p.path);
    return !match || !unchanged.has(Number(match[1]));
  });
}

function assertNoPendingChange(agency: Agency): void {
  if (agency.pendingChangeId) {
    throw problems.conflict('agency.change-pending', `已有变更或延期申请（${agency.pendingChangeId}）正在审查`, `A change or extension request (${agency.pendingChangeId}) is under review`, { requestId: agency.pendingChangeId });
  }
}

function openRequest(agency: Agency, kind: AgencyChangeRequest['kind'], changes: ReviewedChanges, refs: readonly ServiceItemRef[], ctx: ChangeRequestContext): AgencyChangeRequest {
  const at = shanghaiInstant(ctx.at);
  const review = openReviewRound({ required: requiredReviewers(refs, ctx.catalogue), at, due: reviewDue(at, ctx.calendar, ctx.policy) });
  return { id: ctx.requestId, uscc: agency.uscc, kind, status: 'pending', changes, review, requestedAt: at, requestedBy: ctx.by, baseVersion: agency.version, version: 1 };
}

/**
 * 变更: applies what may apply at once, and opens a review for what touches qualifications. Refused with field
 * problems (paths under `changes.`) when the reviewed part would not pass submission's checks.
 */
export function requestChange(agency: Agency, change: AgencyChange, ctx: ChangeRequestContext): ChangeOutcome {
  assertNotCleared(agency);
  const { immediate, reviewed, itemsWithdrawn } = split(agency, change);
  const pendingReview = Object.keys(reviewed);
  if (pendingReview.length > 0) assertNoPendingChange(agency);

  const date = shanghaiDateOf(ctx.at);
  const uploaded = new Set(ctx.documents);
  const found: FieldProblem[] = [];
  found.push(...prefixed(regionProblems({ practiceRegions: change.practiceRegions ?? [], branches: change.branches ?? [] }, agency.province), 'changes.'));
  // Only what the change adds or alters is checked row by row: unchanged rows were checked at admission, and an
  // unchanged certificate that has since expired is the expiry job's business (延期), not a reason to refuse.
  const qualifications = reviewed.qualifications ?? agency.qualifications;
  if (reviewed.serviceItems) {
    const current = new Set(agency.serviceItems.map(itemKey));
    const kept = unchangedRows(reviewed.serviceItems, (ref) => current.has(itemKey(ref)));
    const rows = serviceItemProblems({ serviceItems: reviewed.serviceItems, qualifications }, ctx.catalogue, date);
    found.push(...prefixed(withoutRows(rows, 'serviceItems', kept), 'changes.'));
  }
  if (itemsWithdrawn && change.serviceItems!.length === 0) {
    found.push({ path: 'changes.serviceItems', code: 'application.no-service-item', message: { zh: '至少保留一项中介服务事项', en: 'Keep at least one service item' } });
  }
  if (reviewed.qualifications) {
    const refs = reviewed.serviceItems ?? agency.serviceItems;
    const unchanged = unchangedRows(reviewed.qualifications, (q) => agency.qualifications.some((c) => sameQualification(c, q)));
    const rows = qualificationProblems({ serviceItems: refs, qualifications: reviewed.qualifications }, ctx.catalogue, date, uploaded);
    found.push(...prefixed(withoutRows(rows, 'qualifications', unchanged), 'changes.'));
  }
  if (reviewed.practitioners) {
    const unchanged = unchangedRows(reviewed.practitioners, (p) => agency.practitioners.some((c) => samePractitioner(c, p)));
    const rows = practitionerProblems(reviewed.practitioners, date, ctx.policy.socialSecurityMonths, uploaded);
    found.push(...prefixed(withoutRows(rows, 'practitioners', unchanged), 'changes.'));
  }
  if (found.length > 0) throw problems.validation(found);

  const applied = Object.keys(immediate);
  const patch: Partial<Agency> = {};
  if (immediate.legalRepresentative) {
    patch.legalRepresentative = { name: immediate.legalRepresentative.name, idNumberMasked: maskIdNumber(immediate.legalRepresentative.idNumber) };
  }
  if (immediate.address !== undefined) patch.address = immediate.address;
  if ('officePhone' in immediate) patch.officePhone = immediate.officePhone ?? undefined;
  if (immediate.contact) patch.contact = { ...immediate.contact };
  if (immediate.branches) patch.branches = immediate.branches.map((b) => ({ ...b, regions: [...b.regions] }));
  if (immediate.practiceRegions) patch.practiceRegions = [...immediate.practiceRegions];
  if (itemsWithdrawn) {
    patch.serviceItems = keptItems(agency, change.serviceItems!);
    applied.push('serviceItems');
  }

  let request: AgencyChangeRequest | undefined;
  if (pendingReview.length > 0) {
    request = openRequest(agency, 'change', reviewed, reviewed.serviceItems ?? agency.serviceItems, ctx);
    patch.pendingChangeId = request.id;
  }
  if (applied.length === 0 && !request) return { agency, applied, pendingReview };
  return { agency: bump(agency, ctx, patch), request, applied, pendingReview };
}

/**
 * 延期: a renewed certificate. It touches a qualification, so it is reviewed like a change, by the operator and
 * the regulators of the items whose requirements name that qualification's type.
 */
export function requestExtension(agency: Agency, extension: AgencyExtension, ctx: ChangeRequestContext): { agency: Agency; request: AgencyChangeRequest } {
  assertNotCleared(agency);
  assertNoPendingChange(agency);
  const current = agency.qualifications.find((q) => q.id === extension.qualificationId);
  const found: FieldProblem[] = [];
  if (!current) {
    found.push({ path: 'qualificationId', code: 'agency.unknown-qualification', message: { zh: '没有该资质证书', en: 'No such qualification' } });
  } else if (extension.validTo <= current.validTo) {
    found.push({ path: 'validTo', code: 'agency.extension-not-later', message: { zh: `延期后的有效期须晚于 ${current.validTo}`, en: `The extended validity must end after ${current.validTo}` } });
  }
  if (extension.validFrom !== undefined && extension.validFrom > extension.validTo) {
    found.push({ path: 'validFrom', code: 'agency.extension-invalid', message: { zh: '有效期起晚于有效期止', en: 'validFrom is after validTo' } });
  }
  if (!new Set(ctx.documents).has(extension.documentId)) {
    found.push({ path: 'documentId', code: 'application.document-not-uploaded', message: { zh: '新证书扫描件尚未上传或未通过检查', en: 'The renewed certificate was not uploaded or did not pass the upload checks' } });
  }
  if (found.length > 0) throw problems.validation(found);
  const renewed: Qualification = { ...current!, validTo: extension.validTo, documentId: extension.documentId };
  if (extension.validFrom !== undefined) renewed.validFrom = extension.validFrom;
  const qualifications = agency.qualifications.map((q) => (q.id === renewed.id ? renewed : q));
  const index = catalogueIndex(ctx.catalogue);
  const concerned = agency.serviceItems.filter((ref) => index.get(itemKey(ref))?.qualificationRequirements.some((r) => r.type === renewed.type));
  const request = { ...openRequest(agency, 'extension', { qualifications }, concerned, ctx), extension: { ...extension } };
  return { agency: bump(agency, ctx, { pendingChangeId: request.id }), request };
}

function applyReviewed(agency: Agency, changes: ReviewedChanges): Partial<Agency> {
  const patch: Partial<Agency> = {};
  if (changes.name !== undefined) patch.name = changes.name;
  if (changes.serviceItems) patch.serviceItems = keptItems(agency, changes.serviceItems);
  if (changes.qualifications) patch.qualifications = changes.qualifications.map((q) => ({ ...q }));
  if (changes.practitioners) patch.practitioners = changes.practitioners.map(practitionerRecord);
  return patch;
}

/**
 * A reviewer's decision on a pending change or extension (same slots and rule as admission). On approval the
 * changes apply to the agency; on refusal or return they are dropped with the fixes. After an approved change
 * that touched qualifications, run the expiry rule (qualification-expiry.ts `reconcileItemSuspensions`) so items
 * suspended for an expired certificate come back at once.
 */
export function recordChangeDecision(
  request: AgencyChangeRequest,
  agency: Agency,
  reviewer: Reviewer,
  input: DecisionInput,
  rule?: OutcomeRule,
): { request: AgencyChangeRequest; agency: Agency } {
  if (request.status !== 'pending') {
    throw problems.conflict('agency.change-not-pending', '该变更申请不在审查中', 'The change request is not under review', { status: request.status });
  }
  if (agency.uscc !== request.uscc || agency.pendingChangeId !== request.id) {
    throw problems.conflict('agency.change-stale', '该变更申请已不是机构当前待审的申请', "The request is not the agency's pending change");
  }
  assertNotCleared(agency);
  const result = decideInRound(request.review, reviewer, input, rule);
  const at = shanghaiInstant(input.at);
  const base = { ...request, review: result.round, version: request.version + 1 };
  const change = { at, by: reviewer.sub };
  switch (result.outcome) {
    case 'pending':
      return { request: base, agency };
    case 'admitted':
      return {
        request: { ...base, status: 'approved', decidedAt: at, reason: result.reason },
        agency: bump(agency, change, { ...applyReviewed(agency, request.changes), pendingChangeId: undefined }),
      };
    case 'refused':
    case 'returned':
      return {
        request: { ...base, status: result.outcome, decidedAt: at, reason: result.reason, fixes: result.fixes },
        agency: bump(agency, change, { pendingChangeId: undefined }),
      };
  }
}

export function withdrawChangeRequest(request: AgencyChangeRequest, agency: Agency, change: AgencyChangeContext): { request: AgencyChangeRequest; agency: Agency } {
  if (request.status !== 'pending') {
    throw problems.conflict('agency.change-not-pending', '该变更申请不在审查中', 'The change request is not under review', { status: request.status });
  }
  const at = shanghaiInstant(change.at);
  return {
    request: { ...request, status: 'withdrawn', decidedAt: at, version: request.version + 1 },
    agency: agency.pendingChangeId === request.id ? bump(agency, change, { pendingChangeId: undefined }) : agency,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Suspension and clearance
// ---------------------------------------------------------------------------------------------------------------

/** Suspend the whole agency (e.g. during an investigation); it stops qualifying everywhere until reinstated. */
export function suspendAgency(agency: Agency, reason: string, change: AgencyChangeContext): Agency {
  assertNotCleared(agency);
  requireReason(reason);
  if (agency.status === 'suspended') throw problems.conflict('agency.already-suspended', '该机构已暂停', 'The agency is already suspended');
  return bump(agency, change, { status: 'suspended', suspension: { reason: reason.trim(), at: shanghaiInstant(change.at), by: change.by } });
}

export function reinstateAgency(agency: Agency, change: AgencyChangeContext): Agency {
  assertNotCleared(agency);
  if (agency.status !== 'suspended') throw problems.conflict('agency.not-suspended', '该机构未被暂停', 'The agency is not suspended');
  return bump(agency, change, { status: 'active', suspension: undefined });
}

function findItem(agency: Agency, ref: ServiceItemRef): AgencyServiceItem {
  const item = agency.serviceItems.find((i) => itemKey(i) === itemKey(ref));
  if (!item) throw problems.notFound({ zh: `机构服务事项 ${ref.code}`, en: `The agency's service item ${ref.code}` });
  return item;
}

/** An operator suspends one service item of an agency by hand, with a reason. */
export function suspendServiceItem(agency: Agency, ref: ServiceItemRef, reason: string, change: AgencyChangeContext): Agency {
  assertNotCleared(agency);
  requireReason(reason);
  const item = findItem(agency, ref);
  if (item.status === 'suspended') throw problems.conflict('agency.item-already-suspended', '该服务事项已暂停', 'The service item is already suspended');
  const suspension: ItemSuspension = { cause: 'operator', reason: reason.trim(), since: shanghaiInstant(change.at), by: change.by };
  return bump(agency, change, { serviceItems: agency.serviceItems.map((i) => (i === item ? { tenant: i.tenant, code: i.code, status: 'suspended', suspension } : i)) });
}

/** Lift an operator's suspension. One caused by an expired qualification lifts only with a valid qualification (延期). */
export function restoreServiceItem(agency: Agency, ref: ServiceItemRef, change: AgencyChangeContext): Agency {
  assertNotCleared(agency);
  const item = findItem(agency, ref);
  if (item.status !== 'suspended') throw problems.conflict('agency.item-not-suspended', '该服务事项未暂停', 'The service item is not suspended');
  if (item.suspension?.cause === 'qualification-expired') {
    throw problems.conflict('agency.item-suspended-by-expiry', '该事项因资质过期暂停，资质延期后自动恢复', 'Suspended because a qualification expired; it comes back once the qualification is extended');
  }
  return bump(agency, change, { serviceItems: agency.serviceItems.map((i) => (i === item ? { tenant: i.tenant, code: i.code, status: 'active' } : i)) });
}

/**
 * 清退: the agency is removed from the supermarket province-wide, by an operator (seed 000 §四(三)2: 如情况变化不再
 * 符合进驻条件的，及时从超市予以清退) or by credit (严重失信 → 黑名单, seed 000 §四(四)4), always with a reason.
 * Final: a pending change is dropped; the record stays (history must remain explainable).
 */
export function clearAgency(agency: Agency, reason: string, by: ClearedBy, at: InstantInput): Agency {
  assertNotCleared(agency);
  requireReason(reason);
  const actor = by.kind === 'operator' ? by.sub : (by.sub ?? `system:credit:${by.recordId}`);
  return bump(agency, { at, by: actor }, { status: 'cleared', clearance: { reason: reason.trim(), at: shanghaiInstant(at), by }, pendingChangeId: undefined, suspension: undefined });
}
