import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import { PROJECT_STATUSES } from './domain/project/lifecycle.ts';
import { PurchaseRequestDraft } from './domain/project/purchase-request.ts';

/** Project ids: `<tenant>-<yyyymmdd>-<6 characters>`, e.g. 445202-20261121-K7Q2M9 (no '|', as ISM-DRAW-1 wants). */
export const ProjectId = z.string().regex(/^\d{6}-\d{8}-[0-9A-Z]{6}$/, { message: 'a project id such as 445202-20261121-K7Q2M9' });
const ProjectParams = z.object({ tenant: DivisionCode, id: ProjectId }).strict();
const ObjectionParams = ProjectParams.extend({ objectionId: z.string().regex(/^OBJ-[0-9A-Z]{8}$/) }).strict();
const Uscc18 = z.string().regex(/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/, { message: 'a unified social credit code (18 characters)' });
const Reason = z.object({ zh: z.string().trim().max(500), en: z.string().trim().max(500) }).strict();
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Views are documented loosely (records evolve); the handler decides what is public. */
const ProjectView = z.object({ id: z.string(), tenant: z.string(), name: z.string(), status: z.enum(PROJECT_STATUSES) }).passthrough();
const Any = z.object({}).passthrough();

const tags = ['procurement (采购项目)'];
const agencyTags = ['registration (报名)'];

