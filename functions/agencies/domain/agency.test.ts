/**
 * Strategy: the province-wide record built from an admitted application (and what it must not carry), the
 * replica version rule, then 变更 and 延期 as named paths — what applies at once, what opens a review, what is
 * refused — the review of a change through the joint-review slots, and suspension and 清退. Every change is
 * checked to bump the version by exactly one.
 */
import {
  type Agency,
  AgencyChange,
  agencyFromApplication,
  clearAgency,
  isNewerVersion,
  recordChangeDecision,
  reinstateAgency,
  requestChange,
  requestExtension,
  restoreServiceItem,
  suspendAgency,
  suspendServiceItem,
  withdrawChangeRequest,
} from './agency.ts';
import { applyExpiryAssessment, assessQualificationExpiry } from './qualification-expiry.ts';
import { CALENDAR, CATALOGUE, CONSULTING_ITEM, EIA_ITEM, ID_ASSESSOR, ID_ENGINEER, ID_LEGAL, POLICY, SURVEY_ITEM, admittedAgency, contentInput, submitted, thrown } from './test-fixtures.ts';


const at = '2026-05-06T10:00:00+08:00';
const ctx = (documents: string[] = []) => ({ requestId: 'chg-1', at, by: 'agency-clerk', catalogue: CATALOGUE, calendar: CALENDAR, policy: POLICY, documents });
const operator = { sub: 'op', role: 'operator' };
const environment = { sub: 'reg-env', role: 'regulator', industries: ['environment'] };
const housing = { sub: 'reg-housing', role: 'regulator', industries: ['housing'] };
const approve = { decision: 'approve' as const, reason: '核实无误', at: '2026-05-07T10:00:00+08:00' };
const base = contentInput();

describe('the admitted agency', () => {
  it('is built from the admitted application: active, version 1, items active, IDs masked', () => {
    const agency = admittedAgency();
    expect(agency).toMatchObject({
      uscc: '91445200MA4W3K2L9P',
      status: 'active',
      version: 1,
      province: '440000',
      admittedIn: '445200',
      applicationId: 'app-1',
      admittedAt: '2026-03-16T10:00:05.000+08:00',
      legalRepresentative: { name: '陈立新', idNumberMasked: '440507********0020' },
      serviceItems: [
        { tenant: '445200', code: EIA_ITEM.code, status: 'active' },
        { tenant: '445200', code: SURVEY_ITEM.code, status: 'active' },
      ],
    });
    expect(agency.practitioners[0]).toEqual({
      id: 'p-1',
      name: '黄志强',
      idNumberMasked: '445202********123X',
      certificate: { type: '环境影响评价工程师', number: 'HP00012345', validTo: '2027-06-30' },
      certificateDocumentId: 'doc-p1-cert',
    });
  });

  it('carries no full ID number and no social-security data to the other cities (最小必要)', () => {
    const text = JSON.stringify(admittedAgency());
    for (const id of [ID_LEGAL, ID_ENGINEER, ID_ASSESSOR]) expect(text).not.toContain(id);
    expect(text).not.toContain('socialSecurity');
    expect(text).not.toContain('doc-p1-ss');
  });

  it('only an admitted application makes an agency', () => {
    expect(thrown(() => agencyFromApplication(submitted())).code).toBe('application.not-admitted');
  });

  it('replicas apply only newer versions', () => {
    expect(isNewerVersion(undefined, { version: 1 })).toBe(true);
    expect(isNewerVersion({ version: 3 }, { version: 3 })).toBe(false);
    expect(isNewerVersion({ version: 3 }, { version: 2 })).toBe(false);
    expect(isNewerVersion({ version: 3 }, { version: 4 })).toBe(true);
  });
});

