/**
 * Strategy: the submission rules one by one — each refusal reason asserted by its field path and code, with the
 * Chinese and English messages present — against the 沅陵 default policy and the real 2026 calendar; then the
 * registration schedule (deadline, rule, calendar version; acceleration for sandbox tenants only) and review.
 */
import { thrown } from '#test/support/domain-error.ts';
import { submitPurchaseRequest } from './purchase-request.ts';
import { approvePurchaseRequest, resubmitPurchaseRequest, returnPurchaseRequest } from './review.ts';
import { CALENDAR, DEADLINE, DRAFT, ITEM, MONDAY, SANDBOX, TENANT, context, policyWith } from './test-fixtures.ts';
import { DEFAULT_TENANT_POLICY } from '#functions/tenancy/domain/policy/tenant-policy.ts';

const refusal = thrown;

function codes(fn: () => unknown): string[] {
  const error = refusal(fn);
  expect(error.status).toBe(400);
  for (const p of error.errors ?? []) {
    expect(p.message.zh.length).toBeGreaterThan(0);
    expect(p.message.en.length).toBeGreaterThan(0);
  }
  return (error.errors ?? []).map((p) => `${p.path}:${p.code}`);
}

const submit = (over: Record<string, unknown>, ctx = context()) => submitPurchaseRequest({ ...DRAFT, ...over }, ctx);

describe('submitPurchaseRequest: accepted', () => {
  it('returns a submitted project with the item copied at its version and an indicative window', () => {
    const project = submit({});
    expect(project.status).toBe('submitted');
    expect(project.serviceItem).toEqual({ tenant: '431200', code: 'ZJ-431200-0001', version: 3, name: ITEM.name });
    expect(project.qualificationRequirements).toEqual(ITEM.qualificationRequirements);
    expect(project.serviceTimeLimitWorkingDays).toBe(20);
    expect(project.registrationWindowWorkingDays).toBe(2);
    expect(project.supermarketMandatory).toBe(true);
    expect(project.sealedQuotes).toBe(true);
    expect(project.registration?.deadline).toMatchObject({ at: DEADLINE, rule: 'civil-code-201', calendarVersion: CALENDAR.version });
    expect(project.registration?.closesAt).toBe(DEADLINE);
    expect(project.history).toEqual([{ event: 'submit', from: 'draft', to: 'submitted', at: MONDAY, by: 'owner-1' }]);
  });

  it('a social-funds project may use direct choice, with no price floor and no sealed quotes', () => {
    const project = submit({ fundingType: 'social', selectionMethod: 'direct', priceFloorFen: undefined });
    expect(project.selectionMethod).toBe('direct');
    expect(project.supermarketMandatory).toBe(false);
    expect(project.sealedQuotes).toBe(false);
  });

  it('a tightened requirement is accepted where the tenant allows it', () => {
    const tightened = [{ type: '环境影响评价', minGrade: '甲级' }, { type: '工程咨询' }];
    expect(submit({ qualificationRequirements: tightened }, context({ allowQualificationTightening: true })).qualificationRequirements).toEqual(tightened);
  });

  it('直购 of an agency offer: direct method, no window', () => {
    const project = submit({ fundingType: 'social', tradingMode: 'direct-purchase', selectionMethod: 'direct', priceFloorFen: undefined, directOffer: { agencyUscc: '91445200MA4W3K2L9P' } });
    expect(project.registration).toBeUndefined();
    expect(project.registrationWindowWorkingDays).toBeUndefined();
    expect(project.directOffer).toEqual({ agencyUscc: '91445200MA4W3K2L9P' });
  });

  it('联合体 is offered', () => {
    expect(submit({ tradingMode: 'consortium' }).tradingMode).toBe('consortium');
  });
});

