import { DomainError } from '#shared/http/problems.ts';
import { drawRanking, type Transcript } from '#functions/procurement/domain/draw/ism-draw-1.ts';
import { conflictingParties, exclusionOf, type Reason, type ScoredProject } from './conflicts.ts';
import type { Expert } from './expert.ts';

/**
 * 抽取评审专家: the scorers of a best-value (择优选取) project, drawn when its registration closes from the experts
 * the roster offers (the tenant's own and its city's, `listActiveExperts`) minus everyone excluded (conflicts.ts).
 *
 * The draw is ISM-DRAW-1 itself, over the eligible expert ids (which have the protocol's code shape, expert.ts),
 * with the project id suffixed `#scorers`: the same seed committed at publication, a different key message, so
 * the scorer draw and the agency draw are independent and neither can be derived from the other's tickets. The
 * first `count` of the ranking score; the rest of the ranking is the reserve order (依次递补) should a drawn expert
 * decline. The transcript is an ordinary ISM-DRAW-1 transcript plus `drawn` (= count): anyone checks it with
 * `verifyTranscript` or bin/verify-draw.ts once it is published after the scoring ends.
 *
 * Nothing depends on the order the roster was stored in: the pool is sorted by the protocol and `excluded` by id.
 */
export const SCORER_DRAW_SUFFIX = '#scorers';

export const scorerDrawProjectId = (projectId: string) => `${projectId}${SCORER_DRAW_SUFFIX}`;

export interface ScorerDrawRequest {
  projectId: string;
  /** The project's ISM-DRAW-1 seed (64 lowercase hex), committed at publication. */
  seed: string;
  beacon?: string;
  /** The experts available to this project (any order): normally `listActiveExperts(tenant)`. */
  experts: readonly Expert[];
  project: ScoredProject;
  /** Every agency in the frozen pool, consortium members included. */
  poolCodes: readonly string[];
  /** How many scorers the project needs. */
  count: number;
}

export interface ScorerTranscript extends Transcript {
  /** The first `drawn` codes of `ranking` are the scorers. */
  drawn: number;
}

export interface ExcludedExpert {
  id: string;
  reason: Reason;
}

export interface ScorerDraw {
  /** The drawn scorers, in draw order (ranking order). */
  scorers: Expert[];
  /** Ascending by id. */
  excluded: ExcludedExpert[];
  transcript: ScorerTranscript;
}

/**
 * Fewer eligible experts than the project needs: no draw happens. The timeline turns it into its defined outcome
 * (the operator widens the roster, or the project falls back as tenant policy says) rather than waiting forever.
 */
export class TooFewEligibleExperts extends DomainError {
  constructor(readonly needed: number, readonly eligible: number, readonly excluded: ExcludedExpert[]) {
    super(409, 'scorers.too-few-eligible',
      `可抽取的评审专家不足：需要 ${needed} 名，符合条件的只有 ${eligible} 名`,
      `Too few eligible experts: ${needed} needed, ${eligible} eligible`,
      undefined, { needed, eligible });
    this.name = 'TooFewEligibleExperts';
  }
}

const inputError = (code: string, zh: string, en: string) => new DomainError(400, code, zh, en);

export function drawScorers({ projectId, seed, beacon = '', experts, project, poolCodes, count }: ScorerDrawRequest): ScorerDraw {
  if (!Number.isSafeInteger(count) || count < 1) throw inputError('scorers.count-invalid', '抽取人数须为正整数', 'The number of scorers must be a positive integer');
  const byId = new Map<string, Expert>();
  for (const expert of experts) {
    if (byId.has(expert.id)) throw inputError('scorers.expert-duplicate', `专家名单中 ${expert.id} 重复`, `Expert ${expert.id} is listed twice`);
    byId.set(expert.id, expert);
  }
  const parties = conflictingParties(project, poolCodes);
  const excluded: ExcludedExpert[] = [];
  const eligible: string[] = [];
  for (const expert of byId.values()) {
    const reason = exclusionOf(expert, project, parties);
    if (reason) excluded.push({ id: expert.id, reason });
    else eligible.push(expert.id);
  }
  excluded.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (eligible.length < count) throw new TooFewEligibleExperts(count, eligible.length, excluded);

  const transcript = drawRanking({ seed, projectId: scorerDrawProjectId(projectId), pool: eligible, beacon });
  return {
    scorers: transcript.ranking.slice(0, count).map((id) => byId.get(id)!),
    excluded,
    transcript: { ...transcript, drawn: count },
  };
}
