/**
 * Strategy: the request schema on a full application and on each kind of bad field; the draft rules (default
 * region, one open application per code, who may edit); then submission — a complete application passes and
 * opens a review round, and each missing or invalid piece gives its own field problem, all reported together;
 * finally the lifecycle table, checked exhaustively: every legal transition bumps the version by one, every other
 * one is a 409.
 */
import {
  APPLICATION_STATUSES,
  APPLICATION_TRANSITIONS,
  type AgencyApplication,
  ApplicationContent,
  type ApplicationStatus,
  type SubmissionContext,
  admitApplication,
  assertMayApply,
  refuseApplication,
  returnApplication,
  reviseApplication,
  submissionProblems,
  submitApplication,
  withdrawApplication,
} from './application.ts';
import { submitForReview } from './joint-review.ts';
import { CALENDAR, CATALOGUE, CONSULTING_ITEM, DOCUMENTS, POLICY, SUBMITTED_AT, USCC_JIEYANG, contentInput, draft, submitted, thrown } from './test-fixtures.ts';


const ctx: SubmissionContext = { at: SUBMITTED_AT, by: 'agency-clerk', policy: POLICY, documents: DOCUMENTS, catalogue: CATALOGUE };
const codes = (app: AgencyApplication, over: Partial<typeof ctx> = {}) => submissionProblems(app, { ...ctx, ...over }).map((p) => `${p.code} @ ${p.path}`);

describe('the request schema', () => {
  it('accepts a full application', () => {
    expect(ApplicationContent.safeParse(contentInput()).success).toBe(true);
  });

  it('is strict', () => {
    const result = ApplicationContent.safeParse({ ...contentInput(), rating: 'AAA' });
    expect(result.error?.issues[0].code).toBe('unrecognized_keys');
  });

  it('a wrong check character is a field problem at `uscc` with the expected character', () => {
    const result = ApplicationContent.safeParse(contentInput({ uscc: '91445200MA4W3K2L9Q' }));
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['uscc'], params: expect.objectContaining({ problem: 'uscc.check-character' }) })]);
  });

  it('a practitioner ID number with a wrong check character is refused', () => {
    const base = contentInput();
    const practitioners = [{ ...base.practitioners![0], idNumber: '445202199001011231' }];
    const result = ApplicationContent.safeParse({ ...base, practitioners });
    expect(result.error?.issues[0].path).toEqual(['practitioners', 0, 'idNumber']);
  });

  it('duplicates and reversed validity are refused with their paths', () => {
    const base = contentInput();
    const q = base.qualifications![0];
    const result = ApplicationContent.safeParse({
      ...base,
      qualifications: [q, { ...q, validFrom: '2027-01-01', validTo: '2026-01-01' }],
      serviceItems: [base.serviceItems![0], base.serviceItems![0]],
    });
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['qualifications.1.validTo', 'qualifications.1.id', 'serviceItems.1']));
  });

  it('dates are real calendar dates', () => {
    const base = contentInput();
    const result = ApplicationContent.safeParse({ ...base, qualifications: [{ ...base.qualifications![0], validTo: '2026-02-30' }] });
    expect(result.success).toBe(false);
  });
});

describe('drafts', () => {
  it('a new draft is version 1, in the tenant’s province', () => {
    const app = draft();
    expect(app).toMatchObject({ status: 'draft', version: 1, tenant: '445200', province: '440000', uscc: USCC_JIEYANG });
    expect(app.history).toEqual([{ from: null, to: 'draft', at: '2026-03-10T09:00:00.000+08:00', by: 'agency-clerk' }]);
  });

  it('practice regions default to the whole province', () => {
    expect(draft({ practiceRegions: [] }).content.practiceRegions).toEqual(['440000']);
    expect(draft({ practiceRegions: ['445202'] }).content.practiceRegions).toEqual(['445202']);
  });

  it('a second application while one is open is a 409; after withdrawal or refusal it is allowed', () => {
    const error = thrown(() => assertMayApply(USCC_JIEYANG, [{ id: 'app-1', status: 'returned' }]));
    expect(error).toMatchObject({ status: 409, code: 'application.already-open' });
    expect(() => assertMayApply(USCC_JIEYANG, [{ id: 'a', status: 'withdrawn' }, { id: 'b', status: 'refused' }])).not.toThrow();
  });

  it('an admitted agency changes instead of applying again; a cleared one may apply', () => {
    expect(thrown(() => assertMayApply(USCC_JIEYANG, [], { status: 'active' })).code).toBe('agency.already-admitted');
    expect(() => assertMayApply(USCC_JIEYANG, [], { status: 'cleared' })).not.toThrow();
  });

  it('the agency edits a draft (version +1) but not the code, and not once submitted', () => {
    const app = draft();
    const revised = reviseApplication(app, { ...app.content, address: '新地址' }, { at: '2026-03-11T09:00:00+08:00', by: 'agency-clerk', expectedVersion: 1 });
    expect(revised).toMatchObject({ version: 2, content: { address: '新地址' } });
    expect(thrown(() => reviseApplication(app, { ...app.content, uscc: '91445202MA51XQ0D4G' }, { at: SUBMITTED_AT, by: 'x' }))).toMatchObject({ status: 400 });
    expect(thrown(() => reviseApplication(app, app.content, { at: SUBMITTED_AT, by: 'x', expectedVersion: 7 })).code).toBe('application.version-mismatch');
    expect(thrown(() => reviseApplication(submitted(), app.content, { at: SUBMITTED_AT, by: 'x' })).code).toBe('application.not-editable');
  });
});

