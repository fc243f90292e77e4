/**
 * Who may see or act on an application, and what each of them is shown. Shared by the application and agency
 * handlers; the rules themselves (who fills which review slot, what is public) stay in the domain.
 *
 *  - the applying agency: a caller of role `agency` whose `agency` claim (统一社会信用代码, set by the identity
 *    provider, never by the caller) is the application's code. Anyone else's application answers 404, so that an
 *    agency cannot learn which codes have applied;
 *  - reviewers: an operator (or province-admin, read only) whose tenant governs the application's tenant, and a
 *    regulator governing it whose industries include one the application concerns (a regulator slot of its
 *    review round). Before submission there is nothing to review: a draft is the agency's own.
 * ID numbers are shown whole only to the applying agency (it typed them and edits them); reviewers see them
 * masked, and so does the audit chain (最小必要).
 */
import { authorize } from '#shared/auth/authorize.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { problems } from '#shared/http/problems.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import type { ApplicationDocument } from './adapters/application-store.ts';
import type { AgencyChangeRequest, ReviewedChanges } from './domain/agency.ts';
import { type AgencyApplication, type ApplicationContent, type Practitioner, STATUS_ZH, maskIdNumber } from './domain/application.ts';
import { type ReviewRound, type Reviewer, isOverdue, pendingReviewers } from './domain/joint-review.ts';
import { epochMs } from './domain/shanghai-dates.ts';

export type Audience = 'applicant' | 'reviewer';

export { actorOf } from '#shared/auth/caller.ts';
export const reviewerOf = (caller: Caller): Reviewer => ({ sub: caller.sub, role: caller.role, industries: caller.industries });

export const applicationNotFound = (id: string) => problems.notFound({ zh: `入驻申请 ${id}`, en: `Application ${id}` });

export function isClerkOf(caller: Caller, uscc: string): boolean {
  return caller.role === 'agency' && caller.agency === uscc;
}

/** The agency's own application, or 401/403/404. */
export function assertApplicant(caller: Caller, app: Pick<AgencyApplication, 'id' | 'uscc'>): void {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (caller.role !== 'agency') throw problems.forbidden({ zh: '只有申请机构本身可以办理', en: 'only the applying agency may do this' });
  if (caller.agency !== app.uscc) throw applicationNotFound(app.id);
}

/** Industries of the review round's regulator slots. */
export const industriesConcerned = (round: ReviewRound | undefined): string[] =>
  (round?.required ?? []).filter((r) => r.role === 'regulator' && r.industry).map((r) => r.industry!);

/**
 * A reviewer of something filed in `tenant` and concerning `round`'s industries: an operator or province-admin
 * governing the tenant, or a regulator governing it with one of those industries. Throws 401/403/404.
 */
export async function assertReviewerOf(caller: Caller, tenant: string, round: ReviewRound | undefined): Promise<void> {
  await authorize(caller, 'agency.read-application', tenant, tenantStore);
  if (caller.role === 'agency') throw problems.forbidden({ zh: '只能查看本机构的材料', en: 'an agency sees only its own files' });
  if (caller.role === 'regulator') {
    const mine = new Set(caller.industries);
    if (!industriesConcerned(round).some((i) => mine.has(i))) {
      throw problems.forbidden({ zh: '本申请不涉及您主管的行业', en: 'this file concerns none of the industries you regulate' });
    }
  }
}

/** The audience a caller reads an application as, or 401/403/404. */
export async function readerOf(caller: Caller, app: AgencyApplication): Promise<Audience> {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (caller.role === 'agency') {
    assertApplicant(caller, app);
    return 'applicant';
  }
  await assertReviewerOf(caller, app.tenant, app.review);
  return 'reviewer';
}

type Masked<T> = Omit<T, 'idNumber'> & { idNumberMasked: string };

function maskPractitioner(p: Practitioner): Masked<Practitioner> {
  const { idNumber, ...rest } = p;
  return { ...rest, idNumberMasked: maskIdNumber(idNumber) };
}

export function maskedContent(content: ApplicationContent) {
  const { legalRepresentative, practitioners, ...rest } = content;
  return {
    ...rest,
    legalRepresentative: { name: legalRepresentative.name, idNumberMasked: maskIdNumber(legalRepresentative.idNumber) },
    practitioners: practitioners.map(maskPractitioner),
  };
}

export function maskedChanges(changes: ReviewedChanges) {
  return { ...changes, ...(changes.practitioners ? { practitioners: changes.practitioners.map(maskPractitioner) } : {}) };
}

function reviewView(round: ReviewRound | undefined, overdue: boolean) {
  return round ? { ...round, pendingReviewers: pendingReviewers(round).map((r) => r.slot), overdue } : undefined;
}

export function documentView(d: ApplicationDocument) {
  const { documentId, kind, contentType, size, sha256, filename, status, requestedAt, acceptedAt } = d;
  return { documentId, kind, contentType, size, sha256, filename, status, requestedAt, acceptedAt };
}

export function applicationView(app: AgencyApplication, documents: ApplicationDocument[], audience: Audience, now = new Date()) {
  const { content, review, createdBy: _c, updatedBy: _u, ...rest } = app;
  void _c; void _u;
  return {
    ...rest,
    statusZh: STATUS_ZH[app.status],
    content: audience === 'applicant' ? content : maskedContent(content),
    review: reviewView(review, isOverdue(app, now)),
    documents: [...documents].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)).map(documentView),
  };
}

/** What the audit chain keeps of an application: everything but whole ID numbers. */
export const auditedApplication = (app: AgencyApplication) => ({ ...app, content: maskedContent(app.content) });

export const auditedChangeRequest = (request: AgencyChangeRequest) => ({ ...request, changes: maskedChanges(request.changes) });

export function changeRequestView(request: AgencyChangeRequest, now = new Date()) {
  const overdue = request.status === 'pending' && epochMs(now) >= epochMs(request.review.due.at);
  return { ...auditedChangeRequest(request), pendingReviewers: pendingReviewers(request.review).map((r) => r.slot), overdue };
}

export function worklistItem(app: AgencyApplication, now = new Date()) {
  return {
    id: app.id, tenant: app.tenant, uscc: app.uscc, name: app.content.name, status: app.status, version: app.version,
    createdAt: app.createdAt, submittedAt: app.submittedAt, decidedAt: app.decidedAt, due: app.review?.due.at,
    overdue: isOverdue(app, now),
    pendingReviewers: app.status === 'submitted' && app.review ? pendingReviewers(app.review).map((r) => r.slot) : [],
    flaggedQualifications: app.review?.verification?.flagged.length ?? 0,
  };
}
