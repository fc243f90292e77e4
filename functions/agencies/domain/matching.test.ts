/**
 * Strategy: a baseline that qualifies (the fixture agency, the EIA item, a county of 揭阳, a day in March 2026),
 * then one test per reason an agency fails — each changes one thing and expects exactly that reason — then all
 * reasons at once, and `matchAgencies` ordering and split. A property checks that `qualifies` is exactly
 * "no reasons".
 */
import fc from 'fast-check';
import { type Agency, clearAgency, suspendAgency, suspendServiceItem } from './agency.ts';
import { type CreditRestriction, type MatchableItem, matchAgencies, matchAgency } from './matching.ts';
import { CONSULTING_ITEM, EIA_ITEM, SURVEY_ITEM, USCC_RONGCHENG, USCC_SHANTOU, admittedAgency } from './test-fixtures.ts';

const ok: CreditRestriction = { restricted: false };
const date = '2026-03-20';
const agency = admittedAgency();
const change = { at: '2026-03-20T09:00:00+08:00', by: 'op' };
const codes = (a: Agency | undefined, item: MatchableItem = EIA_ITEM, place = '445202', on = date, credit = ok) => matchAgency(a, item, place, on, credit).reasons.map((r) => r.code);

describe('matchAgency', () => {
  it('qualifies: item offered, 甲级 ≥ 乙级, valid on the date, 揭阳 covers 榕城, no restriction', () => {
    expect(matchAgency(agency, EIA_ITEM, '445202', date, ok)).toEqual({ qualifies: true, reasons: [] });
  });

  it('not admitted', () => {
    expect(matchAgency(undefined, EIA_ITEM, '445202', date, ok)).toEqual({ qualifies: false, reasons: [{ code: 'agency.not-admitted', zh: '该机构未入驻中介服务超市', en: 'The agency is not admitted to the supermarket' }] });
  });

  it('suspended', () => {
    const reasons = matchAgency(suspendAgency(agency, '立案调查', change), EIA_ITEM, '445202', date, ok).reasons;
    expect(reasons).toEqual([{ code: 'agency.suspended', zh: '该机构已暂停：立案调查', en: 'The agency is suspended: 立案调查' }]);
  });

  it('cleared', () => {
    expect(codes(clearAgency(agency, '严重失信', { kind: 'operator', sub: 'op' }, change.at))).toEqual(['agency.cleared']);
  });

  it('item not offered', () => {
    expect(codes(agency, CONSULTING_ITEM)).toEqual(['item.not-offered']);
  });

  it('item suspended', () => {
    const off = suspendServiceItem(agency, { tenant: '445200', code: EIA_ITEM.code }, '投诉核查', change);
    expect(matchAgency(off, EIA_ITEM, '445202', date, ok).reasons).toEqual([expect.objectContaining({ code: 'item.suspended', zh: '该机构的服务事项 ZJ-445200-0001 已暂停：投诉核查' })]);
  });

  it('qualification type missing', () => {
    const item = { ...EIA_ITEM, qualificationRequirements: [...EIA_ITEM.qualificationRequirements, { type: '海洋环境影响评价' }] };
    expect(matchAgency(agency, item, '445202', date, ok).reasons).toEqual([{ code: 'qualification.missing', zh: '缺少“海洋环境影响评价”资质', en: 'No "海洋环境影响评价" qualification' }]);
  });

  it('grade below the requirement', () => {
    const item = { ...SURVEY_ITEM, qualificationRequirements: [{ type: '工程勘察', minGrade: '甲级' as const }] };
    expect(codes(agency, item)).toEqual(['qualification.grade-too-low']);
  });

  it('qualification expired on that date', () => {
    expect(matchAgency(agency, SURVEY_ITEM, '445202', '2026-04-11', ok).reasons).toEqual([
      { code: 'qualification.expired', zh: '“工程勘察”资质已于 2026-04-10 到期（按 2026-04-11 判断）', en: '"工程勘察" qualification expired on 2026-04-10 (as of 2026-04-11)' },
    ]);
  });

  it('qualification not yet valid on that date', () => {
    expect(codes(agency, SURVEY_ITEM, '445202', '2023-05-31')).toEqual(['qualification.not-yet-valid']);
  });

  it('region not allowed: 揭阳 does not cover 汕尾; a branch in 龙湖 covers 龙湖 only', () => {
    expect(codes(agency, EIA_ITEM, '441502')).toEqual(['region.not-allowed']);
    expect(codes(agency, EIA_ITEM, '440507')).toEqual([]);
    expect(codes(agency, EIA_ITEM, '440511')).toEqual(['region.not-allowed']);
    // a county-only agency does not cover a city-wide project
    const county = admittedAgency({ practiceRegions: ['445202'], branches: [] });
    expect(codes(county, EIA_ITEM, '445200')).toEqual(['region.not-allowed']);
    // the default, the whole province, covers 汕头
    expect(codes(admittedAgency({ practiceRegions: [] }), EIA_ITEM, '440511')).toEqual([]);
  });

  it('credit restricted, with the reason', () => {
    const reasons = matchAgency(agency, EIA_ITEM, '445202', date, { restricted: true, reason: '一年内三次放弃中选' }).reasons;
    expect(reasons).toEqual([{ code: 'credit.restricted', zh: '该机构受信用限制：一年内三次放弃中选', en: 'The agency is restricted for credit reasons: 一年内三次放弃中选' }]);
  });

  it('lists every reason at once', () => {
    const cleared = clearAgency(agency, '严重失信', { kind: 'operator', sub: 'op' }, change.at);
    const item = { ...CONSULTING_ITEM, qualificationRequirements: [{ type: '工程勘察', minGrade: '甲级' as const }] };
    expect(codes(cleared, item, '441502', '2026-04-11', { restricted: true })).toEqual(['agency.cleared', 'item.not-offered', 'qualification.grade-too-low', 'qualification.expired', 'region.not-allowed', 'credit.restricted']);
  });

  it('refuses malformed inputs as programming errors', () => {
    expect(() => matchAgency(agency, EIA_ITEM, '4452', date, ok)).toThrow(RangeError);
  });

  it('property: qualifies exactly when there is no reason', () => {
    const places = fc.constantFrom('445200', '445202', '445203', '440507', '440511', '441502');
    const days = fc.integer({ min: 0, max: 1500 }).map((d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(EIA_ITEM, SURVEY_ITEM, CONSULTING_ITEM), places, days, fc.boolean(), (item, place, on, restricted) => {
        const result = matchAgency(agency, item, place, on, { restricted });
        return result.qualifies === (result.reasons.length === 0);
      }),
    );
  });
});

describe('matchAgencies', () => {
  it('splits qualified and not, each sorted by USCC, asking credit for each', () => {
    const shantou = admittedAgency({ uscc: USCC_SHANTOU, practiceRegions: ['440500'], branches: [] });
    const rongcheng = admittedAgency({ uscc: USCC_RONGCHENG, practiceRegions: [] });
    const jieyang = agency;
    const restricted = new Set([USCC_RONGCHENG]);
    const asked: string[] = [];
    const result = matchAgencies([shantou, rongcheng, jieyang], EIA_ITEM, '440507', date, (uscc) => {
      asked.push(uscc);
      return { restricted: restricted.has(uscc), reason: '信用限制' };
    });
    expect(result.qualified.map((a) => a.uscc)).toEqual([USCC_SHANTOU, jieyang.uscc].sort());
    expect(result.notQualified).toEqual([{ uscc: USCC_RONGCHENG, reasons: [expect.objectContaining({ code: 'credit.restricted' })] }]);
    expect(asked.sort()).toEqual([USCC_SHANTOU, USCC_RONGCHENG, jieyang.uscc].sort());
  });
});