describe('submission', () => {
  it('a complete application is submitted with a review round: operator and one regulator per industry, due in 2 working days', () => {
    const app = submitted();
    expect(app).toMatchObject({ status: 'submitted', version: 2, submittedAt: '2026-03-16T10:00:00.000+08:00' });
    expect(app.review).toMatchObject({
      round: 1,
      required: [
        { slot: 'operator', role: 'operator' },
        { slot: 'regulator:environment', role: 'regulator', industry: 'environment' },
        { slot: 'regulator:housing', role: 'regulator', industry: 'housing' },
      ],
      decisions: [],
    });
    expect(app.review!.due.at).toBe('2026-03-19T00:00:00.000+08:00');
  });

  it('reports nothing for a complete application', () => {
    expect(codes(draft())).toEqual([]);
  });

  it('at least one service item, and each must be catalogued and in use', () => {
    expect(codes(draft({ serviceItems: [] }))).toContain('application.no-service-item @ serviceItems');
    expect(codes(draft({ serviceItems: [{ tenant: '445200', code: 'ZJ-445200-9999' }] }))).toContain('application.unknown-service-item @ serviceItems.0');
    const retired = CATALOGUE.map((i) => (i.code === CONSULTING_ITEM.code ? { ...i, status: 'retired' as const } : i));
    expect(codes(draft({ serviceItems: [{ tenant: '445200', code: CONSULTING_ITEM.code }] }), { catalogue: retired })).toContain('application.service-item-retired @ serviceItems.0');
  });

  it('each offered item’s requirements must be met by the declared qualifications', () => {
    const base = contentInput();
    const low = draft({ qualifications: [{ ...base.qualifications![0], grade: '丙级' }, base.qualifications![1]] });
    const problems = submissionProblems(low, ctx);
    expect(problems).toContainEqual({
      path: 'serviceItems.0',
      code: 'application.requirement-not-met',
      message: {
        zh: '服务事项 ZJ-445200-0001：“环境影响评价”资质等级不足：要求 乙级及以上，持有 丙级',
        en: 'Service item ZJ-445200-0001: "环境影响评价" qualification grade too low: 乙级 or higher required, held 丙级',
      },
    });
  });

  it('at least one qualification — unless every offered item needs none (seed 001: 依法不需要资质)', () => {
    expect(codes(draft({ qualifications: [] }))).toContain('application.no-qualification @ qualifications');
    expect(codes(draft({ qualifications: [], serviceItems: [{ tenant: '445200', code: CONSULTING_ITEM.code }] }))).toEqual([]);
  });

  it('each qualification must be valid at submission', () => {
    const base = contentInput();
    const expired = draft({ qualifications: [{ ...base.qualifications![0], validTo: '2026-03-15' }, base.qualifications![1]] });
    expect(codes(expired)).toContain('application.qualification-not-valid @ qualifications.0.validTo');
    const early = draft({ qualifications: [{ ...base.qualifications![0], validFrom: '2026-03-17' }, base.qualifications![1]] });
    expect(codes(early)).toContain('application.qualification-not-valid @ qualifications.0.validFrom');
  });

  it('every document is named and uploaded', () => {
    const base = contentInput();
    const unnamed = draft({ qualifications: [{ ...base.qualifications![0], documentId: undefined }, base.qualifications![1]], commitmentLetterDocumentId: undefined });
    expect(codes(unnamed)).toEqual(['application.document-missing @ qualifications.0.documentId', 'application.document-missing @ commitmentLetterDocumentId']);
    expect(codes(draft(), { documents: DOCUMENTS.filter((d) => d !== 'doc-p2-ss') })).toEqual(['application.document-not-uploaded @ practitioners.1.socialSecurity.documentId']);
  });

  it('social security must cover each of the N months before submission (seed 002: anti shell companies)', () => {
    const base = contentInput();
    const gap = draft({ practitioners: [base.practitioners![0], { ...base.practitioners![1], socialSecurity: { months: ['2025-12', '2026-01'], documentId: 'doc-p2-ss' } }] });
    expect(submissionProblems(gap, ctx)).toEqual([
      expect.objectContaining({ path: 'practitioners.1.socialSecurity.months', code: 'application.social-security-gap', message: expect.objectContaining({ zh: expect.stringContaining('2026-02') }) }),
    ]);
    // a stricter tenant asks for 6 months
    expect(codes(draft(), { policy: { socialSecurityMonths: 6 } })).toEqual([
      'application.social-security-gap @ practitioners.0.socialSecurity.months',
      'application.social-security-gap @ practitioners.1.socialSecurity.months',
    ]);
    const none = draft({ practitioners: [{ ...base.practitioners![0], socialSecurity: undefined }] });
    expect(codes(none)).toEqual(['application.social-security-missing @ practitioners.0.socialSecurity']);
  });

  it('at least one practitioner; a practising certificate must not have expired', () => {
    expect(codes(draft({ practitioners: [] }))).toEqual(['application.no-practitioner @ practitioners']);
    const base = contentInput();
    const expired = draft({ practitioners: [{ ...base.practitioners![0], certificate: { ...base.practitioners![0].certificate, validTo: '2026-01-31' } }] });
    expect(codes(expired)).toEqual(['application.certificate-expired @ practitioners.0.certificate.validTo']);
  });

  it('regions outside the province are refused', () => {
    expect(codes(draft({ practiceRegions: ['450100'], branches: [{ name: '南宁分公司', address: '南宁', regions: ['450102'] }] }))).toEqual([
      'application.region-outside-province @ practiceRegions.0',
      'application.region-outside-province @ branches.0.regions.0',
    ]);
  });

  it('everything is reported at once, and submission throws a 400 carrying all of it', () => {
    const bad = draft({ serviceItems: [], qualifications: [], practitioners: [], commitmentLetterDocumentId: undefined });
    const error = thrown(() => submitForReview(bad, { ...ctx, policy: POLICY, calendar: CALENDAR }));
    expect(error).toMatchObject({ status: 400, code: 'request.invalid' });
    expect(error.errors!.map((e) => e.code)).toEqual(['application.no-service-item', 'application.no-qualification', 'application.no-practitioner', 'application.document-missing']);
  });
});

