/**
 * Strategy: the daily rule on the fixture agency (工程勘察 certificate valid to 2026-04-10): warnings at the
 * edges of the 30-day window with a stable key; the day after expiry the survey item is suspended and the EIA
 * item is not; an item still covered by another certificate, or uncovered for another reason, is left alone; an
 * extension restores only what expiry suspended. A property runs the job on every day of a year: applying its
 * result and running again on the same day changes nothing (idempotent), and suspended items are exactly the
 * ones whose only covering certificates expired.
 */
import fc from 'fast-check';
import type { Agency } from './agency.ts';
import { suspendServiceItem } from './agency.ts';
import { applyExpiryAssessment, assessQualificationExpiry, expiryWarningKey, reconcileItemSuspensions } from './qualification-expiry.ts';
import { addDays } from './shanghai-dates.ts';
import { CATALOGUE, EIA_ITEM, SURVEY_ITEM, USCC_JIEYANG, admittedAgency } from './test-fixtures.ts';

const at = '2026-04-11T02:00:00+08:00';
const survey = { tenant: '445200', code: SURVEY_ITEM.code };

describe('warnings, 30 days ahead, once per certificate per expiry date', () => {
  it.each([
    ['2026-03-10', []],
    ['2026-03-11', [30]],
    ['2026-03-16', [25]],
    ['2026-04-10', [0]],
    ['2026-04-11', []],
  ])('on %s: days left %j', (date, daysLeft) => {
    const { warnings } = assessQualificationExpiry(admittedAgency(), date, CATALOGUE);
    expect(warnings.map((w) => w.daysLeft)).toEqual(daysLeft);
  });

  it('the key is the same every day for the same expiry date, and new after an extension', () => {
    const agency = admittedAgency();
    const key = `qualification-expiry/${USCC_JIEYANG}/q-survey/2026-04-10`;
    expect(assessQualificationExpiry(agency, '2026-03-20', CATALOGUE).warnings[0]).toMatchObject({ key, qualificationId: 'q-survey', type: '工程勘察', validTo: '2026-04-10' });
    expect(assessQualificationExpiry(agency, '2026-03-21', CATALOGUE).warnings[0].key).toBe(key);
    expect(expiryWarningKey(USCC_JIEYANG, 'q-survey', '2031-04-10')).not.toBe(key);
  });
});

describe('suspension on expiry', () => {
  it('the day after expiry: the survey item is suspended with its certificate, the EIA item is not', () => {
    const agency = admittedAgency();
    const assessment = assessQualificationExpiry(agency, '2026-04-11', CATALOGUE);
    expect(assessment.expired).toEqual([{ qualificationId: 'q-survey', type: '工程勘察', number: 'B244012345', validTo: '2026-04-10' }]);
    expect(assessment.suspend).toEqual([{ ...survey, qualificationIds: ['q-survey'] }]);
    const next = applyExpiryAssessment(agency, assessment, at);
    expect(next.version).toBe(agency.version + 1);
    expect(next.serviceItems).toEqual([
      { tenant: '445200', code: EIA_ITEM.code, status: 'active' },
      { ...survey, status: 'suspended', suspension: { cause: 'qualification-expired', reason: expect.stringContaining('q-survey'), since: '2026-04-11T02:00:00.000+08:00', by: 'system:qualification-expiry', qualificationIds: ['q-survey'] } },
    ]);
  });

  it('running again the same day changes nothing (same object, same version)', () => {
    const once = reconcileItemSuspensions(admittedAgency(), '2026-04-11', CATALOGUE, at).agency;
    const twice = reconcileItemSuspensions(once, '2026-04-11', CATALOGUE, at);
    expect(twice.agency).toBe(once);
    expect(twice.assessment.suspend).toEqual([]);
  });

  it('an item still covered by another valid certificate is not suspended', () => {
    const agency = admittedAgency();
    const spare = { id: 'q-survey-2', type: '工程勘察', number: 'B244077777', grade: '丙级' as const, issuer: '广东省住房和城乡建设厅', validFrom: '2025-01-01', validTo: '2029-12-31' };
    const withSpare: Agency = { ...agency, qualifications: [...agency.qualifications, spare] };
    expect(assessQualificationExpiry(withSpare, '2026-04-11', CATALOGUE).suspend).toEqual([]);
  });

  it('an item uncovered for another reason (the catalogue raised the grade) is not an expiry', () => {
    const raised = CATALOGUE.map((i) => (i.code === EIA_ITEM.code ? { ...i, qualificationRequirements: [{ type: '环境影响评价', minGrade: '甲级' as const }, { type: '海洋环境影响评价' }] } : i));
    expect(assessQualificationExpiry(admittedAgency(), '2026-03-20', raised).suspend).toEqual([]);
  });

  it('an extension restores the item; an operator’s suspension stays', () => {
    const expired = reconcileItemSuspensions(admittedAgency(), '2026-04-11', CATALOGUE, at).agency;
    const extended: Agency = { ...expired, qualifications: expired.qualifications.map((q) => (q.id === 'q-survey' ? { ...q, validTo: '2031-04-10' } : q)) };
    const assessment = assessQualificationExpiry(extended, '2026-04-12', CATALOGUE);
    expect(assessment.restore).toEqual([survey]);
    expect(applyExpiryAssessment(extended, assessment, at).serviceItems[1]).toEqual({ ...survey, status: 'active' });

    const byHand = suspendServiceItem(admittedAgency(), { tenant: '445200', code: EIA_ITEM.code }, '投诉核查', { at, by: 'op' });
    expect(assessQualificationExpiry(byHand, '2026-04-12', CATALOGUE).restore).toEqual([]);
  });

  it('a cleared agency is neither warned nor changed', () => {
    const cleared: Agency = { ...admittedAgency(), status: 'cleared' };
    expect(assessQualificationExpiry(cleared, '2026-04-11', CATALOGUE)).toEqual({ date: '2026-04-11', warnings: [], expired: [], suspend: [], restore: [] });
  });
});

describe('property: the daily job over a year', () => {
  it('is idempotent per day and suspends exactly the items whose certificates expired', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), (offset) => {
        const date = addDays('2026-03-16', offset);
        const first = reconcileItemSuspensions(admittedAgency(), date, CATALOGUE, at).agency;
        const again = reconcileItemSuspensions(first, date, CATALOGUE, at);
        expect(again.agency).toBe(first);
        const status = Object.fromEntries(first.serviceItems.map((i) => [i.code, i.status]));
        expect(status[SURVEY_ITEM.code]).toBe(date > '2026-04-10' ? 'suspended' : 'active');
        expect(status[EIA_ITEM.code]).toBe(date > '2026-12-31' ? 'suspended' : 'active');
      }),
      { numRuns: 200 },
    );
  });
});
