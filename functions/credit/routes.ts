import * as z from 'zod';
import { CREDIT_GRADES, CREDIT_LEVELS } from '#functions/tenancy/domain/policy/credit-policy.ts';
import { Uscc } from '#shared/codes/uscc.ts';
import { UploadRequestBody } from '#shared/documents/upload-request.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { CREDIT_SOURCES, CREDIT_STATES, REGULATOR_KINDS } from './domain/record.ts';

export const CreditRecordId = z.string().regex(/^CR-[0-9A-HJ-NPQRTUWXY]{18}-[0-9A-HJKMNP-TV-Z]{8}$/, { message: 'a credit record id, CR-<统一社会信用代码>-<8 characters>' });
const RecordParams = z.object({ id: CreditRecordId }).strict();
const DocumentParams = z.object({ id: CreditRecordId, documentId: z.uuid() }).strict();
const AgencyParams = z.object({ uscc: Uscc }).strict();
const DocumentIds = z.array(z.uuid()).max(20).default([]);

export const PublicCreditRecord = z.looseObject({
  id: z.string(), uscc: z.string(), agencyName: z.string(), source: z.enum(CREDIT_SOURCES), kind: z.string(), basis: z.string(), facts: z.string(),
  points: z.number().int(), level: z.enum(CREDIT_LEVELS), levelZh: z.string(), effectiveAt: z.string(), validUntil: z.string().describe("End of the period in force (expiry is checked on every read)"),
  state: z.enum(CREDIT_STATES), stateZh: z.string(), counts: z.boolean().describe('Whether it counts towards score, level and restrictions now'),
  issuedBy: z.object({ tenant: z.string(), city: z.string() }), evidenceCount: z.number().int(), version: z.number().int(), updatedAt: z.string(),
});
const RecordView = PublicCreditRecord.extend({
  history: z.array(z.looseObject({ at: z.string(), action: z.string(), from: z.string(), to: z.string(), reason: z.string() })).optional()
    .describe('Every decision, with its reason (the issuing body, the agency itself)'),
});

const Explanation = z.object({
  hundredths: z.number().int().describe('Contribution to the score in hundredths of a point'),
  component: z.enum(['regulator', 'platform', 'social']).optional(), recordId: z.string().optional(), kind: z.string().optional(), rule: z.string(),
});
const RestrictionView = z.object({
  restricted: z.boolean(), level: z.enum(['general', 'serious']).optional(), reason: z.string().optional(), until: z.string().optional(),
  measures: z.array(z.string()), recordIds: z.array(z.string()),
});
const ProfileView = z.object({
  uscc: z.string(), name: z.string().optional(), score: z.number(), grade: z.enum(CREDIT_GRADES), level: z.enum(CREDIT_LEVELS), levelZh: z.string(),
  restricted: z.boolean(), blacklisted: z.boolean(), components: z.object({ regulator: z.number(), platform: z.number(), social: z.number() }),
  explanation: z.array(Explanation).describe('Every point of the score with its record and rule; the lines add up to the score'),
  restriction: RestrictionView, spotCheckWeight: z.number().int(), bestValueMalus: z.number().int(),
  evaluations: z.object({ count: z.number().int(), mean: z.number().nullable() }),
  records: z.array(PublicCreditRecord),
});
const ListedView = z.object({
  uscc: z.string(), name: z.string().optional(), score: z.number(), grade: z.enum(CREDIT_GRADES), level: z.enum(CREDIT_LEVELS),
  reason: z.string().optional(), until: z.string().optional(), measures: z.array(z.string()),
});
const WorklistItem = z.object({
  id: z.string(), uscc: z.string(), agencyName: z.string(), kind: z.enum(['objection', 'repair']), dueAt: z.string(), overdue: z.boolean(),
  issuedBy: z.string(), state: z.string(), since: z.string(),
});
const PresignedUploadView = z.object({
  documentId: z.string(), key: z.string(), url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string(), maxBytes: z.number().int(),
});

const tags = ['credit (信用)'];

