/**
 * Agency applications API (入驻申请). Trigger: API Gateway routes of `applicationRoutes` (functions/agencies/routes.ts).
 * Input: an agency clerk's drafts, documents and submission; reviewers' decisions and worklist queries.
 * Side effects, one DynamoDB transaction per change: the application (over the version it was read at), the claim
 * on its 统一社会信用代码 while it is open, its documents' rows, the audit entries (entity `agency-application`) and,
 * on admission, the agency record with its audit entry (entity `agency`) and an `AgencyAdmitted` event. Documents go
 * straight to S3 through presigned POSTs; confirming one reads its bytes and deletes them when they are refused.
 * Submission asks the e-licence library (电子证照库) about every certificate: admitted at once (申请即入) or reviewed.
 * Idempotency: creation and upload requests honour Idempotency-Key; a second open application for a code fails the
 * claim's condition (409) even under a race; other changes are refused by state or version, and re-confirming an
 * accepted document answers it again.
 */
import { authorize } from '#shared/auth/authorize.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { DOCUMENT_KINDS } from '#shared/documents/document-kinds.ts';
import { downloadUrl } from '#shared/documents/presigned-download.ts';
import { createUpload } from '#shared/documents/presigned-upload.ts';
import { verifyUpload } from '#shared/documents/verify-upload.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { calendarOf } from '../tenancy/effective-policy.ts';
import { agencyStore } from './adapters/agency-store.ts';
import { type ApplicationDocument, applicationStore, newApplicationId } from './adapters/application-store.ts';
import { elicenceFromEnv } from './adapters/elicence.ts';
import { catalogueFor } from './adapters/offered-item-store.ts';
import { stageAgencyChange } from './agency-record.ts';
import {
  actorOf, applicationNotFound, applicationView, assertApplicant, auditedApplication, documentView, industriesConcerned, maskedContent, readerOf, reviewerOf, worklistItem,
} from './application-access.ts';
import { agencyFromApplication } from './domain/agency.ts';
import {
  type AgencyApplication, OPEN_APPLICATION_STATUSES, assertMayApply, createApplication, reviseApplication, withdrawApplication,
} from './domain/application.ts';
import { type ELicenceResult, applyVerification } from './domain/automatic-verification.ts';
import { recordDecision, submitForReview } from './domain/joint-review.ts';
import { applicationRoutes } from './routes.ts';

const elicence = elicenceFromEnv();
const province = () => requireEnv(ENV.provinceCode);
const bucket = () => requireEnv(ENV.documentsBucket);

/** Documents are added while the agency prepares (draft, 补正) and, once admitted, for its change and extension requests. */
const DOCUMENTS_OPEN_IN = ['draft', 'returned', 'admitted'] as const;

async function loadApplication(id: string): Promise<AgencyApplication> {
  const app = await applicationStore.get(id);
  if (!app) throw applicationNotFound(id);
  return app;
}

async function loadDocument(app: AgencyApplication, documentId: string): Promise<ApplicationDocument> {
  const doc = await applicationStore.document(app, documentId);
  if (!doc) throw problems.notFound({ zh: `材料 ${documentId}`, en: `Document ${documentId}` });
  return doc;
}

/** The province-wide record of an admitted application; a re-admission after clearance continues the version. */
async function stageAdmission(uow: UnitOfWork, app: AgencyApplication): Promise<void> {
  const previous = await agencyStore.get(app.province, app.uscc);
  // Admitted elsewhere in the province since this application was filed: one agency, one record.
  assertMayApply(app.uscc, [], previous);
  const agency = { ...agencyFromApplication(app), version: (previous?.version ?? 0) + 1 };
  await stageAgencyChange(uow, agency, previous?.version, 'agency.admitted', 'AgencyAdmitted');
}

interface Step { action: string; data: unknown }

/** One change of an application: its row, its claim, its audit entries and, when it is admitted, the agency. */
async function commitApplication(caller: Caller, before: AgencyApplication | undefined, after: AgencyApplication, steps: Step[]): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  applicationStore.stage(uow, after, before?.version ?? 0);
  const wasOpen = before !== undefined && OPEN_APPLICATION_STATUSES.includes(before.status);
  if (!before) applicationStore.stageClaim(uow, after);
  else if (wasOpen && !OPEN_APPLICATION_STATUSES.includes(after.status)) applicationStore.stageClaimRelease(uow, after);
  for (const step of steps) await uow.audit(after.tenant, 'agency-application', after.id, step.action, step.data);
  if (after.status === 'admitted' && before?.status !== 'admitted') await stageAdmission(uow, after);
  await uow.commit();
}

