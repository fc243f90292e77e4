import * as z from 'zod';
import { ServiceItemCode } from '#functions/catalog/domain/service-item.ts';
import { Uscc } from '#shared/codes/uscc.ts';
import { DivisionCode, TenantParams } from '#shared/http/common-schemas.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { UploadRequestBody } from '#shared/documents/upload-request.ts';
import { AgencyChange, AgencyExtension } from './domain/agency.ts';
import { APPLICATION_STATUSES, ApplicationContent, DocumentId } from './domain/application.ts';
import { ReviewDecisionInput } from './domain/joint-review.ts';
import { MATCH_REASON_CODES } from './domain/matching.ts';
import { PublicAgencyProfile } from './domain/public-profile.ts';
import { QUALIFICATION_GRADES } from './domain/qualification-coverage.ts';

export const ApplicationId = z.string().regex(/^APP-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/, { message: 'an application id, APP-<tenant>-<8 characters>' });
export const ChangeRequestId = z.string().regex(/^CHG-[0-9A-HJKMNP-TV-Z]{10}$/, { message: 'a change request id, CHG-<10 characters>' });

const ApplicationParams = z.object({ id: ApplicationId }).strict();
const DocumentParams = z.object({ id: ApplicationId, documentId: DocumentId }).strict();
const AgencyParams = z.object({ uscc: Uscc }).strict();
const ChangeRequestParams = z.object({ uscc: Uscc, requestId: ChangeRequestId }).strict();
const ItemParams = z.object({ tenant: DivisionCode, code: ServiceItemCode }).strict();

const Deadline = z.looseObject({ at: z.string(), lastDay: z.string(), workingDays: z.number().int(), rule: z.string(), calendarVersion: z.string(), provisional: z.boolean() });
const Decision = z.object({
  slots: z.array(z.string()), reviewer: z.object({ sub: z.string(), role: z.string() }), decision: z.enum(['approve', 'refuse', 'return']),
  reason: z.string(), fixes: z.array(z.object({ path: z.string().optional(), description: z.string() })), at: z.string(), automatic: z.boolean().optional(),
});
const ReviewView = z.object({
  round: z.number().int(), openedAt: z.string(), due: Deadline,
  required: z.array(z.object({ slot: z.string(), role: z.enum(['operator', 'regulator']), industry: z.string().optional() })),
  decisions: z.array(Decision),
  verification: z.looseObject({ checkedAt: z.string(), verified: z.array(z.string()), flagged: z.array(z.object({ qualificationId: z.string(), kind: z.string(), reason: z.object({ zh: z.string(), en: z.string() }) })), autoAdmitted: z.boolean() }).optional(),
  pendingReviewers: z.array(z.string()).describe('Slots still to decide: `operator`, `regulator:<industry>`'),
  overdue: z.boolean().describe('Still under review at or after the due instant (审查超期)'),
});

export const ApplicationDocumentView = z.object({
  documentId: z.string(), kind: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), filename: z.string().optional(),
  status: z.enum(['pending', 'accepted']), requestedAt: z.string(), acceptedAt: z.string().optional(),
});

export const ApplicationView = z.object({
  id: z.string(), tenant: z.string(), province: z.string(), uscc: z.string(),
  status: z.enum(APPLICATION_STATUSES), statusZh: z.string(), version: z.number().int(),
  content: z.record(z.string(), z.unknown()).describe('The application content; ID numbers are shown whole to the applying agency only, masked (`idNumberMasked`) to reviewers'),
  createdAt: z.string(), updatedAt: z.string(), submittedAt: z.string().optional(), decidedAt: z.string().optional(),
  review: ReviewView.optional(),
  fixes: z.array(z.object({ path: z.string().optional(), description: z.string() })).optional(),
  history: z.array(z.looseObject({ from: z.string().nullable(), to: z.string(), at: z.string(), by: z.string() })),
  documents: z.array(ApplicationDocumentView),
});

const WorklistItem = z.object({
  id: z.string(), tenant: z.string(), uscc: z.string(), name: z.string(), status: z.enum(APPLICATION_STATUSES), version: z.number().int(),
  createdAt: z.string(), submittedAt: z.string().optional(), decidedAt: z.string().optional(), due: z.string().optional(),
  overdue: z.boolean(), pendingReviewers: z.array(z.string()), flaggedQualifications: z.number().int(),
});

const PresignedUploadView = z.object({
  documentId: z.string(), key: z.string(), url: z.string().describe('POST the multipart form here'),
  fields: z.record(z.string(), z.string()).describe('Form fields to send, in this order, before the `file` field'),
  expiresAt: z.string(), maxBytes: z.number().int(),
});

const DownloadView = z.object({
  documentId: z.string(), url: z.string().describe('A presigned GET, valid for five minutes'), expiresAt: z.string(),
  filename: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(),
});

