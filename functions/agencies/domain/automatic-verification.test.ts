/**
 * Strategy: 申请即入 as named paths — every certificate valid and the policy on → admitted by the system with the
 * results as the reason; each other e-licence status (and a missing result, a different grade or date) → flagged
 * for the reviewers with why, still under review; the policy off; nothing to verify; a reviewer's earlier
 * return. The results' schema is strict, as the adapter's parse relies on it.
 */
import { DomainError } from '#shared/http/problems.ts';
import { ELicenceResult, type ELicenceStatus, SYSTEM_VERIFIER, applyVerification, assessVerification } from './automatic-verification.ts';
import { recordDecision } from './joint-review.ts';
import { CONSULTING_ITEM, POLICY, draft, submitted } from './test-fixtures.ts';

const at = '2026-03-16T10:00:05+08:00';
const allValid = [
  { qualificationId: 'q-eia', status: 'valid' as const, validTo: '2026-12-31', grade: '甲级' as const },
  { qualificationId: 'q-survey', status: 'valid' as const },
];

describe('申请即入', () => {
  it('every certificate valid and the policy on: admitted at once, by the system, the results as the reason', () => {
    const app = applyVerification(submitted(), allValid, POLICY, at);
    expect(app.status).toBe('admitted');
    const decision = app.review!.decisions.at(-1)!;
    expect(decision).toMatchObject({ reviewer: SYSTEM_VERIFIER, decision: 'approve', automatic: true, slots: ['operator', 'regulator:environment', 'regulator:housing'] });
    expect(decision.reason).toBe('电子证照自动核验全部通过（申请即入）：环境影响评价 粤环评乙字第 0123 号 甲级 有效至 2026-12-31；工程勘察 B244012345 乙级 有效至 2026-04-10');
    expect(app.history.at(-1)).toMatchObject({ to: 'admitted', by: 'system:e-licence', reason: decision.reason });
    expect(app.review!.verification).toMatchObject({ autoAdmitted: true, verified: ['q-eia', 'q-survey'], flagged: [] });
  });

  it('the policy off: results recorded for the reviewers, still under review', () => {
    const before = submitted();
    const app = applyVerification(before, allValid, { autoAdmitOnVerification: false }, at);
    expect(app).toMatchObject({ status: 'submitted', version: before.version + 1 });
    expect(app.review!.verification).toMatchObject({ autoAdmitted: false, verified: ['q-eia', 'q-survey'], flagged: [] });
  });

  it.each<[ELicenceStatus, string]>([
    ['expired', '电子证照库显示已过期'],
    ['revoked', '已注销或吊销'],
    ['unknown', '查无此证'],
    ['mismatch', '与申报不一致'],
  ])('%s: flagged with why, not admitted', (status, words) => {
    const app = applyVerification(submitted(), [allValid[0], { qualificationId: 'q-survey', status }], POLICY, at);
    expect(app.status).toBe('submitted');
    expect(app.review!.verification!.flagged).toEqual([{ qualificationId: 'q-survey', kind: status, reason: { zh: expect.stringContaining(words), en: expect.any(String) } }]);
    expect(app.review!.verification!.verified).toEqual(['q-eia']);
  });

  it("the library's reason reaches the reviewers, and the port's answer is accepted as it comes", () => {
    const answer = { status: 'revoked' as const, validFrom: '2023-09-01', validTo: '2028-08-31', issuer: '广东省消防救援总队', reason: '出具虚假检测报告，撤销', checkedAt: '2026-03-16T02:00:05.000Z', source: 'http://localhost:4566/_elicence' };
    const result = ELicenceResult.parse({ qualificationId: 'q-survey', ...answer });
    const app = applyVerification(submitted(), [allValid[0], result], POLICY, at);
    expect(app.review!.verification!.flagged[0].reason.zh).toBe('资质证书 B244012345：电子证照库显示已注销或吊销（出具虚假检测报告，撤销）');
    expect(app.review!.verification!.results[1]).toEqual(result);
  });

  it('a missing result is not a pass', () => {
    const app = applyVerification(submitted(), [allValid[0]], POLICY, at);
    expect(app.review!.verification!.flagged.map((f) => f.kind)).toEqual(['no-result']);
  });

  it('a valid licence that disagrees with the declaration goes to a person', () => {
    const grade = assessVerification(submitted().content.qualifications, [{ ...allValid[0], grade: '乙级' }, allValid[1]]);
    expect(grade.flagged).toEqual([expect.objectContaining({ qualificationId: 'q-eia', kind: 'grade-differs' })]);
    const date = assessVerification(submitted().content.qualifications, [{ ...allValid[0], validTo: '2026-06-30' }, allValid[1]]);
    expect(date.flagged).toEqual([expect.objectContaining({ qualificationId: 'q-eia', kind: 'validity-differs' })]);
  });

  it('nothing to verify is not a pass: an agency without certificates goes to the reviewers', () => {
    const app = submitted({ qualifications: [], serviceItems: [{ tenant: '445200', code: CONSULTING_ITEM.code }] });
    expect(applyVerification(app, [], POLICY, at).status).toBe('submitted');
  });

  it("a reviewer's return already in the round is not overridden", () => {
    const returned = recordDecision(submitted(), { sub: 'op', role: 'operator' }, { decision: 'return', reason: '缺材料', fixes: [{ description: '补材料' }], at });
    expect(applyVerification(returned, allValid, POLICY, at).status).toBe('submitted');
  });

  it('only for an application under review', () => {
    const error = (() => {
      try {
        applyVerification(draft(), allValid, POLICY, at);
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(error).toMatchObject({ status: 409, code: 'review.not-under-review' });
  });

  it('the result schema is strict', () => {
    expect(ELicenceResult.safeParse({ qualificationId: 'q-eia', status: 'valid' }).success).toBe(true);
    expect(ELicenceResult.safeParse({ qualificationId: 'q-eia', status: 'suspicious' }).success).toBe(false);
    expect(ELicenceResult.safeParse({ qualificationId: 'q-eia', status: 'valid', holder: 'x' }).success).toBe(false);
  });
});