describe('submitPurchaseRequest: every refusal', () => {
  it('refuses an unknown field (strict schema) and a non-integer budget', () => {
    expect(codes(() => submit({ extra: 1, budgetFen: 10.5 }))).toEqual(expect.arrayContaining(['(body):schema.unrecognized_keys', 'budgetFen:schema.invalid_type']));
    expect(codes(() => submit({ budgetFen: 0 }))).toEqual(['budgetFen:schema.too_small']);
  });

  it('refuses an item that is not catalogued (seed 000 §四(一)1), and one that names another item', () => {
    expect(codes(() => submit({}, context({ item: undefined })))).toEqual(['serviceItem:item.not-catalogued']);
    expect(codes(() => submit({ serviceItem: { tenant: '431200', code: 'ZJ-431200-0002' } }))).toEqual(['serviceItem:item.not-catalogued']);
  });

  it('refuses a retired item and funds the item does not take', () => {
    expect(codes(() => submit({}, context({ item: { ...ITEM, status: 'retired' } })))).toEqual(['serviceItem:item.retired']);
    expect(codes(() => submit({}, context({ item: { ...ITEM, fundingTypes: ['social'] } })))).toEqual(['fundingType:item.funding-not-offered']);
  });

  it('refuses a draft in another owner\'s name (403)', () => {
    expect(refusal(() => submit({ ownerId: 'owner-2' })).status).toBe(403);
  });

  it('refuses funds the owner registry does not record for the owner, and a disabled owner (403)', () => {
    const fiscalOnly = context({ owner: { id: 'owner-1', fundingTypes: ['fiscal'], status: 'active' } });
    expect(codes(() => submit({ fundingType: 'social' }, fiscalOnly))).toEqual(['fundingType:owner.funding-not-used']);
    expect(submit({}, fiscalOnly).fundingType).toBe('fiscal');
    expect(submit({ fundingType: 'social' }, context({ owner: { id: 'owner-1', fundingTypes: ['social'] } })).fundingType).toBe('social');
    expect(refusal(() => submit({}, context({ owner: { id: 'owner-1', fundingTypes: ['fiscal'], status: 'disabled' } }))).status).toBe(403);
  });

  it('refuses a service time limit longer than the catalogue\'s', () => {
    expect(codes(() => submit({ serviceTimeLimitWorkingDays: 21 }))).toEqual(['serviceTimeLimitWorkingDays:service-time.above-item']);
  });

  it('refuses loosening, field by field: a removed type, a lower grade, no grade', () => {
    expect(codes(() => submit({ qualificationRequirements: [] }))).toEqual(['qualificationRequirements:qualification.removed']);
    expect(codes(() => submit({ qualificationRequirements: [{ type: '环境影响评价', minGrade: '丙级' }] }))).toEqual(['qualificationRequirements.0.minGrade:qualification.loosened']);
    expect(codes(() => submit({ qualificationRequirements: [{ type: '环境影响评价' }] }, context({ allowQualificationTightening: true })))).toEqual(['qualificationRequirements.0.minGrade:qualification.loosened']);
  });

  it('refuses tightening where the tenant does not allow it: a higher grade, an added type', () => {
    expect(codes(() => submit({ qualificationRequirements: [{ type: '环境影响评价', minGrade: '甲级' }, { type: '工程咨询' }] }))).toEqual([
      'qualificationRequirements.0.minGrade:qualification.tightening-not-allowed',
      'qualificationRequirements.1.type:qualification.tightening-not-allowed',
    ]);
  });

  it('accepts tightening where the province\'s policy allows it (allowQualificationTightening)', () => {
    const tightened = [{ type: '环境影响评价', minGrade: '甲级' }, { type: '工程咨询' }];
    const allowing = context({ policy: { ...context().policy, allowQualificationTightening: true } });
    expect(submit({ qualificationRequirements: tightened }, allowing).qualificationRequirements).toEqual(tightened);
  });

  it('represents 批量 and 奖励 but refuses them at submit as not yet offered', () => {
    expect(codes(() => submit({ tradingMode: 'batch' }))).toEqual(['tradingMode:trading-mode.not-yet-offered']);
    const error = refusal(() => submit({ tradingMode: 'reward' }));
    expect(error.errors?.[0].message.zh).toContain('奖励');
    expect(error.errors?.[0].message.en).toContain('not yet offered');
  });

  it('refuses direct choice for fiscal funds under the default policy, and allows it below a province\'s amount', () => {
    expect(codes(() => submit({ selectionMethod: 'direct', priceFloorFen: undefined }))).toEqual(['selectionMethod:method.not-allowed']);
    const policy = policyWith({ directChoiceMaxFen: 5_000_000, methodsAllowed: { ...DEFAULT_TENANT_POLICY.methodsAllowed, fiscal: [...DEFAULT_TENANT_POLICY.methodsAllowed.fiscal, 'direct'] } });
    expect(submit({ selectionMethod: 'direct', priceFloorFen: undefined }, context({ policy })).selectionMethod).toBe('direct');
    expect(codes(() => submit({ selectionMethod: 'direct', priceFloorFen: undefined, budgetFen: 5_000_000 }, context({ policy })))).toEqual(['selectionMethod:method.not-allowed']);
  });

  it('refuses a method the policy removed for the funding type', () => {
    const policy = policyWith({ methodsAllowed: { fiscal: ['random'], social: ['random'] } });
    expect(codes(() => submit({}, context({ policy })))).toEqual(['selectionMethod:method.not-allowed']);
  });

  it('refuses a window shorter than the policy minimum', () => {
    expect(codes(() => submit({ registrationWindowWorkingDays: 1 }))).toEqual(['registrationWindowWorkingDays:window.too-short']);
    expect(codes(() => submit({ registrationWindowWorkingDays: 3 }, context({ policy: policyWith({ registrationWindowWorkingDays: 5 }) })))).toEqual(['registrationWindowWorkingDays:window.too-short']);
  });

  it('price methods need a floor not above the budget; other methods take none', () => {
    expect(codes(() => submit({ priceFloorFen: undefined }))).toEqual(['priceFloorFen:price-floor.required']);
    expect(codes(() => submit({ selectionMethod: 'average-price', priceFloorFen: 3_000_001 }))).toEqual(['priceFloorFen:price-floor.above-budget']);
    expect(submit({ priceFloorFen: 3_000_000 }).priceFloorFen).toBe(3_000_000);
    expect(codes(() => submit({ selectionMethod: 'random' }))).toEqual(['priceFloorFen:price-floor.not-applicable']);
  });

  it('直购 rules: direct method, an offer, no window; an offer only for 直购', () => {
    expect(codes(() => submit({ fundingType: 'social', tradingMode: 'direct-purchase', selectionMethod: 'random', priceFloorFen: undefined, registrationWindowWorkingDays: 2 }))).toEqual([
      'selectionMethod:direct-purchase.method',
      'directOffer:direct-purchase.offer-required',
      'registrationWindowWorkingDays:direct-purchase.no-window',
    ]);
    expect(codes(() => submit({ directOffer: { agencyUscc: '91445200MA4W3K2L9P' } }))).toEqual(['directOffer:direct-offer.not-applicable']);
  });

  it('reports every problem at once', () => {
    expect(codes(() => submit({ tradingMode: 'batch', registrationWindowWorkingDays: 1, priceFloorFen: undefined }))).toHaveLength(3);
  });
});

