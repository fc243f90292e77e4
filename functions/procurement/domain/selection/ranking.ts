/**
 * What every selection method (选取方式, DESIGN section 4) returns: a FULL ranking — rank 1 wins, the rest are the
 * substitution order (依次递补) when a winner is excluded after an objection or abandons — with the reason for
 * each position, the candidates that cannot be ranked (an invalid or missing quote, no score) with theirs, and the
 * ISM-DRAW-1 transcripts of every draw that decided an order, so each one can be verified on its own.
 *
 * Ties are broken by ISM-DRAW-1 "with the tied codes as the pool": the same seed, project id and beacon as the
 * project's draw; each tied group has a different pool, hence a different poolHash and an independent key.
 */
import { drawRanking, type Transcript } from '../draw/ism-draw-1.ts';

export type SelectionMethod = 'random' | 'lowest-price' | 'average-price' | 'best-value' | 'direct';

export interface Reason {
  code: string;
  zh: string;
  en: string;
}

export interface RankedCandidate {
  rank: number;
  code: string;
  reason: Reason;
  quoteFen?: number;
  /** Set when an ISM-DRAW-1 tie-break placed this candidate: the transcript's index in `draws` and the tied codes. */
  tieBreak?: { draw: number; tiedWith: string[] };
}

export interface ExcludedCandidate {
  code: string;
  reason: Reason;
}

export interface SelectionResult {
  method: SelectionMethod;
  ranking: RankedCandidate[];
  /** Pool members that cannot be ranked, ascending by code. */
  excluded: ExcludedCandidate[];
  /** Every ISM-DRAW-1 transcript that decided part of the order: the whole draw (random) or one per tied group, best group first. */
  draws: Transcript[];
}

/** What every method needs: the eligible pool frozen at close and the draw parameters committed at publication. */
export interface DrawContext {
  projectId: string;
  /** The ISM-DRAW-1 seed (64 lowercase hex), revealed with the award notice. */
  seed: string;
  beacon?: string;
  /** Eligible codes at close, any order, no duplicates. */
  pool: readonly string[];
}

/** Inputs a method cannot rank at all (as opposed to a candidate it excludes with a reason). */
export class SelectionInputError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'SelectionInputError';
  }
}

/** The pool in code order, refusing duplicates (the draw module checks the code shape when a draw happens). */
export function eligiblePool(pool: readonly string[]): string[] {
  const sorted = [...pool].sort();
  sorted.forEach((code, i) => {
    if (typeof code !== 'string' || code.length === 0) throw new SelectionInputError('selection.code-invalid', '候选代码不能为空', 'A candidate code is empty');
    if (i > 0 && sorted[i - 1] === code) throw new SelectionInputError('selection.code-duplicate', `候选池中代码重复：${code}`, `Duplicate code in the pool: ${code}`);
  });
  return sorted;
}

/** For display in reasons: 12345 fen → "123.45". Exact (integer arithmetic). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface Ordered<T> {
  code: string;
  item: T;
}

/**
 * Turns candidates already grouped by equal merit (best group first) into ranked entries, breaking each tie by
 * ISM-DRAW-1 over the tied codes. `reasonOf` words the reason given the entry's rank and its tie (if any).
 */
export function rankGroups<T>(
  groups: Ordered<T>[][],
  context: DrawContext,
  reasonOf: (item: T, rank: number, tie?: { draw: number; tiedWith: string[]; position: number }) => Reason,
  quoteOf?: (item: T) => number | undefined,
): { ranking: RankedCandidate[]; draws: Transcript[] } {
  const ranking: RankedCandidate[] = [];
  const draws: Transcript[] = [];
  for (const group of groups) {
    let ordered = group;
    let tie: { draw: number; tiedWith: string[] } | undefined;
    if (group.length > 1) {
      const transcript = drawRanking({ seed: context.seed, projectId: context.projectId, beacon: context.beacon ?? '', pool: group.map((g) => g.code) });
      draws.push(transcript);
      const byCode = new Map(group.map((g) => [g.code, g]));
      ordered = transcript.ranking.map((code) => byCode.get(code)!);
      tie = { draw: draws.length - 1, tiedWith: transcript.pool };
    }
    ordered.forEach((g, position) => {
      const rank = ranking.length + 1;
      const quoteFen = quoteOf?.(g.item);
      ranking.push({
        rank,
        code: g.code,
        reason: reasonOf(g.item, rank, tie && { ...tie, position: position + 1 }),
        ...(quoteFen === undefined ? {} : { quoteFen }),
        ...(tie ? { tieBreak: tie } : {}),
      });
    });
  }
  return { ranking, draws };
}

/** Groups items sorted by `compare` (best first) into runs of equal merit; within a run, code order (the draw reorders). */
export function groupByMerit<T>(items: Ordered<T>[], compare: (a: T, b: T) => number): Ordered<T>[][] {
  const sorted = [...items].sort((a, b) => compare(a.item, b.item) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const groups: Ordered<T>[][] = [];
  for (const entry of sorted) {
    const last = groups[groups.length - 1];
    if (last && compare(last[0].item, entry.item) === 0) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

export const tieWords = (tie: { draw: number; tiedWith: string[]; position: number }) => ({
  zh: `；与 ${tie.tiedWith.length - 1} 家并列，经 ISM-DRAW-1 抽签（第 ${tie.draw + 1} 次抽签）列并列第 ${tie.position} 位`,
  en: `; tied with ${tie.tiedWith.length - 1} other(s), placed ${tie.position} of ${tie.tiedWith.length} by ISM-DRAW-1 (draw ${tie.draw + 1})`,
});
