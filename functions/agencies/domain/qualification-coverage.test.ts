/**
 * Strategy: the grade rule as a full table (every held grade × every required grade), validity at the edges of
 * the validity period, then the gaps reported together for one requirement; a property checks that "met" and
 * "no gaps" always agree.
 */
import fc from 'fast-check';
import { type DatedQualification, QUALIFICATION_GRADES, type QualificationGrade, gradeMeets, requirementGaps, requirementsMet, validityOn } from './qualification-coverage.ts';

describe('grades: 甲级 > 乙级 > 丙级; 专业级 by name; 不分级 or none asks nothing', () => {
  const held: (QualificationGrade | undefined)[] = [...QUALIFICATION_GRADES, undefined];
  const expected: Record<string, Record<string, boolean>> = {
    // required →      甲级   乙级   丙级   专业级  不分级  (none)
    甲级: { 甲级: true, 乙级: true, 丙级: true, 专业级: false, 不分级: true, none: true },
    乙级: { 甲级: false, 乙级: true, 丙级: true, 专业级: false, 不分级: true, none: true },
    丙级: { 甲级: false, 乙级: false, 丙级: true, 专业级: false, 不分级: true, none: true },
    专业级: { 甲级: false, 乙级: false, 丙级: false, 专业级: true, 不分级: true, none: true },
    不分级: { 甲级: false, 乙级: false, 丙级: false, 专业级: false, 不分级: true, none: true },
    none: { 甲级: false, 乙级: false, 丙级: false, 专业级: false, 不分级: true, none: true },
  };
  for (const h of held) {
    for (const r of [...QUALIFICATION_GRADES, undefined]) {
      it(`held ${h ?? 'none'}, required ${r ?? 'none'}`, () => {
        expect(gradeMeets(h, r)).toBe(expected[h ?? 'none'][r ?? 'none']);
      });
    }
  }
});

describe('validity: validTo is the last valid day', () => {
  const q = { validFrom: '2026-01-01', validTo: '2026-12-31' };
  it.each([
    ['2025-12-31', 'not-yet-valid'],
    ['2026-01-01', 'valid'],
    ['2026-12-31', 'valid'],
    ['2027-01-01', 'expired'],
  ])('%s → %s', (date, validity) => {
    expect(validityOn(q, date)).toBe(validity);
  });
});

describe('gaps of one requirement', () => {
  const q = (id: string, grade: QualificationGrade | undefined, validFrom: string, validTo: string): DatedQualification => ({ id, type: '环境影响评价', grade, validFrom, validTo });
  const requirement = { type: '环境影响评价', minGrade: '乙级' as const };

  it('none of the type: missing', () => {
    expect(requirementGaps([], requirement, '2026-03-16').map((g) => g.kind)).toEqual(['missing']);
  });

  it('a low grade that has also expired: both reasons', () => {
    expect(requirementGaps([q('a', '丙级', '2020-01-01', '2025-12-31')], requirement, '2026-03-16').map((g) => g.kind)).toEqual(['grade-too-low', 'expired']);
  });

  it('a sufficient grade that expired, beside a valid low one: expired only (the low grade is not the issue)', () => {
    const gaps = requirementGaps([q('a', '甲级', '2020-01-01', '2025-12-31'), q('b', '丙级', '2020-01-01', '2027-12-31')], requirement, '2026-03-16');
    expect(gaps).toEqual([{ kind: 'expired', requirement, qualificationIds: ['a'], validTo: '2025-12-31' }]);
  });

  it('not yet valid', () => {
    expect(requirementGaps([q('a', '乙级', '2026-04-01', '2029-03-31')], requirement, '2026-03-16').map((g) => g.kind)).toEqual(['not-yet-valid']);
  });

  it('met by any one certificate', () => {
    expect(requirementGaps([q('a', '丙级', '2020-01-01', '2027-12-31'), q('b', '甲级', '2020-01-01', '2027-12-31')], requirement, '2026-03-16')).toEqual([]);
  });

  it('property: met exactly when there is no gap', () => {
    const grade = fc.constantFrom<QualificationGrade | undefined>(...QUALIFICATION_GRADES, undefined);
    const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
    const qual = fc
      .tuple(fc.nat(), fc.constantFrom('环境影响评价', '工程勘察'), grade, day, day)
      .map(([n, type, g, a, b]): DatedQualification => ({ id: `q${n}`, type, grade: g, validFrom: a < b ? a : b, validTo: a < b ? b : a }));
    fc.assert(
      fc.property(fc.array(qual, { maxLength: 4 }), grade, day, (qs, minGrade, date) => {
        const r = { type: '环境影响评价', minGrade };
        return requirementsMet(qs, [r], date) === (requirementGaps(qs, r, date).length === 0);
      }),
    );
  });
});