export const creditRoutes = [
  {
    operationId: 'createCreditRecord', method: 'POST', path: '/v1/credit-records', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'A regulator\'s credit record (fake documents, administrative penalty, court enforcement, commendation) against an admitted agency, issued by a tenant of this city (regulator or operator governing it)',
    body: z.object({
      tenant: DivisionCode.optional().describe('The issuing tenant (default: the caller\'s); the caller must govern it'),
      uscc: Uscc, kind: z.enum(REGULATOR_KINDS as ['fake-documents', 'administrative-penalty', 'court-enforcement', 'commendation']),
      facts: z.string().trim().min(2).max(1000).describe('What happened (zh)'),
      basis: z.string().trim().min(2).max(300).optional().describe('The decision\'s own basis, e.g. its document number; the policy\'s basis is added'),
      effectiveAt: z.iso.datetime({ offset: true }).optional(),
    }).strict(),
    response: RecordView,
  },
  {
    operationId: 'getCreditRecord', method: 'GET', path: '/v1/credit-records/{id}', auth: 'public', tags,
    summary: 'One credit record, its public fields and its decisions (public: 信用脸谱)', params: RecordParams, response: RecordView,
  },
  {
    operationId: 'requestCreditEvidenceUpload', method: 'POST', path: '/v1/credit-records/{id}/documents', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'A presigned POST for one evidence document (the issuing body, or the agency for its objection or repair), in the issuing city; then confirm it',
    params: RecordParams, body: UploadRequestBody, response: PresignedUploadView,
  },
  {
    operationId: 'confirmCreditEvidence', method: 'POST', path: '/v1/credit-records/{id}/documents/{documentId}/confirm', auth: 'jwt', tags,
    summary: 'Check the uploaded bytes (size, type, SHA-256) and add the document to the record\'s evidence (whoever requested the upload)',
    params: DocumentParams, response: RecordView,
  },
  {
    operationId: 'objectToCreditRecord', method: 'POST', path: '/v1/credit-records/{id}/objection', auth: 'jwt', tags,
    summary: '异议: the agency objects within the policy window (working days), with its confirmed evidence; decided by the issuing body (in the issuing city)',
    params: RecordParams, body: z.object({ reason: z.string().trim().min(2).max(2000), evidence: DocumentIds }).strict(), response: RecordView,
  },
  {
    operationId: 'decideCreditObjection', method: 'POST', path: '/v1/credit-records/{id}/objection/decision', auth: 'jwt', tags,
    summary: 'The issuing body\'s decision on an objection, with its reason: upheld withdraws the record, rejected keeps it (regulator or operator governing the issuing tenant)',
    params: RecordParams, body: z.object({ upheld: z.boolean(), reason: z.string().trim().min(2).max(2000) }).strict(), response: RecordView,
  },
  {
    operationId: 'requestCreditRepair', method: 'POST', path: '/v1/credit-records/{id}/repair', auth: 'jwt', tags,
    summary: '信用修复: the agency applies after the minimum period with a written commitment (信用承诺) (in the issuing city)',
    params: RecordParams, body: z.object({ commitment: z.string().trim().min(10).max(4000), evidence: DocumentIds }).strict(), response: RecordView,
  },
  {
    operationId: 'decideCreditRepair', method: 'POST', path: '/v1/credit-records/{id}/repair/decision', auth: 'jwt', tags,
    summary: 'The operator\'s decision on a repair, with its reason (operator governing the issuing tenant)',
    params: RecordParams, body: z.object({ approved: z.boolean(), reason: z.string().trim().min(2).max(2000) }).strict(), response: RecordView,
  },
  {
    operationId: 'getAgencyCredit', method: 'GET', path: '/v1/agencies/{uscc}/credit', auth: 'public', tags,
    summary: '信用脸谱: an agency\'s score, grade, level, the explanation of every point, its records (public fields), restrictions and evaluations summary (public)',
    params: AgencyParams, response: ProfileView,
  },
  {
    operationId: 'listRestrictedAgencies', method: 'GET', path: '/v1/credit/restricted', auth: 'public', tags,
    summary: 'Agencies restricted now (一般失信 with a registration ban, and the blacklist), province-wide (public)',
    query: PageQuery, response: pageSchema(ListedView),
  },
  {
    operationId: 'listBlacklistedAgencies', method: 'GET', path: '/v1/credit/blacklist', auth: 'public', tags,
    summary: '黑名单: seriously dishonest agencies, cleared province-wide (public)', query: PageQuery, response: pageSchema(ListedView),
  },
  {
    operationId: 'downloadRestrictedAgenciesCsv', method: 'GET', path: '/v1/credit/restricted.csv', auth: 'public', tags, produces: 'text/csv',
    summary: 'The restricted agencies (the whole list) as CSV, UTF-8 with BOM (opens in Excel with the Chinese intact)', response: z.string(),
  },
  {
    operationId: 'downloadBlacklistedAgenciesCsv', method: 'GET', path: '/v1/credit/blacklist.csv', auth: 'public', tags, produces: 'text/csv',
    summary: '黑名单 (the whole list) as CSV, UTF-8 with BOM', response: z.string(),
  },
  {
    operationId: 'getCreditWorklist', method: 'GET', path: '/v1/credit/worklist', auth: 'jwt', tags,
    summary: 'Open objections and repairs of the records a tenant (and, for a city, its counties) issued, by due date, overdue flagged (regulator, operator or province-admin governing the tenant)',
    query: PageQuery.extend({ tenant: DivisionCode.describe('The issuing tenant whose worklist this is') }), response: pageSchema(WorklistItem),
  },
] as const satisfies readonly RouteSpec[];