describe('变更', () => {
  it('contact, address, office phone, branches and regions apply at once (version +1, nothing to review)', () => {
    const agency = admittedAgency();
    const change = AgencyChange.parse({ contact: { name: '王芳', phone: '13900139000' }, address: '新地址', officePhone: null, practiceRegions: ['445200', '440500'] });
    const result = requestChange(agency, change, ctx());
    expect(result.request).toBeUndefined();
    expect(result.applied.sort()).toEqual(['address', 'contact', 'officePhone', 'practiceRegions']);
    expect(result.agency).toMatchObject({ version: 2, address: '新地址', contact: { name: '王芳' }, practiceRegions: ['445200', '440500'] });
    expect('officePhone' in result.agency).toBe(false);
  });

  it('the legal representative applies at once, masked', () => {
    const result = requestChange(admittedAgency(), AgencyChange.parse({ legalRepresentative: { name: '黄志强', idNumber: ID_ENGINEER } }), ctx());
    expect(result.agency.legalRepresentative).toEqual({ name: '黄志强', idNumberMasked: '445202********123X' });
  });

  it('withdrawing a service item applies at once; adding one is reviewed', () => {
    const agency = admittedAgency();
    const fewer = requestChange(agency, { serviceItems: [{ tenant: '445200', code: EIA_ITEM.code }] }, ctx());
    expect(fewer).toMatchObject({ applied: ['serviceItems'], pendingReview: [], agency: { version: 2, serviceItems: [{ code: EIA_ITEM.code, status: 'active' }] } });
    const more = requestChange(agency, { serviceItems: [...agency.serviceItems.map(({ tenant, code }) => ({ tenant, code })), { tenant: '445200', code: CONSULTING_ITEM.code }] }, ctx());
    expect(more.pendingReview).toEqual(['serviceItems']);
    expect(more.request!.review.required.map((r) => r.slot)).toEqual(['operator', 'regulator:development', 'regulator:environment', 'regulator:housing']);
    expect(more.agency).toMatchObject({ version: 2, pendingChangeId: 'chg-1' });
    // an added item whose requirement the agency does not meet is refused, at its index in the new list
    const unmet = { ...CONSULTING_ITEM, code: 'ZJ-445200-0004', industry: 'water', qualificationRequirements: [{ type: '水土保持方案编制' }] };
    const error = thrown(() => requestChange(agency, { serviceItems: [{ tenant: '445200', code: EIA_ITEM.code }, { tenant: '445200', code: unmet.code }] }, { ...ctx(), catalogue: [...CATALOGUE, unmet] }));
    expect(error.errors!.map((e) => `${e.code} @ ${e.path}`)).toEqual(['application.requirement-not-met @ changes.serviceItems.1']);
  });

  it('qualifications, practitioners and the name are reviewed; the rest of the same change applies at once', () => {
    const agency = admittedAgency();
    const qualifications = [...base.qualifications!, { id: 'q-new', type: '工程勘察', number: 'B244099999', grade: '甲级', issuer: '住房和城乡建设部', validFrom: '2026-05-01', validTo: '2031-04-30', documentId: 'doc-new' }];
    const result = requestChange(agency, AgencyChange.parse({ name: '揭阳青蓝环境集团有限公司', qualifications, address: '新地址' }), ctx(['doc-new', 'doc-eia-cert', 'doc-survey-cert']));
    expect(result.applied).toEqual(['address']);
    expect(result.pendingReview.sort()).toEqual(['name', 'qualifications']);
    expect(result.agency).toMatchObject({ version: 2, address: '新地址', name: agency.name, pendingChangeId: 'chg-1' });
    expect(result.request).toMatchObject({ kind: 'change', status: 'pending', baseVersion: 1, changes: { name: '揭阳青蓝环境集团有限公司' } });
    expect(result.request!.review.due.at).toBe('2026-05-09T00:00:00.000+08:00');
  });

  it('a reviewed change is checked like a submission (paths under changes.)', () => {
    const agency = admittedAgency();
    const expired = [{ ...base.qualifications![0], validTo: '2026-04-30' }, base.qualifications![1]];
    const error = thrown(() => requestChange(agency, AgencyChange.parse({ qualifications: expired }), ctx(['doc-eia-cert', 'doc-survey-cert'])));
    expect(error.errors!.map((e) => `${e.code} @ ${e.path}`)).toEqual(['application.qualification-not-valid @ changes.qualifications.0.validTo']);
    const noProof = [{ ...base.practitioners![0], certificate: { ...base.practitioners![0].certificate, number: 'HP00012346' }, socialSecurity: undefined }];
    expect(thrown(() => requestChange(agency, AgencyChange.parse({ practitioners: noProof }), ctx(['doc-p1-cert']))).errors![0]).toMatchObject({ path: 'changes.practitioners.0.socialSecurity', code: 'application.social-security-missing' });
    expect(thrown(() => requestChange(agency, AgencyChange.parse({ practiceRegions: ['450100'] }), ctx())).errors![0].code).toBe('application.region-outside-province');
  });

  it('one reviewed change at a time', () => {
    const pending = requestChange(admittedAgency(), AgencyChange.parse({ name: '新名称' }), ctx()).agency;
    expect(thrown(() => requestChange(pending, AgencyChange.parse({ name: '又一个名称' }), ctx()))).toMatchObject({ status: 409, code: 'agency.change-pending' });
    // what applies at once still does
    expect(requestChange(pending, AgencyChange.parse({ address: '新地址' }), ctx()).agency.address).toBe('新地址');
  });

  it('an empty change, or a person listed twice, is refused by the schema', () => {
    expect(AgencyChange.safeParse({}).success).toBe(false);
    const twice = AgencyChange.safeParse({ practitioners: [base.practitioners![0], { ...base.practitioners![0], id: 'p-9' }] });
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['practitioners.1.idNumber']);
  });

  it('approval applies the reviewed part, practitioners masked; refusal drops it', () => {
    const newPerson = {
      id: 'p-3',
      name: '吴新',
      idNumber: '445203199205200012',
      certificate: { type: '环境影响评价工程师', number: 'HP00099999' },
      certificateDocumentId: 'doc-p3-cert',
      socialSecurity: { months: ['2026-02', '2026-03', '2026-04'], documentId: 'doc-p3-ss' },
    };
    // p-1 and p-2 are unchanged: their proofs were checked at admission and are not asked for again
    const { agency, request } = requestChange(admittedAgency(), AgencyChange.parse({ practitioners: [...base.practitioners!, newPerson] }), ctx(['doc-p3-cert', 'doc-p3-ss']));
    let state = { agency, request: request! };
    for (const reviewer of [operator, environment, housing]) state = recordChangeDecision(state.request, state.agency, reviewer, approve);
    expect(state.request).toMatchObject({ status: 'approved', version: 4 });
    expect(state.agency.version).toBe(agency.version + 1);
    expect(state.agency.practitioners.map((p) => p.idNumberMasked)).toEqual(['445202********123X', '445202********4561', '445203********0012']);
    expect('pendingChangeId' in state.agency).toBe(false);

    const refused = recordChangeDecision(request!, agency, environment, { decision: 'refuse', reason: '人员社保造假', fixes: [{ description: '提供真实社保证明' }], at: approve.at });
    expect(refused.request).toMatchObject({ status: 'refused', fixes: [{ description: '提供真实社保证明' }] });
    expect(refused.agency.practitioners).toHaveLength(2);
    expect(thrown(() => recordChangeDecision(refused.request, refused.agency, operator, approve)).code).toBe('agency.change-not-pending');
  });

  it('a pending request can be withdrawn', () => {
    const { agency, request } = requestChange(admittedAgency(), AgencyChange.parse({ name: '新名称' }), ctx());
    const result = withdrawChangeRequest(request!, agency, { at, by: 'agency-clerk' });
    expect(result.request.status).toBe('withdrawn');
    expect(result.agency).toMatchObject({ version: agency.version + 1 });
    expect('pendingChangeId' in result.agency).toBe(false);
  });
});

