/**
 * Shared by the award, objection and timeline-route tests: a project of the 沅陵 fixtures (published Monday 2 March
 * 2026, deadline Thursday 00:00) moved through close into selecting with a pool of four, its random ranking, and
 * the time context of a production tenant (real time) or a sandbox one (accelerated).
 */
import { transition } from '../project/lifecycle.ts';
import type { Project } from '../project/project.ts';
import { CALENDAR, DEADLINE, policyWith, publishedProject, SANDBOX, TENANT } from '../project/test-fixtures.ts';
import { rankRandom } from '../selection/random.ts';
import type { SelectionResult } from '../selection/ranking.ts';
import type { TimeContext } from './award.ts';

export const POOL = ['91431222MA4L0A1B2C', '91431222MA4L0B2C3D', '91431222MA4L0C3D4E', '91431222MA4L0D4E5F'];
export const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/** Thursday 5 March 2026, 10:00 in Shanghai: the first day after the deadline. */
export const THURSDAY = '2026-03-05T10:00:00.000+08:00';

export function selectingProject(over: Partial<Project> = {}, draft: Record<string, unknown> = { selectionMethod: 'random', priceFloorFen: undefined }): Project {
  const published = publishedProject(draft);
  const closed = transition(published, 'close', { at: DEADLINE });
  const selecting = transition(closed, 'start-selection', { at: DEADLINE });
  return { ...selecting, closing: { closedAt: DEADLINE, pool: [...POOL], poolHash: 'x'.repeat(64), excluded: [], minEligible: 3 }, ...over };
}

export const randomSelection = (project: Project): SelectionResult => rankRandom({ projectId: project.id, seed: SEED, pool: POOL });

/** Real time on a production tenant. */
export const timeAt = (now: string, over: Partial<TimeContext> = {}): TimeContext => ({ now, calendar: CALENDAR, policy: policyWith({}), tenant: TENANT, ...over });

/** A sandbox tenant at one day per second. */
export const sandboxAt = (now: string): TimeContext => ({ now, calendar: CALENDAR, policy: policyWith({ timeAccelerator: 86_400 }), tenant: SANDBOX });
