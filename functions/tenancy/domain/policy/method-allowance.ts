import type { FundingType, SelectionMethod } from './selection-method.ts';
import type { TenantPolicy } from './tenant-policy.ts';

/**
 * Whether a purchase funded this way, for this budget, must go through the supermarket: fiscal funds below
 * the threshold (Yuanling: 财政性资金…达不到公开招投标额度(50万元以下)的，禁止单位直接委托).
 * Social funds may use it but are not obliged to.
 */
export function isSupermarketMandatory(policy: TenantPolicy, funding: FundingType, budgetFen: number): boolean {
  return funding === 'fiscal' && budgetFen < policy.mandatoryUseBelowFen;
}

/**
 * Whether a selection method may be used: it must be allowed for the funding type, and 直接选取 of fiscal
 * funds additionally only strictly below `directChoiceMaxFen` (0 by default: never).
 */
export function isMethodAllowed(policy: TenantPolicy, funding: FundingType, method: SelectionMethod, budgetFen: number): boolean {
  if (!policy.methodsAllowed[funding].includes(method)) return false;
  if (funding === 'fiscal' && method === 'direct') return budgetFen < policy.directChoiceMaxFen;
  return true;
}