describe('延期', () => {
  const extension = { qualificationId: 'q-survey', validTo: '2031-04-10', documentId: 'doc-survey-2031' };

  it('is reviewed by the operator and the regulators of the items that need that qualification', () => {
    const { agency, request } = requestExtension(admittedAgency(), extension, ctx(['doc-survey-2031']));
    expect(agency).toMatchObject({ version: 2, pendingChangeId: 'chg-1' });
    expect(request).toMatchObject({ kind: 'extension', extension });
    expect(request.review.required.map((r) => r.slot)).toEqual(['operator', 'regulator:housing']);
  });

  it('refuses an unknown qualification, a date not later, an unuploaded scan', () => {
    const agency = admittedAgency();
    expect(thrown(() => requestExtension(agency, { ...extension, qualificationId: 'q-x' }, ctx(['doc-survey-2031']))).errors![0].code).toBe('agency.unknown-qualification');
    expect(thrown(() => requestExtension(agency, { ...extension, validTo: '2026-04-10' }, ctx(['doc-survey-2031']))).errors![0].code).toBe('agency.extension-not-later');
    expect(thrown(() => requestExtension(agency, extension, ctx())).errors![0].code).toBe('application.document-not-uploaded');
  });

  it('once approved, the item suspended on expiry comes back (with the expiry rule)', () => {
    // the survey certificate expired on 2026-04-10; the daily job suspended its item
    const start = admittedAgency();
    const suspended = applyExpiryAssessment(start, assessQualificationExpiry(start, '2026-05-06', CATALOGUE), at);
    expect(suspended.serviceItems[1].status).toBe('suspended');
    const { agency, request } = requestExtension(suspended, extension, ctx(['doc-survey-2031']));
    let state = { agency, request };
    for (const reviewer of [operator, housing]) state = recordChangeDecision(state.request, state.agency, reviewer, approve);
    expect(state.agency.qualifications[1]).toMatchObject({ validTo: '2031-04-10', documentId: 'doc-survey-2031' });
    const restored = applyExpiryAssessment(state.agency, assessQualificationExpiry(state.agency, '2026-05-07', CATALOGUE), approve.at);
    expect(restored.serviceItems[1]).toEqual({ tenant: '445200', code: SURVEY_ITEM.code, status: 'active' });
  });
});

