/**
 * 择优选取's expert step: at close the scorers are drawn from the expert pool (functions/experts: the tenant's roster
 * and its city's, conflicts of interest excluded) with ISM-DRAW-1 under the project's own seed, and the scores the
 * operator records for them (评审现场 entry: experts hold no accounts) are averaged into the best-value inputs.
 * Too few eligible experts is a defined outcome: the project fails with the reason, and the owner may republish.
 */
import { DomainError } from '#shared/http/problems.ts';
import { visibleItem } from '#functions/catalog/visible-items.ts';
import { listActiveExperts } from '#functions/experts/adapters/expert-store.ts';
import { aggregateScores, type ScoreSubmission } from '#functions/experts/domain/score-aggregation.ts';
import { drawScorers, TooFewEligibleExperts } from '#functions/experts/domain/scorer-draw.ts';
import { ownerStore } from '#functions/owners/adapters/owner-store.ts';
import { formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { TimeContext } from './domain/award/award.ts';
import { transition } from './domain/project/lifecycle.ts';
import type { Project } from './domain/project/project.ts';
import { schedulePeriod } from './domain/project/registration-schedule.ts';
import { partyCodes } from './domain/registration/registration.ts';
import type { BestValueScore } from './domain/selection/best-value.ts';
import { projectStore } from './adapters/project-store.ts';

/** Scorers per best-value project (评审小组 of three, the usual odd number). */
export const SCORERS_PER_PROJECT = 3;
/** Working days the scorers have, from close. */
export const SCORING_WORKING_DAYS = 2;

export async function drawScorersAtClose(project: Project, ctx: TimeContext): Promise<Project> {
  const secret = await projectStore.drawSecret(project.tenant, project.id);
  const registrations = (await projectStore.registrations(project.tenant, project.id)).filter((r) => project.closing!.pool.includes(r.code));
  const [owner, item] = await Promise.all([ownerStore.get(project.tenant, project.ownerId), visibleItem(project.tenant, project.serviceItem.code).catch(() => undefined)]);
  const now = formatShanghaiInstant(new Date(ctx.now).getTime());
  try {
    const draw = drawScorers({
      projectId: project.id, seed: secret!.seed, beacon: project.draw?.beacon ?? '',
      experts: await listActiveExperts(project.tenant),
      project: { ownerId: project.ownerId, ...(owner?.uscc ? { ownerUscc: owner.uscc } : {}), serviceItemCode: project.serviceItem.code, ...(item?.industry ? { industry: item.industry } : {}) },
      poolCodes: registrations.flatMap((r) => partyCodes(r.party)),
      count: SCORERS_PER_PROJECT,
    });
    const dueAt = schedulePeriod({ calendar: ctx.calendar, from: now, workingDays: SCORING_WORKING_DAYS, timeAccelerator: ctx.policy.timeAccelerator, tenant: ctx.tenant }).dueAt;
    return { ...project, scoring: { scorers: draw.scorers.map((e) => e.id), drawnAt: now, dueAt, transcript: { ...draw.transcript, excluded: draw.excluded } } };
  } catch (error) {
    if (!(error instanceof TooFewEligibleExperts)) throw error;
    const reason = { zh: `${error.zh}，无法组成评审小组，流标`, en: `${error.en}: no scoring panel can be formed, the procurement failed` };
    return transition(project, 'fail', { at: now, reasons: [reason] });
  }
}

const submissionsOf = async (project: Project) => projectStore.scores<ScoreSubmission>(project.tenant, project.id);

export async function scoringComplete(project: Project): Promise<boolean> {
  if (!project.scoring) return true;
  return (await submissionsOf(project)).length >= project.scoring.scorers.length;
}

/** The averaged scores; after the deadline, those who submitted are enough (at least one). */
export async function scoresFor(project: Project): Promise<BestValueScore[]> {
  const scoring = project.scoring;
  if (!scoring) throw new DomainError(409, 'scores.no-panel', '本项目没有评审小组', 'This project has no scoring panel');
  const submissions = await submissionsOf(project);
  const late = Date.now() >= Date.parse(scoring.dueAt);
  try {
    return aggregateScores(submissions.map((s) => ({ scorerId: s.scorerId, scores: s.scores, submittedAt: s.submittedAt })), scoring.scorers, project.closing!.pool, late ? { minSubmissions: 1 } : {});
  } catch (error) {
    // Nobody scored: every candidate lacks scores, and best-value excludes each with the reason (then 流标).
    if ((error as DomainError).code === 'scores.incomplete' && late) return [];
    throw error;
  }
}
