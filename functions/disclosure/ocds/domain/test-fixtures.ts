/** Shared by the open-data and statistics tests: a project of the procurement fixtures taken through its whole life. */
import { confirmAward, publishAward, recordCompletion, recordContract, recordEvaluation, substituteWinner } from '#functions/procurement/domain/award/award.ts';
import { randomSelection, selectingProject, timeAt } from '#functions/procurement/domain/award/test-fixtures.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';

/** A random project from publication to evaluation, with a substitution after an upheld objection. */
export function evaluatedProject(): Project {
  const selecting = selectingProject({ version: 7, draw: { commitment: 'c'.repeat(64), beacon: '' } });
  const awarded = publishAward(selecting, randomSelection(selecting), timeAt('2026-03-05T10:00:00.000+08:00'));
  const substituted = substituteWinner(awarded, 'objection-upheld', '质疑成立', timeAt('2026-03-06T10:00:00.000+08:00'));
  const confirmed = confirmAward(substituted, timeAt('2026-03-20T10:00:00.000+08:00'));
  const withCert = { ...confirmed, award: { ...confirmed.award!, certificate: { certificateNo: 'ZXQR-431222-2026-000001', pdfSha256: 'a'.repeat(64), issuedAt: '2026-03-20T10:00:01.000+08:00' } } };
  const contracted = recordContract(withCert, { documentId: 'doc-1', sha256: 'b'.repeat(64), amountFen: 2_800_000 }, 'clerk', { now: '2026-03-23T10:00:00.000+08:00' });
  const completed = recordCompletion(contracted, 'clerk', timeAt('2026-04-10T10:00:00.000+08:00'));
  return recordEvaluation(completed, { quality: 5, attitude: 4, feeReasonableness: 4, comment: '按时完成', by: 'clerk' }, { now: '2026-04-13T10:00:00.000+08:00' });
}