/** Every declared certificate, asked of the e-licence library at once; the port never throws (`unknown` instead). */
async function verifyQualifications(app: AgencyApplication): Promise<ELicenceResult[]> {
  return Promise.all(app.content.qualifications.map(async (q) => ({
    qualificationId: q.id,
    ...(await elicence.verify({ type: q.type, number: q.number, holderUscc: app.uscc })),
  })));
}

/** The step a status change records, beside the decision itself. */
const outcomeStep = (before: AgencyApplication, after: AgencyApplication): Step[] =>
  after.status === before.status ? [] : [{ action: `agency-application.${after.status}`, data: { status: after.status, reason: after.history.at(-1)?.reason, fixes: after.fixes } }];

export const handler = httpHandler(applicationRoutes, {
  async createAgencyApplication({ body, caller }) {
    if (caller.role === 'public') throw problems.unauthenticated();
    if (!caller.tenant) throw problems.forbidden({ zh: '账号未绑定租户', en: 'the account belongs to no tenant' });
    const tenant = await authorize(caller, 'agency.apply', caller.tenant, tenantStore);
    if (tenant.level === 'province') {
      throw problems.forbidden({ zh: '入驻申请向市或县区提交', en: 'applications are filed with a city or a county' });
    }
    if (caller.agency !== body.uscc) {
      throw problems.forbidden({ zh: `账号所属机构（${caller.agency ?? '无'}）与申请的统一社会信用代码不符`, en: `the account acts for ${caller.agency ?? 'no agency'}, not for ${body.uscc}` });
    }
    const created = await withConflictRetry(async () => {
      const claim = await applicationStore.openClaim(province(), body.uscc);
      const open = claim ? await applicationStore.get(claim.applicationId) : undefined;
      assertMayApply(body.uscc, open ? [open] : [], await agencyStore.get(province(), body.uscc));
      const app = createApplication({ id: newApplicationId(tenant.code), tenant: tenant.code, content: body, at: new Date(), by: caller.sub });
      await commitApplication(caller, undefined, app, [{ action: 'agency-application.created', data: auditedApplication(app) }]);
      return app;
    });
    return { status: 201, body: applicationView(created, [], 'applicant'), headers: { location: `/v1/agencies/applications/${created.id}` } };
  },

  async getAgencyApplication({ params, caller }) {
    const app = await loadApplication(params.id);
    const audience = await readerOf(caller, app);
    return { body: applicationView(app, await applicationStore.documents(app), audience) };
  },

  async reviseAgencyApplication({ params, body, caller }) {
    const { expectedVersion, ...content } = body;
    const revised = await withConflictRetry(async () => {
      const app = await loadApplication(params.id);
      assertApplicant(caller, app);
      const next = reviseApplication(app, content, { at: new Date(), by: caller.sub, expectedVersion });
      await commitApplication(caller, app, next, [{ action: 'agency-application.revised', data: { version: next.version, content: maskedContent(next.content) } }]);
      return next;
    });
    return { body: applicationView(revised, await applicationStore.documents(revised), 'applicant') };
  },

  async requestApplicationDocumentUpload({ params, body, caller }) {
    const upload = await withConflictRetry(async () => {
      const app = await loadApplication(params.id);
      assertApplicant(caller, app);
      if (!(DOCUMENTS_OPEN_IN as readonly string[]).includes(app.status)) {
        throw problems.conflict('application.documents-closed', `申请状态为“${app.status}”，不能上传材料`, `No documents can be added to an application that is ${app.status}`, { status: app.status });
      }
      // Validated (400 with every field problem) before anything is presigned or stored.
      const presigned = await createUpload({ bucket: bucket(), tenant: app.tenant, owner: { kind: 'agency-application', id: app.id }, ...body });
      const doc: ApplicationDocument = {
        documentId: presigned.documentId, applicationId: app.id, tenant: app.tenant, kind: body.kind, contentType: body.contentType, size: body.size,
        sha256: body.sha256.toLowerCase(), filename: body.filename, key: presigned.key, status: 'pending', requestedAt: new Date().toISOString(), requestedBy: caller.sub,
      };
      const uow = new UnitOfWork(actorOf(caller));
      applicationStore.stageDocument(uow, doc);
      await uow.audit(app.tenant, 'agency-application', app.id, 'agency-application.document-requested', documentView(doc));
      await uow.commit();
      return presigned;
    });
    return { status: 201, body: upload, headers: { location: `/v1/agencies/applications/${params.id}/documents/${upload.documentId}` } };
  },

  async confirmApplicationDocument({ params, caller }) {
    const app = await loadApplication(params.id);
    assertApplicant(caller, app);
    const doc = await loadDocument(app, params.documentId);
    if (doc.status === 'accepted') return { body: documentView(doc) };
    // Size, type by its first bytes and SHA-256 of what S3 holds; refused bytes are deleted (422).
    const verified = await verifyUpload({ bucket: bucket(), key: doc.key, expected: doc, maxBytes: DOCUMENT_KINDS[doc.kind].maxBytes });
    const accepted = await withConflictRetry(async () => {
      const current = await loadDocument(app, params.documentId);
      if (current.status === 'accepted') return current;
      const next: ApplicationDocument = { ...current, status: 'accepted', sha256: verified.sha256, versionId: verified.versionId, acceptedAt: new Date().toISOString() };
      const uow = new UnitOfWork(actorOf(caller));
      applicationStore.stageDocument(uow, next);
      await uow.audit(app.tenant, 'agency-application', app.id, 'agency-application.document-accepted', documentView(next));
      await uow.commit();
      return next;
    });
    return { body: documentView(accepted) };
  },

  async getApplicationDocument({ params, query, caller }) {
    const app = await loadApplication(params.id);
    await readerOf(caller, app);
    const doc = await loadDocument(app, params.documentId);
    if (doc.status !== 'accepted') {
      throw problems.conflict('document.not-accepted', '该材料尚未通过上传检查', 'The document has not passed the upload checks', { documentId: doc.documentId });
    }
    const filename = doc.filename ?? `${doc.documentId}.${doc.contentType.split('/')[1]}`;
    const link = await downloadUrl({ bucket: bucket(), key: doc.key, filename, versionId: doc.versionId, disposition: query.disposition });
    return { body: { documentId: doc.documentId, ...link, filename, contentType: doc.contentType, size: doc.size, sha256: doc.sha256 } };
  },

  async submitAgencyApplication({ params, caller }) {
    const decided = await withConflictRetry(async () => {
      const app = await loadApplication(params.id);
      assertApplicant(caller, app);
      const [{ calendar, view }, catalogue, documents] = await Promise.all([
        calendarOf(app.tenant), catalogueFor(app.content.serviceItems), applicationStore.acceptedDocumentIds(app),
      ]);
      const submitted = submitForReview(app, { at: new Date(), by: caller.sub, policy: view.policy, calendar, documents, catalogue });
      const verified = applyVerification(submitted, await verifyQualifications(submitted), view.policy, new Date());
      await commitApplication(caller, app, verified, [
        { action: 'agency-application.submitted', data: { version: submitted.version, content: maskedContent(submitted.content), round: submitted.review } },
        { action: 'agency-application.verified', data: verified.review?.verification },
        ...outcomeStep(submitted, verified),
      ]);
      return verified;
    });
    return { body: applicationView(decided, await applicationStore.documents(decided), 'applicant') };
  },

  async withdrawAgencyApplication({ params, body, caller }) {
    const withdrawn = await withConflictRetry(async () => {
      const app = await loadApplication(params.id);
      assertApplicant(caller, app);
      const next = withdrawApplication(app, { at: new Date(), by: caller.sub, reason: body.reason });
      await commitApplication(caller, app, next, [{ action: 'agency-application.withdrawn', data: { reason: body.reason } }]);
      return next;
    });
    return { body: applicationView(withdrawn, await applicationStore.documents(withdrawn), 'applicant') };
  },

  async reviewAgencyApplication({ params, body, caller }) {
    const reviewed = await withConflictRetry(async () => {
      const app = await loadApplication(params.id);
      await authorize(caller, 'agency.review', app.tenant, tenantStore);
      const next = recordDecision(app, reviewerOf(caller), { ...body, at: new Date() });
      await commitApplication(caller, app, next, [{ action: 'agency-application.reviewed', data: next.review?.decisions.at(-1) }, ...outcomeStep(app, next)]);
      return next;
    });
    return { body: applicationView(reviewed, await applicationStore.documents(reviewed), 'reviewer') };
  },

  async listAgencyApplications({ params, query, caller }) {
    await authorize(caller, 'agency.read-application', params.tenant, tenantStore);
    if (caller.role === 'agency') throw problems.forbidden({ zh: '审查清单仅供审查部门使用', en: 'the worklist is for reviewers' });
    const all = await applicationStore.list(params.tenant, query.status === 'all' ? undefined : query.status);
    const mine = new Set(caller.industries);
    const visible = all
      // A draft is the agency's own until it is submitted.
      .filter((a) => a.status !== 'draft')
      .filter((a) => caller.role !== 'regulator' || industriesConcerned(a.review).some((i) => mine.has(i)))
      .sort((a, b) => (a.submittedAt ?? a.createdAt).localeCompare(b.submittedAt ?? b.createdAt) || a.id.localeCompare(b.id));
    const now = new Date();
    const page = pageOf(visible, query.limit, query.cursor);
    return { body: { ...page, items: page.items.map((a) => worklistItem(a, now)) } };
  },
});