describe('suspension and 清退', () => {
  const change = { at, by: 'op' };

  it('suspend and reinstate the agency, with a reason', () => {
    const agency = admittedAgency();
    const suspended = suspendAgency(agency, '涉嫌出具虚假报告，立案调查中', change);
    expect(suspended).toMatchObject({ status: 'suspended', version: 2, suspension: { reason: '涉嫌出具虚假报告，立案调查中', by: 'op' } });
    expect(thrown(() => suspendAgency(agency, ' ', change)).status).toBe(400);
    const back = reinstateAgency(suspended, change);
    expect(back).toMatchObject({ status: 'active', version: 3 });
    expect('suspension' in back).toBe(false);
  });

  it('an operator suspends and restores one service item; an expiry suspension is lifted only by a valid qualification', () => {
    const agency = admittedAgency();
    const ref = { tenant: '445200', code: EIA_ITEM.code };
    const off = suspendServiceItem(agency, ref, '服务质量投诉核查', change);
    expect(off.serviceItems[0]).toMatchObject({ status: 'suspended', suspension: { cause: 'operator' } });
    expect(restoreServiceItem(off, ref, change).serviceItems[0]).toEqual({ ...ref, status: 'active' });
    const expired = applyExpiryAssessment(agency, assessQualificationExpiry(agency, '2026-05-06', CATALOGUE), at);
    expect(thrown(() => restoreServiceItem(expired, { tenant: '445200', code: SURVEY_ITEM.code }, change)).code).toBe('agency.item-suspended-by-expiry');
  });

  it('清退 by an operator or by credit, with a reason; final', () => {
    const { agency } = requestChange(admittedAgency(), AgencyChange.parse({ name: '新名称' }), ctx());
    const cleared: Agency = clearAgency(agency, '严重失信，列入黑名单', { kind: 'credit', recordId: 'cr-9' }, at);
    expect(cleared).toMatchObject({ status: 'cleared', version: agency.version + 1, updatedBy: 'system:credit:cr-9', clearance: { reason: '严重失信，列入黑名单', by: { kind: 'credit', recordId: 'cr-9' } } });
    expect('pendingChangeId' in cleared).toBe(false);
    expect(thrown(() => clearAgency(agency, '', { kind: 'operator', sub: 'op' }, at)).status).toBe(400);
    expect(thrown(() => clearAgency(cleared, '再次清退', { kind: 'operator', sub: 'op' }, at)).code).toBe('agency.cleared');
    expect(thrown(() => requestChange(cleared, AgencyChange.parse({ address: 'x' }), ctx())).code).toBe('agency.cleared');
    expect(thrown(() => suspendAgency(cleared, '理由', change)).code).toBe('agency.cleared');
  });
});
