import { POOL } from '#functions/procurement/domain/award/test-fixtures.ts';
import { transition } from '#functions/procurement/domain/project/lifecycle.ts';
import { submitPurchaseRequest } from '#functions/procurement/domain/project/purchase-request.ts';
import { CALENDAR, context, DEADLINE, DRAFT, publishedProject } from '#functions/procurement/domain/project/test-fixtures.ts';
import { evaluatedProject } from '../../ocds/domain/test-fixtures.ts';
import { summarizeProject } from './summary.ts';

const ctx = { province: '430000', serviceType: 'assessment', calendar: CALENDAR, now: '2026-04-13T10:00:00.000+08:00', agencyNames: { [POOL[0]]: '测试中介1号' } };

describe('project summaries', () => {
  it('an evaluated project: awarded, its current winner, the contract amount, working days to the first award, the evaluation', () => {
    const p = evaluatedProject();
    const s = summarizeProject(p, ctx)!;
    const winner = p.award!.rounds.at(-1)!.code;
    expect(s).toMatchObject({
      schemaVersion: 1, version: p.version, projectId: p.id, tenant: '431222', city: '431200', province: '430000', day: '2026-03-02', month: '2026-03',
      status: 'evaluated', outcome: 'awarded', method: 'random', budgetFen: 3_000_000, awardFen: 2_800_000, tenderers: 4,
      winner: { uscc: winner, homeRegion: winner.slice(2, 8), outOfRegion: false }, evaluation: { quality: 5, attitude: 4, feeReasonableness: 4 },
    });
    // Published Monday 2 March 10:00, first award Thursday 5 March 10:00: Tuesday 3 and Wednesday 4 are the whole working days between.
    expect(s.awardedAt).toBe(p.award!.rounds[0].awardedAt);
    expect(s.workingDaysToAward).toBe(CALENDAR.workingDaysBetween(p.publishedAt!, p.award!.rounds[0].awardedAt));
    expect(s.workingDaysToAward).toBe(2);
  });

  it('流标: failed, no winner, no amount; before publication: no summary', () => {
    const closed = transition(publishedProject({ selectionMethod: 'random', priceFloorFen: undefined }), 'close', { at: DEADLINE });
    const failed = transition(closed, 'fail', { at: DEADLINE }, { closing: { closedAt: DEADLINE, pool: [POOL[0]], poolHash: 'x'.repeat(64), excluded: [], minEligible: 3 } });
    const s = summarizeProject(failed, ctx)!;
    expect(s).toMatchObject({ outcome: 'failed', status: 'failed', tenderers: 1 });
    expect(s.winner).toBeUndefined();
    expect(s.awardFen).toBeUndefined();
    expect(summarizeProject(submitPurchaseRequest(DRAFT, context()), ctx)).toBeUndefined();
  });
});