describe('lifecycle', () => {
  const fixes = [{ description: '补充社保证明' }];
  const change = { at: '2026-03-17T09:00:00+08:00', by: 'operator-1', reason: '理由' };

  function inStatus(status: ApplicationStatus): AgencyApplication {
    const app = submitted();
    switch (status) {
      case 'draft':
        return draft();
      case 'submitted':
        return app;
      case 'admitted':
        return admitApplication(app, change);
      case 'refused':
        return refuseApplication(app, { ...change, fixes });
      case 'returned':
        return returnApplication(app, { ...change, fixes });
      case 'withdrawn':
        return withdrawApplication(app, change);
    }
  }

  function attempt(app: AgencyApplication, to: ApplicationStatus): AgencyApplication {
    switch (to) {
      case 'draft':
        throw new Error('no transition leads back to draft');
      case 'submitted':
        return submitApplication(app, { ...ctx, review: app.review ?? submitted().review! });
      case 'admitted':
        return admitApplication(app, change);
      case 'refused':
        return refuseApplication(app, { ...change, fixes });
      case 'returned':
        return returnApplication(app, { ...change, fixes });
      case 'withdrawn':
        return withdrawApplication(app, change);
    }
  }

  for (const from of APPLICATION_STATUSES) {
    for (const to of APPLICATION_STATUSES.filter((s) => s !== 'draft')) {
      const legal = APPLICATION_TRANSITIONS[from].includes(to);
      it(`${from} → ${to}: ${legal ? 'allowed, version +1' : '409'}`, () => {
        const app = inStatus(from);
        if (legal) {
          const next = attempt(app, to);
          expect(next.status).toBe(to);
          expect(next.version).toBe(app.version + 1);
          expect(next.history.at(-1)).toMatchObject({ from, to });
        } else {
          expect(thrown(() => attempt(app, to))).toMatchObject({ status: 409, code: 'application.illegal-transition', extra: { from, to } });
        }
      });
    }
  }

  it('a return carries the fixes; resubmission opens round 2 and clears them', () => {
    const returned = returnApplication(submitted(), { ...change, fixes });
    expect(returned.fixes).toEqual(fixes);
    const again = submitForReview(returned, { ...ctx, policy: POLICY, at: '2026-03-18T10:00:00+08:00', calendar: CALENDAR });
    expect(again.review!.round).toBe(2);
    expect(again.review!.due.at).toBe('2026-03-21T00:00:00.000+08:00');
    expect('fixes' in again).toBe(false);
  });
});
