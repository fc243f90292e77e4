/**
 * Selection methods (选取方式) and funding types (资金性质): the two axes tenant policy uses to say which
 * method a purchase may use. Names as in DESIGN §4.
 */
export const SELECTION_METHODS = [
  'random', // 随机选取 (ISM-DRAW-1)
  'lowest-price', // 竞价选取: lowest valid sealed quote
  'average-price', // 均价选取: quote closest to the mean
  'best-value', // 择优选取: weighted score by drawn experts
  'direct', // 直接选取: the owner picks, with a written reason
] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];

export const FUNDING_TYPES = [
  'fiscal', // 财政性资金: budget funds; the supermarket is mandatory below the threshold
  'social', // 社会性资金: companies' own funds; the supermarket is offered, not imposed
] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];

export const POLICY_LEVELS = ['province', 'city', 'county'] as const;
/** Same levels as the tenancy's `TenantLevel` (GB/T 2260): 省 → 市 → 县. */
export type PolicyLevel = (typeof POLICY_LEVELS)[number];
