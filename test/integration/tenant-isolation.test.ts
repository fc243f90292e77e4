// Strategy: for EVERY route of the CDK app (read from functions/contexts.ts, so a new route without a
// case here fails this test), an operator of 榕城 445202 aims at 揭东 445203's data. Protected routes
// must answer 403 or 404 — never 2xx — and change nothing; public routes may answer, but only with
// public fields. The owner's own operator is then shown to succeed on the same sample, so the test
// cannot pass merely because the sample is broken.
import { apiContexts } from '../../functions/contexts.ts';
import { applicationBody, clerkOf, fileDocuments, tinyPdf, uploadDocument } from './agencies-fixtures.ts';
import { call, eventually, itemBody, JIEDONG, JIEYANG, operatorOf, RONGCHENG } from './helpers.ts';
import { issueCertificate } from '../../functions/certificates/issue.ts';
import { demoIssuance, useCityEnvironment } from './certificates-fixtures.ts';

/** A certificate of 揭东, issued in beforeAll as the timeline would (certificates-fixtures.ts). */
let CERTIFICATE = '';

const intruder = operatorOf(RONGCHENG);
const owner = operatorOf(JIEDONG);
const ITEM = 'ZJ-445203-0101'; // seeded local item of 揭东
const { code: _c, ...itemFields } = itemBody('x');
void _c;

/** 揭东's demo owner, registered in beforeAll: owner ids are random, so its sample paths are getters. */
let OWNER = '';
const ownerFields = { name: '揭阳市揭东区自然资源局', fundingTypes: ['fiscal'], contact: { name: '林工', officePhone: '0663-3210000', mobile: '13800000010' } };

/** An expert of 揭东's roster (评审专家库), added in beforeAll: expert ids are random too. */
let EXPERT = '';
const expertBody = { name: '揭东测试专家', specialties: ['housing'], phone: '13800000011' };

/** An inspector of 揭东's roster (执法检查人员) and a spot check planned in beforeAll; its scope is an industry no item has, so its draw is empty and certain. */
let INSPECTOR = '';
let SPOT_CHECK = '';
const inspectorBody = { name: '揭东测试检查员', unit: '揭阳市揭东区住房和城乡建设局', industries: ['housing'] };
const spotCheckBody = { name: '揭东隔离测试抽查', scope: { kind: 'industry', industry: 'isolation-test' }, sampleSize: 1, inspectorsPerAgency: 1 };

/**
 * An agency admitted in 揭东 at once (its demo licence verifies), one of its accepted documents and a pending
 * extension request (延期), set up in beforeAll: the agency routes' samples aim at them.
 */
const AGENCY = '91445202MA52B6LT5P'; // 揭阳市榕城区安居房屋安全鉴定有限公司 in config/demo-licences.json
const agencyClerk = clerkOf(JIEDONG, AGENCY);
const agencyApplication = applicationBody(AGENCY, '揭阳市榕城区安居房屋安全鉴定有限公司', [{ tenant: JIEDONG, code: ITEM }], [
  { id: 'q-1', type: '房屋安全鉴定', number: '202519120347', issuer: '广东省市场监督管理局', validFrom: '2025-05-20', validTo: '2031-05-19' },
]);
let APPLICATION = '';
let DOCUMENT = '';
let CHANGE = '';
const decision = { decision: 'approve', reason: '同意' };

