/**
 * The selecting step's inputs, gathered for the project's method (DESIGN §4): the frozen pool, the ISM-DRAW-1 seed
 * committed at publication, the opened quotes, the experts' scores or the owner's choice.
 */
import { problems } from '#shared/http/problems.ts';
import { quotesForSelection } from './domain/registration/sealed-quote.ts';
import type { Project } from './domain/project/project.ts';
import type { SelectionResult } from './domain/selection/ranking.ts';
import { selectRanking } from './domain/selection/select.ts';
import { DEFAULT_BEST_VALUE_WEIGHTS } from './domain/project/purchase-request.ts';
import { projectStore } from './adapters/project-store.ts';
import { scoresFor } from './scoring.ts';
import { evaluationComponent } from './domain/evaluation/agency-evaluations.ts';
import type { BestValueScore } from './domain/selection/best-value.ts';
import { province } from './project-service.ts';
import { consistentGet } from '#shared/store/query.ts';
import { creditKeys } from '#shared/store/keys.ts';

export async function selectionFor(project: Project): Promise<SelectionResult> {
  const closing = project.closing;
  if (!closing) throw problems.conflict('selection.not-closed', '报名尚未截止', 'Registration has not closed');
  const secret = await projectStore.drawSecret(project.tenant, project.id);
  if (!secret) throw new Error(`project ${project.id}: draw secret missing`);
  const draw = { projectId: project.id, seed: secret.seed, beacon: project.draw?.beacon ?? '', pool: closing.pool };
  const limits = { budgetFen: project.budgetFen, ...(project.priceFloorFen ? { floorFen: project.priceFloorFen } : {}) };
  switch (project.selectionMethod) {
    case 'random':
      return selectRanking({ method: 'random', ...draw });
    case 'lowest-price':
    case 'average-price': {
      const { quotes, excluded } = quotesForSelection(closing.pool, await projectStore.registrations(project.tenant, project.id));
      return withRevealReasons(selectRanking({ method: project.selectionMethod, ...draw, ...limits, quotes }), excluded);
    }
    case 'best-value': {
      const { quotes, excluded } = quotesForSelection(closing.pool, await projectStore.registrations(project.tenant, project.id));
      const weights = project.bestValueWeights ?? DEFAULT_BEST_VALUE_WEIGHTS;
      return withRevealReasons(selectRanking({ method: 'best-value', ...draw, ...limits, quotes, weights, scores: await withEvaluationRecord(await scoresFor(project)) }), excluded);
    }
    case 'direct': {
      const choice = project.tradingMode === 'direct-purchase'
        ? { code: project.directOffer!.agencyUscc, reason: '直购：业主购买该机构公布的服务' }
        : project.choice && { code: project.choice.code, reason: project.choice.reason };
      if (!choice) throw problems.conflict('selection.no-choice', '业主尚未直接选取', 'The owner has not chosen yet');
      return selectRanking({ method: 'direct', pool: closing.pool, choice });
    }
  }
}

/**
 * 历史评价: where an agency has been evaluated by owners (this city's record), that record is its "past evaluations"
 * component; the panel's value stands only for an agency without any (a newcomer is not punished for it).
 */
async function withEvaluationRecord(scores: BestValueScore[]): Promise<BestValueScore[]> {
  return Promise.all(scores.map(async (s) => {
    const recorded = evaluationComponent(await projectStore.agencyEvaluations(province(), s.code));
    const credit = await creditComponent(s.code);
    return { ...s, ...(recorded === undefined ? {} : { evaluation: recorded }), ...(credit === undefined ? {} : { credit }) };
  }));
}

/**
 * 信用: where the credit context keeps a profile of the agency (信用脸谱), its score less the policy's best-value malus
 * (一般失信) is the credit component, in hundredths (0–10,000); without a profile the panel's value stands.
 */
async function creditComponent(uscc: string): Promise<number | undefined> {
  const profile = await consistentGet(creditKeys.profile(province(), uscc));
  if (!profile || typeof profile.scoreHundredths !== 'number') return undefined;
  const malus = typeof profile.bestValueMalus === 'number' ? profile.bestValueMalus : 0;
  return Math.max(0, Math.min(10_000, profile.scoreHundredths - 100 * malus));
}

/** The reveal's own reasons (late, mismatched, never revealed) replace the generic "no valid quote". */
function withRevealReasons(result: SelectionResult, reveal: { code: string; reason: { code: string; zh: string; en: string } }[]): SelectionResult {
  const byCode = new Map(reveal.map((e) => [e.code, e.reason]));
  return { ...result, excluded: result.excluded.map((e) => (byCode.has(e.code) ? { code: e.code, reason: byCode.get(e.code)! } : e)) };
}