const AgencyRecord = z.looseObject({ uscc: z.string(), name: z.string(), status: z.string(), version: z.number().int(), admittedIn: z.string() })
  .describe('The agency\'s own record (contact person included; ID numbers masked)');
const ChangeRequestView = z.looseObject({
  id: z.string(), uscc: z.string(), kind: z.enum(['change', 'extension']), status: z.enum(['pending', 'approved', 'refused', 'returned', 'withdrawn']),
  review: ReviewView.omit({ pendingReviewers: true, overdue: true }).loose(), requestedAt: z.string(), version: z.number().int(),
  pendingReviewers: z.array(z.string()), overdue: z.boolean(),
});

const MatchView = z.object({
  item: z.object({ tenant: z.string(), code: z.string(), name: z.string().optional() }), place: z.string(), date: z.string(),
});

const applicationTags = ['agency applications (入驻申请)'];
const agencyTags = ['agencies (中介机构)'];

export const applicationRoutes = [
  {
    operationId: 'createAgencyApplication', method: 'POST', path: '/v1/agencies/applications', auth: 'jwt', tags: applicationTags, creates: true, successStatus: 201,
    summary: 'Start an admission application (入驻申请) as a draft, in the caller\'s tenant; one open application per 统一社会信用代码 (agency clerk of that code)',
    body: ApplicationContent, response: ApplicationView,
  },
  {
    operationId: 'getAgencyApplication', method: 'GET', path: '/v1/agencies/applications/{id}', auth: 'jwt', tags: applicationTags,
    summary: 'One application with its review and documents (the agency itself; operators governing the tenant; regulators of an industry concerned)',
    params: ApplicationParams, response: ApplicationView,
  },
  {
    operationId: 'reviseAgencyApplication', method: 'PUT', path: '/v1/agencies/applications/{id}', auth: 'jwt', tags: applicationTags,
    summary: 'Replace the content of a draft or of a returned application (补正) (the agency)',
    params: ApplicationParams, body: ApplicationContent.extend({ expectedVersion: z.number().int().min(1).optional() }), response: ApplicationView,
  },
  {
    operationId: 'requestApplicationDocumentUpload', method: 'POST', path: '/v1/agencies/applications/{id}/documents', auth: 'jwt', tags: applicationTags, creates: true, successStatus: 201,
    summary: 'A presigned POST to upload one document straight to S3, limited by size and type (the agency); then confirm it',
    params: ApplicationParams, body: UploadRequestBody, response: PresignedUploadView,
  },
  {
    operationId: 'confirmApplicationDocument', method: 'POST', path: '/v1/agencies/applications/{id}/documents/{documentId}/confirm', auth: 'jwt', tags: applicationTags,
    summary: 'Check the uploaded bytes (size, type by signature, SHA-256) and accept the document, or delete it and refuse (422) (the agency)',
    params: DocumentParams, response: ApplicationDocumentView,
  },
  {
    operationId: 'getApplicationDocument', method: 'GET', path: '/v1/agencies/applications/{id}/documents/{documentId}', auth: 'jwt', tags: applicationTags,
    summary: 'A short-lived download link of an accepted document (the agency itself, operators governing the tenant, regulators of an industry concerned)',
    params: DocumentParams, query: z.object({ disposition: z.enum(['attachment', 'inline']).default('attachment') }).strict(), response: DownloadView,
  },
  {
    operationId: 'submitAgencyApplication', method: 'POST', path: '/v1/agencies/applications/{id}/submit', auth: 'jwt', tags: applicationTags,
    summary: 'Submit: every gap reported at once (一次性告知); then each certificate is checked in the e-licence library, and the application is admitted at once (申请即入) or goes to joint review (the agency)',
    params: ApplicationParams, response: ApplicationView,
  },
  {
    operationId: 'withdrawAgencyApplication', method: 'POST', path: '/v1/agencies/applications/{id}/withdraw', auth: 'jwt', tags: applicationTags,
    summary: 'Withdraw an open application (the agency)',
    params: ApplicationParams, body: z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict(), response: ApplicationView,
  },
  {
    operationId: 'reviewAgencyApplication', method: 'POST', path: '/v1/agencies/applications/{id}/review', auth: 'jwt', tags: applicationTags,
    summary: 'A joint-review decision (联合审查) with its reason; a refusal or a return lists what to fix (operator of the tenant, or regulator of an industry concerned)',
    params: ApplicationParams, body: ReviewDecisionInput, response: ApplicationView,
  },
  {
    operationId: 'listAgencyApplications', method: 'GET', path: '/v1/tenants/{tenant}/agency-applications', auth: 'jwt', tags: applicationTags,
    summary: 'The reviewers\' worklist of a tenant, oldest first, overdue reviews flagged (operator; a regulator sees the applications of its industries)',
    params: TenantParams,
    query: PageQuery.extend({ status: z.enum(['submitted', 'returned', 'admitted', 'refused', 'withdrawn', 'all']).default('submitted') }),
    response: pageSchema(WorklistItem),
  },
] as const satisfies readonly RouteSpec[];