describe('registration schedule and time acceleration', () => {
  it('a sandbox tenant with accelerator 1440 gets the window shrunk, the real deadline kept beside it', () => {
    const project = submit({}, context({ tenant: SANDBOX, policy: policyWith({ timeAccelerator: 1440 }) }));
    const r = project.registration!;
    expect(r.deadline.at).toBe(DEADLINE);
    // Mon 10:00 → Thu 00:00 is 62 hours; /1440 = 155 s.
    expect(r.closesAt).toBe('2026-03-02T10:02:35.000+08:00');
    expect(r.accelerated).toEqual({ accelerator: 1440, at: r.closesAt });
  });

  it('a production tenant refuses acceleration (409)', () => {
    const error = refusal(() => submit({}, context({ tenant: TENANT, policy: policyWith({ timeAccelerator: 1440 }) })));
    expect(error.status).toBe(409);
    expect(error.code).toBe('policy.acceleration-refused');
  });

  it('counts over a holiday: published the Thursday before 劳动节 2026, the window runs past it', () => {
    const project = submit({}, context({ now: '2026-04-30T09:00:00+08:00' }));
    // 1–5 May 2026 are holidays; 9 May (Saturday) is a make-up working day (调休).
    expect(project.registration!.deadline.lastDay).toBe(CALENDAR.addWorkingDays('2026-04-30T09:00:00+08:00', 2).lastDay);
    expect(project.registration!.deadline.lastDay > '2026-05-05').toBe(true);
  });
});

describe('operator review', () => {
  const review = { now: '2026-03-03T09:30:00+08:00', operator: { id: 'operator-1' } };

  it('approve publishes and recounts the window from the publication instant', () => {
    const published = approvePurchaseRequest(submit({}), { ...review, policy: DEFAULT_TENANT_POLICY, calendar: CALENDAR, tenant: TENANT });
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBe('2026-03-03T09:30:00.000+08:00');
    expect(published.registration!.opensAt).toBe(published.publishedAt);
    expect(published.registration!.closesAt).toBe('2026-03-06T00:00:00.000+08:00');
    expect(published.history.map((h) => h.event)).toEqual(['submit', 'approve']);
  });

  it('return needs a reason; a returned project is resubmitted through every check and keeps its history', () => {
    const submitted = submit({});
    expect(codes(() => returnPurchaseRequest(submitted, [{ zh: ' ', en: '' }], review))).toEqual(['reasons:return.reason-required']);
    const returned = returnPurchaseRequest(submitted, [{ zh: '服务内容过于笼统', en: 'The service content is too vague' }], review);
    expect(returned.status).toBe('returned');
    expect(returned.returns).toHaveLength(1);
    expect(codes(() => resubmitPurchaseRequest(returned, { ...DRAFT, registrationWindowWorkingDays: 1 }, context()))).toEqual(['registrationWindowWorkingDays:window.too-short']);
    const again = resubmitPurchaseRequest(returned, { ...DRAFT, serviceContent: '某道路改造工程环境影响报告表编制（含噪声专题）' }, { ...context(), now: '2026-03-04T10:00:00+08:00' });
    expect(again.status).toBe('submitted');
    expect(again.returns).toHaveLength(1);
    expect(again.history.map((h) => h.event)).toEqual(['submit', 'return', 'submit']);
  });

  it('approving a published project is a 409', () => {
    const published = approvePurchaseRequest(submit({}), { ...review, policy: DEFAULT_TENANT_POLICY, calendar: CALENDAR, tenant: TENANT });
    const error = refusal(() => approvePurchaseRequest(published, { ...review, policy: DEFAULT_TENANT_POLICY, calendar: CALENDAR, tenant: TENANT }));
    expect(error.status).toBe(409);
    expect(error.code).toBe('project.illegal-transition');
  });
});
