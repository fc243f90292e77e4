/**
 * 直接选取 (direct): the owner picks one agency from the eligible pool with a written reason — only where tenant
 * policy allows it (e.g. social funds; the policy check is the purchase request's, not this function's).
 *
 * The owner chooses one agency, not an order, so the substitutes (依次递补 after an upheld objection or an
 * abandonment) follow in ascending code order: a neutral order anyone can reproduce from the published pool, that
 * does not depend on how registrations were stored and that neither the owner nor an operator can steer after
 * seeing who registered. No merit is implied by it; the lifecycle may instead ask the owner to choose again.
 * No draw is made, so `draws` is empty and the seed is not used.
 */
import { SelectionInputError, type SelectionResult, eligiblePool } from './ranking.ts';

export interface DirectChoice {
  code: string;
  /** The owner's written reason (选取理由), published with the award. */
  reason: string;
}

export interface DirectInput {
  pool: readonly string[];
  choice: DirectChoice;
}

export function rankDirect({ pool: given, choice }: DirectInput): SelectionResult {
  const pool = eligiblePool(given);
  if (!pool.includes(choice.code)) {
    throw new SelectionInputError('selection.choice-not-eligible', `${choice.code} 不在合格候选池中，不能直接选取`, `${choice.code} is not in the eligible pool and cannot be chosen`);
  }
  const reason = typeof choice.reason === 'string' ? choice.reason.trim() : '';
  if (reason.length === 0) throw new SelectionInputError('selection.choice-reason-missing', '直接选取须填写书面理由', 'A direct choice needs a written reason');
  return {
    method: 'direct',
    ranking: [
      { rank: 1, code: choice.code, reason: { code: 'direct.chosen', zh: `业主直接选取，理由：${reason}`, en: `Chosen directly by the owner: ${reason}` } },
      ...pool
        .filter((c) => c !== choice.code)
        .map((code, i) => ({
          rank: i + 2,
          code,
          reason: { code: 'direct.substitute', zh: '递补顺序：按统一社会信用代码升序（业主未排序）', en: 'Substitute in ascending code order (the owner ranks no one but the choice)' },
        })),
    ],
    excluded: [],
    draws: [],
  };
}
