/**
 * Shared test data for the agencies domain's unit tests (imported only by *.test.ts). The codes and ID numbers
 * are constructed to pass their check characters; they belong to nobody.
 */
import { createWorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { DEFAULT_TENANT_POLICY } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import { type AgencyApplication, ApplicationContent, type ApplicationContentInput, createApplication } from './application.ts';
import { type Agency, agencyFromApplication } from './agency.ts';
import { applyVerification } from './automatic-verification.ts';
import { submitForReview } from './joint-review.ts';
import type { CatalogItemLike } from './offered-item.ts';

export const USCC_JIEYANG = '91445200MA4W3K2L9P';
export const USCC_RONGCHENG = '91445202MA51XQ0D4G';
export const USCC_SHANTOU = '91440500MA4UHY7B1W';
/** 事业单位 (12), organisation code all digits. */
export const USCC_INSTITUTION = '12445200456123789W';

export const ID_LEGAL = '440507197806150020';
export const ID_ENGINEER = '44520219900101123X';
export const ID_ASSESSOR = '445202198512314561';

export const EIA_ITEM: CatalogItemLike = {
  tenant: '445200',
  code: 'ZJ-445200-0001',
  name: '建设项目环境影响报告书编制',
  industry: 'environment',
  qualificationRequirements: [{ type: '环境影响评价', minGrade: '乙级' }],
  status: 'active',
};
export const SURVEY_ITEM: CatalogItemLike = {
  tenant: '445200',
  code: 'ZJ-445200-0002',
  name: '工程地质勘察',
  industry: 'housing',
  qualificationRequirements: [{ type: '工程勘察', minGrade: '丙级' }],
  status: 'active',
};
export const CONSULTING_ITEM: CatalogItemLike = {
  tenant: '445200',
  code: 'ZJ-445200-0003',
  name: '项目可行性研究报告编制',
  industry: 'development',
  qualificationRequirements: [],
  status: 'active',
};
export const CATALOGUE: readonly CatalogItemLike[] = [EIA_ITEM, SURVEY_ITEM, CONSULTING_ITEM];

/** A Monday in March 2026 without holidays around it. */
export const SUBMITTED_AT = '2026-03-16T10:00:00+08:00';
export const CALENDAR = createWorkingDayCalendar();
export const POLICY = DEFAULT_TENANT_POLICY;

export const DOCUMENTS = ['doc-eia-cert', 'doc-survey-cert', 'doc-p1-cert', 'doc-p1-ss', 'doc-p2-cert', 'doc-p2-ss', 'doc-letter'];

export function contentInput(overrides: Partial<ApplicationContentInput> = {}): ApplicationContentInput {
  return {
    uscc: USCC_JIEYANG,
    name: '揭阳市青蓝环境科技有限公司',
    legalRepresentative: { name: '陈立新', idNumber: ID_LEGAL },
    address: '广东省揭阳市榕城区临江北路 88 号',
    officePhone: '0663-8123456',
    contact: { name: '林晓', phone: '13800138000', email: 'linxiao@example.cn' },
    serviceItems: [
      { tenant: '445200', code: EIA_ITEM.code },
      { tenant: '445200', code: SURVEY_ITEM.code },
    ],
    qualifications: [
      { id: 'q-eia', type: '环境影响评价', number: '粤环评乙字第 0123 号', grade: '甲级', issuer: '广东省生态环境厅', validFrom: '2024-01-01', validTo: '2026-12-31', documentId: 'doc-eia-cert' },
      { id: 'q-survey', type: '工程勘察', number: 'B244012345', grade: '乙级', issuer: '广东省住房和城乡建设厅', validFrom: '2023-06-01', validTo: '2026-04-10', documentId: 'doc-survey-cert' },
    ],
    practitioners: [
      {
        id: 'p-1',
        name: '黄志强',
        idNumber: ID_ENGINEER,
        certificate: { type: '环境影响评价工程师', number: 'HP00012345', validTo: '2027-06-30' },
        certificateDocumentId: 'doc-p1-cert',
        socialSecurity: { months: ['2025-11', '2025-12', '2026-01', '2026-02'], documentId: 'doc-p1-ss' },
      },
      {
        id: 'p-2',
        name: '郑雅文',
        idNumber: ID_ASSESSOR,
        certificate: { type: '注册土木工程师（岩土）', number: 'AY44000123' },
        certificateDocumentId: 'doc-p2-cert',
        socialSecurity: { months: ['2025-12', '2026-01', '2026-02'], documentId: 'doc-p2-ss' },
      },
    ],
    branches: [{ name: '揭阳市青蓝环境科技有限公司汕头分公司', address: '汕头市龙湖区长平路 1 号', regions: ['440507'] }],
    practiceRegions: ['445200'],
    commitmentLetterDocumentId: 'doc-letter',
    ...overrides,
  };
}

export function draft(overrides: Partial<ApplicationContentInput> = {}, tenant = '445200'): AgencyApplication {
  return createApplication({ id: 'app-1', tenant, content: ApplicationContent.parse(contentInput(overrides)), at: '2026-03-10T09:00:00+08:00', by: 'agency-clerk' });
}

/** Every document the content names, as if all were uploaded and accepted. */
export function documentsOf(app: AgencyApplication): string[] {
  const c = app.content;
  return [
    ...c.qualifications.map((q) => q.documentId),
    ...c.practitioners.flatMap((p) => [p.certificateDocumentId, p.socialSecurity?.documentId]),
    c.commitmentLetterDocumentId,
  ].filter((id): id is string => id !== undefined);
}

export function submitted(overrides: Partial<ApplicationContentInput> = {}): AgencyApplication {
  const app = draft(overrides);
  return submitForReview(app, { at: SUBMITTED_AT, by: 'agency-clerk', policy: POLICY, calendar: CALENDAR, documents: documentsOf(app), catalogue: CATALOGUE });
}

export function admittedApplication(overrides: Partial<ApplicationContentInput> = {}): AgencyApplication {
  const app = submitted(overrides);
  const results = app.content.qualifications.map((q) => ({ qualificationId: q.id, status: 'valid' as const }));
  return applyVerification(app, results, POLICY, '2026-03-16T10:00:05+08:00');
}

export function admittedAgency(overrides: Partial<ApplicationContentInput> = {}): Agency {
  return agencyFromApplication(admittedApplication(overrides));
}

export { thrown } from '#test/support/domain-error.ts';