export const agencyRoutes = [
  {
    operationId: 'listAgencies', method: 'GET', path: '/v1/agencies', auth: 'public', tags: agencyTags,
    summary: 'Public directory of the admitted agencies of the province (this city\'s replica): by service item, practice region, qualification grade and name',
    query: PageQuery.extend({
      item: ServiceItemCode.optional().describe('A catalogued service item code the agency offers'),
      region: DivisionCode.optional().describe('A place the agency may practise in (its regions and its branches\')'),
      grade: z.enum(QUALIFICATION_GRADES).optional().describe('Holds a qualification of at least this grade'),
      q: z.string().trim().min(1).max(100).optional().describe('Part of the name, or a whole 统一社会信用代码'),
      status: z.enum(['admitted', 'active', 'suspended', 'cleared', 'all']).default('admitted').describe('`admitted`: active or suspended (not cleared)'),
    }),
    response: pageSchema(PublicAgencyProfile),
  },
  {
    operationId: 'getAgency', method: 'GET', path: '/v1/agencies/{uscc}', auth: 'public', tags: agencyTags,
    summary: 'An agency\'s public profile (public fields only, chosen field by field)', params: AgencyParams, response: PublicAgencyProfile,
  },
  {
    operationId: 'changeAgency', method: 'PATCH', path: '/v1/agencies/{uscc}', auth: 'jwt', tags: agencyTags,
    summary: 'A change (变更) or an extension (延期): what does not touch qualifications applies at once, the rest is reviewed (the agency, in the city that admitted it)',
    params: AgencyParams,
    body: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('change'), changes: AgencyChange }).strict(),
      z.object({ kind: z.literal('extension'), extension: AgencyExtension }).strict(),
    ]),
    response: z.object({ agency: AgencyRecord, applied: z.array(z.string()), pendingReview: z.array(z.string()), request: ChangeRequestView.optional() }),
  },
  {
    operationId: 'getAgencyChangeRequest', method: 'GET', path: '/v1/agencies/{uscc}/change-requests/{requestId}', auth: 'jwt', tags: agencyTags,
    summary: 'A change or extension request and its review (the agency; operators governing the admitting tenant; regulators of an industry concerned)',
    params: ChangeRequestParams, response: ChangeRequestView,
  },
  {
    operationId: 'reviewAgencyChangeRequest', method: 'POST', path: '/v1/agencies/{uscc}/change-requests/{requestId}/review', auth: 'jwt', tags: agencyTags,
    summary: 'A review decision on a pending change or extension; on approval the changes apply (operator of the admitting tenant, or regulator of an industry concerned)',
    params: ChangeRequestParams, body: ReviewDecisionInput, response: z.object({ request: ChangeRequestView, agency: PublicAgencyProfile }),
  },
  {
    operationId: 'clearAgency', method: 'POST', path: '/v1/agencies/{uscc}/clearance', auth: 'jwt', tags: agencyTags,
    summary: 'Clear (清退) an agency from the supermarket province-wide, with a reason (operator governing the admitting tenant, or province-admin; in the admitting city)',
    params: AgencyParams, body: z.object({ reason: z.string().trim().min(2).max(1000) }).strict(), response: PublicAgencyProfile,
  },
  {
    operationId: 'listQualifiedAgencies', method: 'GET', path: '/v1/tenants/{tenant}/service-items/{code}/qualified-agencies', auth: 'public', tags: agencyTags,
    summary: 'Matching (匹配): the admitted agencies that qualify for a catalogue item at a place on a date (item offered, qualification type and grade, validity, practice region, not suspended or restricted)',
    params: ItemParams,
    query: PageQuery.extend({ date: z.iso.date().optional().describe('Default: today (Asia/Shanghai)'), place: DivisionCode.optional().describe('Default: the tenant') }),
    response: MatchView.extend({ items: z.array(PublicAgencyProfile), nextCursor: z.string().optional() }),
  },
  {
    operationId: 'listAgencyMatches', method: 'GET', path: '/v1/tenants/{tenant}/service-items/{code}/agency-matches', auth: 'jwt', tags: agencyTags,
    summary: 'Matching with reasons: every agency offering the item, whether it qualifies and, if not, every reason (operator, regulator or province-admin governing the tenant)',
    params: ItemParams,
    query: PageQuery.extend({ date: z.iso.date().optional(), place: DivisionCode.optional() }),
    response: MatchView.extend({
      items: z.array(z.object({ uscc: z.string(), name: z.string(), status: z.string(), qualifies: z.boolean(), reasons: z.array(z.object({ code: z.enum(MATCH_REASON_CODES), zh: z.string(), en: z.string() })) })),
      nextCursor: z.string().optional(),
    }),
  },
] as const satisfies readonly RouteSpec[];