/** schemaOnly: the answer describes fields (the OpenAPI document) rather than holding data. */
interface Sample { path: string; body?: unknown; ownerStatus?: number; publicData?: boolean; schemaOnly?: boolean }
const samples: Record<string, Sample> = {
  getHealth: { path: '/v1/health', publicData: true },
  getOpenApi: { path: '/v1/openapi.json', publicData: true, schemaOnly: true },
  listTenants: { path: '/v1/tenants', publicData: true },
  getTenant: { path: `/v1/tenants/${JIEDONG}`, publicData: true },
  onboardCounty: { path: '/v1/tenants', body: { code: '445222', name: '揭西县', parent: JIEYANG, operator: { username: 'op-445222', name: '管理员' } }, ownerStatus: 403 },
  createAccount: { path: `/v1/tenants/${JIEDONG}/accounts`, body: { username: 'clerk-445203-iso', name: '业主经办人', role: 'owner', phone: '13800000000' }, ownerStatus: 201 },
  listAccounts: { path: `/v1/tenants/${JIEDONG}/accounts`, ownerStatus: 200 },
  listServiceItems: { path: `/v1/tenants/${JIEDONG}/service-items`, publicData: true },
  getServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}`, publicData: true },
  listServiceItemVersions: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}/versions`, publicData: true },
  createServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items`, body: itemBody('ZJ-445203-0801'), ownerStatus: 201 },
  reviseServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}`, body: { ...itemFields, name: '农村危房改造房屋安全评定（修订）' }, ownerStatus: 200 },
  retireServiceItem: { path: `/v1/tenants/${JIEDONG}/service-items/ZJ-445203-0801`, body: { reason: '测试停用' }, ownerStatus: 200 },
  getPolicy: { path: `/v1/tenants/${JIEDONG}/policy`, publicData: true },
  putPolicy: { path: `/v1/tenants/${JIEDONG}/policy`, body: { registrationWindowWorkingDays: 6 }, ownerStatus: 200 },
  getCalendar: { path: `/v1/tenants/${JIEDONG}/calendar?year=2026`, publicData: true },
  computeDeadline: { path: `/v1/tenants/${JIEDONG}/deadlines?from=2026-11-20T10:00:00%2B08:00&workingDays=2`, publicData: true },
  getAuditChain: { path: `/v1/tenants/${JIEDONG}/audit/service-item/${ITEM}`, ownerStatus: 200 },
  listOwners: { path: `/v1/tenants/${JIEDONG}/owners?status=all`, publicData: true },
  registerOwner: { path: `/v1/tenants/${JIEDONG}/owners`, body: { kind: 'department', uscc: '11445203MB2C00996A', ...ownerFields }, ownerStatus: 201 },
  getOwner: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}`; }, publicData: true },
  getOwnerProfile: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}/profile`; }, ownerStatus: 200 },
  changeOwner: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}`; }, body: { ...ownerFields, fundingTypes: ['fiscal', 'social'] }, ownerStatus: 200 },
  addOwnerClerk: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}/clerks`; }, body: { username: 'clerk-445203-iso-owner', name: '业主经办人' }, ownerStatus: 201 },
  listOwnerClerks: { get path() { return `/v1/tenants/${JIEDONG}/owners/${OWNER}/clerks`; }, ownerStatus: 200 },
  registerExpert: { path: `/v1/tenants/${JIEDONG}/experts`, body: expertBody, ownerStatus: 201 },
  listExperts: { path: `/v1/tenants/${JIEDONG}/experts`, ownerStatus: 200 },
  getExpert: { get path() { return `/v1/tenants/${JIEDONG}/experts/${EXPERT}`; }, ownerStatus: 200 },
  changeExpert: { get path() { return `/v1/tenants/${JIEDONG}/experts/${EXPERT}`; }, body: { status: 'suspended', reason: '测试暂停' }, ownerStatus: 200 },
  registerInspector: { path: `/v1/tenants/${JIEDONG}/inspectors`, body: inspectorBody, ownerStatus: 201 },
  listInspectors: { path: `/v1/tenants/${JIEDONG}/inspectors`, ownerStatus: 200 },
  getInspector: { get path() { return `/v1/tenants/${JIEDONG}/inspectors/${INSPECTOR}`; }, ownerStatus: 200 },
  changeInspector: { get path() { return `/v1/tenants/${JIEDONG}/inspectors/${INSPECTOR}`; }, body: { status: 'suspended', reason: '测试暂停' }, ownerStatus: 200 },
  planSpotCheck: { path: `/v1/tenants/${JIEDONG}/spot-checks`, body: spotCheckBody, ownerStatus: 201 },
  listSpotChecks: { path: `/v1/tenants/${JIEDONG}/spot-checks`, publicData: true },
  getSpotCheck: { get path() { return `/v1/tenants/${JIEDONG}/spot-checks/${SPOT_CHECK}`; }, publicData: true },
  drawSpotCheck: { get path() { return `/v1/tenants/${JIEDONG}/spot-checks/${SPOT_CHECK}/draw`; }, ownerStatus: 200 },
  // Nobody was drawn (an empty pool): the county's operator passes authorization and meets the domain's 409.
  recordSpotCheckResult: { get path() { return `/v1/tenants/${JIEDONG}/spot-checks/${SPOT_CHECK}/results`; }, body: { agencyUscc: AGENCY, outcome: 'passed', note: '未发现问题' }, ownerStatus: 409 },
  listRedFlags: { path: `/v1/tenants/${JIEDONG}/red-flags`, ownerStatus: 200 },
  // Agency applications: what only the applying agency does is refused to every operator (403 for both).
  createAgencyApplication: { path: '/v1/agencies/applications', body: agencyApplication, ownerStatus: 403 },
  getAgencyApplication: { get path() { return `/v1/agencies/applications/${APPLICATION}`; }, ownerStatus: 200 },
  reviseAgencyApplication: { get path() { return `/v1/agencies/applications/${APPLICATION}`; }, body: agencyApplication, ownerStatus: 403 },
  requestApplicationDocumentUpload: { get path() { return `/v1/agencies/applications/${APPLICATION}/documents`; }, body: { kind: 'other', contentType: 'application/pdf', size: 100, sha256: 'a'.repeat(64) }, ownerStatus: 403 },
  confirmApplicationDocument: { get path() { return `/v1/agencies/applications/${APPLICATION}/documents/${DOCUMENT}/confirm`; }, ownerStatus: 403 },
  getApplicationDocument: { get path() { return `/v1/agencies/applications/${APPLICATION}/documents/${DOCUMENT}`; }, ownerStatus: 200 },
  submitAgencyApplication: { get path() { return `/v1/agencies/applications/${APPLICATION}/submit`; }, ownerStatus: 403 },
  withdrawAgencyApplication: { get path() { return `/v1/agencies/applications/${APPLICATION}/withdraw`; }, body: {}, ownerStatus: 403 },
  // Admitted already: the county's operator passes authorization and meets the domain's 409.
  reviewAgencyApplication: { get path() { return `/v1/agencies/applications/${APPLICATION}/review`; }, body: decision, ownerStatus: 409 },
  listAgencyApplications: { path: `/v1/tenants/${JIEDONG}/agency-applications?status=all`, ownerStatus: 200 },
  listAgencies: { path: '/v1/agencies?status=all', publicData: true },
  getAgency: { path: `/v1/agencies/${AGENCY}`, publicData: true },
  changeAgency: { path: `/v1/agencies/${AGENCY}`, body: { kind: 'change', changes: { address: '篡改的地址' } }, ownerStatus: 403 },
  getAgencyChangeRequest: { get path() { return `/v1/agencies/${AGENCY}/change-requests/${CHANGE}`; }, ownerStatus: 200 },
  reviewAgencyChangeRequest: { get path() { return `/v1/agencies/${AGENCY}/change-requests/${CHANGE}/review`; }, body: decision, ownerStatus: 200 },
  clearAgency: { path: `/v1/agencies/${AGENCY}/clearance`, body: { reason: '测试清退' }, ownerStatus: 200 },
  listQualifiedAgencies: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}/qualified-agencies`, publicData: true },
  listAgencyMatches: { path: `/v1/tenants/${JIEDONG}/service-items/${ITEM}/agency-matches`, ownerStatus: 200 },
  // An agency's inbox: the operators of its admitting tenant read it; only the agency marks a notice read (403 for both).
  listAgencyNotifications: { path: `/v1/agencies/${AGENCY}/notifications`, ownerStatus: 200 },
  markAgencyNotificationRead: { path: `/v1/agencies/${AGENCY}/notifications/NTC-${'0'.repeat(24)}/read`, ownerStatus: 403 },
  // 中选确认书 of 揭东, issued in beforeAll: public to everyone, a county's operator included.
  getCertificate: { get path() { return `/v1/certificates/${CERTIFICATE}`; }, publicData: true },
  verifyCertificate: { get path() { return `/v1/certificates/${CERTIFICATE}/verification`; }, publicData: true },
  getCertificateKeys: { path: '/.well-known/jwks.json', publicData: true },
  // 公开门户 (HTML): public pages; the draw verification of a project not awarded yet is 404 for everyone.
  portalHome: { path: '/', publicData: true },
  portalProjects: { path: `/portal/tenants/${JIEDONG}/projects`, publicData: true },
  portalProject: { get path() { return `/portal/tenants/${JIEDONG}/projects/${PROJECT}`; }, publicData: true },
  portalDrawVerification: { get path() { return `/portal/tenants/${JIEDONG}/projects/${PROJECT}/draw-verification`; }, ownerStatus: 404 },
  portalCatalogue: { path: `/portal/tenants/${JIEDONG}/service-items`, publicData: true },
  portalAgencies: { path: '/portal/agencies', publicData: true },
  portalAgency: { path: `/portal/agencies/${AGENCY}`, publicData: true },
  portalCredit: { path: '/portal/credit', publicData: true },
  portalCertificates: { path: '/portal/certificates', publicData: true },
  portalStatistics: { path: '/portal/statistics', publicData: true },
  portalOpenData: { path: '/portal/open-data', publicData: true },
  portalFavicon: { path: '/favicon.ico', publicData: true },
  getAgencyEvaluations: { path: `/v1/agencies/${AGENCY}/evaluations`, publicData: true },
  // 信用: a record of 揭东 (a commendation of AGENCY) made in beforeAll; decisions belong to the issuing tenant.
  createCreditRecord: { path: '/v1/credit-records', body: { tenant: JIEDONG, uscc: AGENCY, kind: 'commendation', facts: '隔离测试表彰' }, ownerStatus: 201 },
  getCreditRecord: { get path() { return `/v1/credit-records/${CREDIT_RECORD}`; }, publicData: true },
  requestCreditEvidenceUpload: { get path() { return `/v1/credit-records/${CREDIT_RECORD}/documents`; }, body: { kind: 'other', contentType: 'application/pdf', size: 100, sha256: 'a'.repeat(64) }, ownerStatus: 201 },
  confirmCreditEvidence: { get path() { return `/v1/credit-records/${CREDIT_RECORD}/documents/00000000-0000-4000-8000-000000000000/confirm`; }, ownerStatus: 404 },
  // Only the agency objects or applies for repair (403 for both operators); nothing is open to decide (409 for 揭东).
  objectToCreditRecord: { get path() { return `/v1/credit-records/${CREDIT_RECORD}/objection`; }, body: { reason: '测试异议', evidence: [] }, ownerStatus: 403 },
  decideCreditObjection: { get path() { return `/v1/credit-records/${CREDIT_RECORD}/objection/decision`; }, body: { upheld: true, reason: '测试' }, ownerStatus: 409 },
  requestCreditRepair: { get path() { return `/v1/credit-records/${CREDIT_RECORD}/repair`; }, body: { commitment: '本机构承诺整改并接受社会监督。', evidence: [] }, ownerStatus: 403 },
  decideCreditRepair: { get path() { return `/v1/credit-records/${CREDIT_RECORD}/repair/decision`; }, body: { approved: true, reason: '测试' }, ownerStatus: 409 },
  getAgencyCredit: { path: `/v1/agencies/${AGENCY}/credit`, publicData: true },
  listRestrictedAgencies: { path: '/v1/credit/restricted', publicData: true },
  listBlacklistedAgencies: { path: '/v1/credit/blacklist', publicData: true },
  downloadRestrictedAgenciesCsv: { path: '/v1/credit/restricted.csv', publicData: true },
  downloadBlacklistedAgenciesCsv: { path: '/v1/credit/blacklist.csv', publicData: true },
  getCreditWorklist: { path: `/v1/credit/worklist?tenant=${JIEDONG}`, ownerStatus: 200 },
  // Procurement: a project of 揭东 published in beforeAll (real time: it stays open for registration).
  listProjects: { path: `/v1/tenants/${JIEDONG}/projects`, publicData: true },
  getProject: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}`; }, publicData: true },
  getDraw: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/draw`; }, publicData: true },
  // No award yet: the county's own operator meets 404 too; the intruder never learns more.
  getAward: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/award`; }, ownerStatus: 404 },
  getProjectRecord: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/record`; }, ownerStatus: 200 },
  listRegistrations: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/registrations`; }, ownerStatus: 200 },
  listObjections: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/objections`; }, ownerStatus: 200 },
  // Published already: the county's operator passes authorization and meets the lifecycle's 409.
  reviewPurchaseRequest: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/review`; }, body: { decision: 'return', reasons: [{ zh: '测试', en: 'test' }] }, ownerStatus: 409 },
  submitScores: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/scores`; }, body: { scorerId: 'EXP445203XXXXXXXX1', scores: [{ code: AGENCY, qualification: 1, evaluation: 1, credit: 1 }] }, ownerStatus: 409 },
  decideObjection: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/objections/OBJ-00000000/decision`; }, body: { upheld: true, reason: '测试' }, ownerStatus: 404 },
  // An owner's clerk or an agency acts on these; every operator is refused (403 for both).
  submitPurchaseRequest: { path: `/v1/tenants/${JIEDONG}/projects`, body: { name: '测试项目', serviceItem: { tenant: JIEYANG, code: 'ZJ-445200-0006' }, ownerId: 'OWN-445203-XXXXXXXX', fundingType: 'fiscal', budgetFen: 100, serviceContent: '测试', selectionMethod: 'random' }, ownerStatus: 403 },
  resubmitPurchaseRequest: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/submit`; }, body: { name: '测试项目', serviceItem: { tenant: JIEYANG, code: 'ZJ-445200-0006' }, ownerId: 'OWN-445203-XXXXXXXX', fundingType: 'fiscal', budgetFen: 100, serviceContent: '测试', selectionMethod: 'random' }, ownerStatus: 403 },
  chooseDirectly: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/choice`; }, body: { agencyUscc: AGENCY, reason: '测试' }, ownerStatus: 403 },
  requestContractUpload: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/contract/upload`; }, body: { sha256: 'a'.repeat(64), sizeBytes: 100, contentType: 'application/pdf', filename: 'c.pdf' }, ownerStatus: 403 },
  recordContract: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/contract`; }, body: { documentId: '00000000-0000-4000-8000-000000000000', amountFen: 100 }, ownerStatus: 403 },
  recordCompletion: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/completion`; }, body: {}, ownerStatus: 403 },
  recordEvaluation: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/evaluation`; }, body: { quality: 1, attitude: 1, feeReasonableness: 1 }, ownerStatus: 403 },
  abandonAward: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/abandonment`; }, body: { reason: '测试' }, ownerStatus: 403 },
  register: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/registrations`; }, body: {}, ownerStatus: 403 },
  getMyRegistration: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/registrations/mine`; }, ownerStatus: 403 },
  withdrawRegistration: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/registrations/mine`; }, ownerStatus: 403 },
  commitQuote: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/registrations/mine/quote`; }, body: { commitment: 'a'.repeat(64) }, ownerStatus: 403 },
  revealQuote: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/registrations/mine/reveal`; }, body: { quoteFen: 100, salt: 'a'.repeat(32) }, ownerStatus: 403 },
  fileObjection: { get path() { return `/v1/tenants/${JIEDONG}/projects/${PROJECT}/objections`; }, body: { grounds: '测试质疑的事实和理由，至少十个字' }, ownerStatus: 403 },
  // Open data and statistics: public, from the rows the disclosure projector wrote for PROJECT (waited for in beforeAll).
  listOcdsReleases: { path: '/v1/ocds/releases', publicData: true },
  getOcdsRecord: { get path() { return `/v1/ocds/records/ocds-ism000-${PROJECT}`; }, publicData: true },
  downloadProjectsCsv: { path: `/v1/tenants/${JIEDONG}/projects.csv`, publicData: true },
  downloadAwardsCsv: { path: '/v1/awards.csv', publicData: true },
  getTenantStatistics: { path: `/v1/tenants/${JIEDONG}/stats`, publicData: true },
  getCityStatistics: { path: '/v1/stats', publicData: true },
};