export const projectRoutes = [
  {
    operationId: 'submitPurchaseRequest', method: 'POST', path: '/v1/tenants/{tenant}/projects', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: '采购申请: an owner\'s clerk submits a purchase request; policy is enforced at submit (owner)',
    params: z.object({ tenant: DivisionCode }).strict(), body: PurchaseRequestDraft, response: ProjectView,
  },
  {
    operationId: 'listProjects', method: 'GET', path: '/v1/tenants/{tenant}/projects', auth: 'public', tags,
    summary: 'Projects of a tenant, public fields (announcements, results, failures); ?status= filters',
    params: z.object({ tenant: DivisionCode }).strict(),
    query: PageQuery.extend({ status: z.enum(PROJECT_STATUSES).optional() }), response: pageSchema(ProjectView),
  },
  {
    operationId: 'getProject', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}', auth: 'public', tags,
    summary: 'One project, public fields: the announcement with its ISM-DRAW-1 commitment, deadlines, the frozen pool, the award',
    params: ProjectParams, response: ProjectView,
  },
  {
    operationId: 'getProjectRecord', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}/record', auth: 'jwt', tags,
    summary: 'One project with everything its owner and the operators see (returns, flags, the step the timeline waits for)',
    params: ProjectParams, response: ProjectView,
  },
  {
    operationId: 'resubmitPurchaseRequest', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/submit', auth: 'jwt', tags,
    summary: 'Resubmit a returned purchase request, corrected (owner)', params: ProjectParams, body: PurchaseRequestDraft, response: ProjectView,
  },
  {
    operationId: 'reviewPurchaseRequest', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/review', auth: 'jwt', tags,
    summary: '审核: approve (publish at once, the timeline starts) or return with reasons (operator)',
    params: ProjectParams,
    body: z.discriminatedUnion('decision', [
      z.object({ decision: z.literal('approve') }).strict(),
      z.object({ decision: z.literal('return'), reasons: z.array(Reason).min(1).max(20) }).strict(),
    ]),
    response: ProjectView,
  },
  {
    operationId: 'listRegistrations', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}/registrations', auth: 'jwt', tags,
    summary: 'Registrations of a project (operator, regulator; the owner after close — who registered is not disclosed before)',
    params: ProjectParams, response: z.object({ items: z.array(Any) }),
  },
  {
    operationId: 'getDraw', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}/draw', auth: 'public', tags,
    summary: 'ISM-DRAW-1 transcripts of the project (the draw, tie-breaks, the scorer draw) and their verification; after the award',
    params: ProjectParams, response: Any,
  },
  {
    operationId: 'getAward', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}/award', auth: 'public', tags,
    summary: '中选公示: the award notice — winner, full ranking with reasons, excluded candidates, publicity window, substitutions',
    params: ProjectParams, response: Any,
  },
  {
    operationId: 'chooseDirectly', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/choice', auth: 'jwt', tags,
    summary: '直接选取: the owner picks one agency of the frozen pool with a written reason (owner)',
    params: ProjectParams, body: z.object({ agencyUscc: Uscc18, reason: Text(1000) }).strict(), response: ProjectView,
  },
  {
    operationId: 'submitScores', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/scores', auth: 'jwt', tags,
    summary: '择优选取: one drawn expert\'s scores for every candidate, entered at the review (operator); a resubmission replaces',
    params: ProjectParams,
    body: z.object({
      scorerId: z.string().min(1).max(40),
      scores: z.array(z.object({ code: Uscc18, qualification: z.number().int().min(0).max(10_000), evaluation: z.number().int().min(0).max(10_000), credit: z.number().int().min(0).max(10_000) }).strict()).min(1).max(500),
    }).strict(),
    response: Any,
  },
  {
    operationId: 'listObjections', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}/objections', auth: 'jwt', tags,
    summary: 'Objections (质疑) and their decisions (operator, regulator, the owner)', params: ProjectParams, response: z.object({ items: z.array(Any) }),
  },
  {
    operationId: 'decideObjection', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/objections/{objectionId}/decision', auth: 'jwt', tags,
    summary: '质疑答复: upheld (the winner is excluded, the next ranked substitutes) or rejected, with a reason (operator; the regulator once escalated)',
    params: ObjectionParams, body: z.object({ upheld: z.boolean(), reason: Text(2000) }).strict(), response: Any,
  },
  {
    operationId: 'requestContractUpload', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/contract/upload', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'A presigned POST for the signed contract (PDF, ≤ 20 MB) straight to S3 (owner)',
    params: ProjectParams, body: z.object({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/), sizeBytes: z.number().int().positive(), contentType: z.literal('application/pdf'), filename: Text(200) }).strict(), response: Any,
  },
  {
    operationId: 'recordContract', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/contract', auth: 'jwt', tags,
    summary: '合同: the uploaded contract is checked (size, type, SHA-256) and recorded; the service starts (owner)',
    params: ProjectParams, body: z.object({ documentId: z.string().uuid(), amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(), response: ProjectView,
  },
  {
    operationId: 'recordCompletion', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/completion', auth: 'jwt', tags,
    summary: '服务完成: the owner confirms the agency delivered (owner)', params: ProjectParams, body: z.object({ note: z.string().trim().max(1000).optional() }).strict(), response: ProjectView,
  },
  {
    operationId: 'recordEvaluation', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/evaluation', auth: 'jwt', tags,
    summary: '服务评价: quality, attitude, fee reasonableness 1–5 and a comment (owner)',
    params: ProjectParams,
    body: z.object({ quality: z.number().int().min(1).max(5), attitude: z.number().int().min(1).max(5), feeReasonableness: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() }).strict(),
    response: ProjectView,
  },
  // The winner's own step, served here beside the other award steps (it voids a certificate; the registration
  // function stays small for the deadline burst).
  {
    operationId: 'abandonAward', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/abandonment', auth: 'jwt', tags: agencyTags,
    summary: '放弃中选: the winner gives up the award (a credit incident); the next ranked substitutes (agency)',
    params: ProjectParams, body: z.object({ reason: Text(1000) }).strict(), response: ProjectView,
  },
  {
    operationId: 'getAgencyEvaluations', method: 'GET', path: '/v1/agencies/{uscc}/evaluations', auth: 'public', tags,
    summary: '服务评价: an agency\'s evaluations by owners in this city, averaged per criterion, the most recent listed',
    params: z.object({ uscc: Uscc18 }).strict(), response: Any,
  },
] as const satisfies readonly RouteSpec[];

export const registrationRoutes = [
  {
    operationId: 'register', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/registrations', auth: 'jwt', tags: agencyTags, creates: true, successStatus: 201,
    summary: '报名: the calling agency registers, alone or as the lead of a consortium (联合体); server clock, deadline exclusive; a retry is the same registration (agency)',
    params: ProjectParams, body: z.object({ consortiumMembers: z.array(Uscc18).min(1).max(9).optional() }).strict(), response: Any,
  },
  {
    operationId: 'getMyRegistration', method: 'GET', path: '/v1/tenants/{tenant}/projects/{id}/registrations/mine', auth: 'jwt', tags: agencyTags,
    summary: 'The calling agency\'s registration (agency)', params: ProjectParams, response: Any,
  },
  {
    operationId: 'withdrawRegistration', method: 'DELETE', path: '/v1/tenants/{tenant}/projects/{id}/registrations/mine', auth: 'jwt', tags: agencyTags,
    summary: '撤回报名: until the deadline; a sealed quote goes with it (agency)', params: ProjectParams, response: Any,
  },
  {
    operationId: 'commitQuote', method: 'PUT', path: '/v1/tenants/{tenant}/projects/{id}/registrations/mine/quote', auth: 'jwt', tags: agencyTags,
    summary: '密封报价: only the commitment SHA-256(quoteFen + "|" + salt) before the deadline; a new one replaces the old (agency)',
    params: ProjectParams, body: z.object({ commitment: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), response: Any,
  },
  {
    operationId: 'revealQuote', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/registrations/mine/reveal', auth: 'jwt', tags: agencyTags,
    summary: '开启报价: after the deadline, before the reveal period ends — the quote and salt, checked against the commitment (agency)',
    params: ProjectParams, body: z.object({ quoteFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), salt: z.string().regex(/^[0-9a-f]{32,128}$/) }).strict(), response: Any,
  },
  {
    operationId: 'fileObjection', method: 'POST', path: '/v1/tenants/{tenant}/projects/{id}/objections', auth: 'jwt', tags: agencyTags, creates: true, successStatus: 201,
    summary: '质疑: a registrant objects to the award inside the publicity window, with its facts and grounds (agency)',
    params: ProjectParams, body: z.object({ grounds: Text(4000) }).strict(), response: Any,
  },
] as const satisfies readonly RouteSpec[];
