import fc from 'fast-check';
import { evaluationComponent, summarizeEvaluations, type AgencyEvaluation } from './agency-evaluations.ts';

const evaluation = (projectId: string, q: number, a: number, f: number, at = '2026-11-20T10:00:00.000+08:00'): AgencyEvaluation => ({
  uscc: '91445200MA4W3K7RX7', projectId, tenant: '445203', serviceItem: { code: 'ZJ-445200-0006', name: '节能评估' }, quality: q, attitude: a, feeReasonableness: f, at,
});

describe('an agency\'s evaluations, as the public and best-value read them', () => {
  it('averages each criterion and overall, most recent first, nothing when there is none', () => {
    const s = summarizeEvaluations('X', [evaluation('P1', 5, 4, 3, '2026-11-01T00:00:00.000+08:00'), evaluation('P2', 4, 4, 4, '2026-11-05T00:00:00.000+08:00')]);
    expect(s).toMatchObject({ count: 2, averages: { quality: 4.5, attitude: 4, feeReasonableness: 3.5, overall: 4 } });
    expect(s.recent.map((e) => e.projectId)).toEqual(['P2', 'P1']);
    expect(summarizeEvaluations('X', []).averages.overall).toBeNull();
  });

  it('turns the record into the best-value component: 5 → 10,000, 3 → 6,000, none → the panel decides', () => {
    expect(evaluationComponent([evaluation('P', 5, 5, 5)])).toBe(10_000);
    expect(evaluationComponent([evaluation('P', 3, 3, 3)])).toBe(6_000);
    expect(evaluationComponent([evaluation('P', 5, 4, 4)])).toBe(8_667); // 13/15 × 10,000 = 8,666.67 → 8,667
    expect(evaluationComponent([])).toBeUndefined();
  });

  it('stays within 2,000–10,000 and never depends on the order evaluations are stored in', () => {
    const score = fc.integer({ min: 1, max: 5 });
    fc.assert(fc.property(fc.array(fc.tuple(score, score, score), { minLength: 1, maxLength: 30 }), (rows) => {
      const list = rows.map(([q, a, f], i) => evaluation(`P${i}`, q, a, f));
      const c = evaluationComponent(list)!;
      expect(c).toBeGreaterThanOrEqual(2_000);
      expect(c).toBeLessThanOrEqual(10_000);
      expect(evaluationComponent([...list].reverse())).toBe(c);
    }));
  });
});