/** A project of 揭东, submitted by a clerk of OWNER and published, in beforeAll. */
let PROJECT = '';
/** A credit record issued by 揭东 (a commendation of AGENCY), in beforeAll. */
let CREDIT_RECORD = '';

const PRIVATE_FIELDS = ['updatedBy', 'email', 'phone', 'createdBy', 'mobile', 'idNumberMasked', 'statusReason'];
const routes = apiContexts.flatMap((c) => c.routes);

describe('a county cannot read or change another county’s private data — every route', () => {
  beforeAll(async () => {
    OWNER = (await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/owners`, { as: owner, body: { kind: 'department', uscc: '11445203MB2C008814', ...ownerFields } })).body.id;
    EXPERT = (await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/experts`, { as: owner, body: expertBody })).body.id;
    INSPECTOR = (await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/inspectors`, { as: owner, body: inspectorBody })).body.id;
    SPOT_CHECK = (await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/spot-checks`, { as: owner, body: spotCheckBody })).body.id;
    APPLICATION = (await call(JIEYANG, 'POST', '/v1/agencies/applications', { as: agencyClerk, body: agencyApplication })).body.id;
    const complete = await fileDocuments(JIEYANG, agencyClerk, APPLICATION, agencyApplication);
    DOCUMENT = complete.commitmentLetterDocumentId!;
    await call(JIEYANG, 'PUT', `/v1/agencies/applications/${APPLICATION}`, { as: agencyClerk, body: complete });
    expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${APPLICATION}/submit`, { as: agencyClerk })).body.status).toBe('admitted');
    const renewed = await uploadDocument(JIEYANG, agencyClerk, APPLICATION, 'qualification-scan', await tinyPdf('renewed'));
    const extension = await call(JIEYANG, 'PATCH', `/v1/agencies/${AGENCY}`, { as: agencyClerk, body: { kind: 'extension', extension: { qualificationId: 'q-1', validTo: '2036-05-19', documentId: renewed } } });
    CHANGE = extension.body.request.id;
    CREDIT_RECORD = (await call(JIEYANG, 'POST', '/v1/credit-records', { as: owner, body: { tenant: JIEDONG, uscc: AGENCY, kind: 'commendation', facts: '隔离测试表彰' } })).body.id;
    const clerk = (await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/owners/${OWNER}/clerks`, { as: owner, body: { username: 'clerk-445203-iso-project', name: '项目经办人' } })).body.subject;
    const submitted = await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/projects`, {
      as: { role: 'owner', tenant: JIEDONG, sub: clerk },
      body: { name: '揭东隔离测试项目', serviceItem: { tenant: JIEYANG, code: 'ZJ-445200-0006' }, ownerId: OWNER, fundingType: 'fiscal', budgetFen: 1_000_000, serviceContent: '节能评估', selectionMethod: 'random' },
    });
    PROJECT = submitted.body.id;
    expect((await call(JIEYANG, 'POST', `/v1/tenants/${JIEDONG}/projects/${PROJECT}/review`, { as: owner, body: { decision: 'approve' } })).body.status).toBe('published');
    useCityEnvironment(JIEYANG);
    CERTIFICATE = (await issueCertificate(demoIssuance('ISOLATION'))).certificateNo;
    // The disclosure projector writes the project's first OCDS release shortly after its ProjectPublished event.
    await eventually(async () => ((await call(JIEYANG, 'GET', `/v1/ocds/records/ocds-ism000-${PROJECT}`)).status === 200 ? true : undefined), 30_000);
  }, 60_000);

  it('has a case for every route', () => {
    expect(routes.map((r) => r.operationId).filter((id) => !samples[id])).toEqual([]);
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const s = samples[route.operationId];
      const before = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items?status=all&limit=200`);
      const r = await call(JIEYANG, route.method, s.path, { as: intruder, body: s.body });
      if (s.publicData) {
        expect(route.auth).toBe('public');
        expect(r.status).toBe(200);
        if (!s.schemaOnly) for (const field of PRIVATE_FIELDS) expect(JSON.stringify(r.body)).not.toContain(`"${field}"`);
        return;
      }
      expect([403, 404]).toContain(r.status);
      expect((await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/service-items?status=all&limit=200`)).body).toEqual(before.body);
      // The same request by the county's own operator is accepted (or, for onboarding, also refused: a county never onboards).
      const mine = await call(JIEYANG, route.method, s.path, { as: owner, body: s.body });
      expect(mine.status).toBe(s.ownerStatus);
    });
  }
});
