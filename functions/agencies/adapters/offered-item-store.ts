import { catalogStore } from '#functions/catalog/adapters/catalog-store.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { isInside } from '#shared/tenancy/tenant.ts';
import type { ReviewRound } from '../domain/joint-review.ts';
import { type CatalogItemLike, type ServiceItemRef, itemKey } from '../domain/offered-item.ts';
import { provinceOf } from '../domain/practice-region.ts';

/**
 * The catalogue entries an agency's service items resolve to, as this city can see them.
 *
 * Catalogues are kept per city (事项库, DESIGN §3) and are not replicated, while an agency admitted here must be
 * able to offer the items of every city of the province (一地入驻、全省通行: a 汕头 project is for a 汕头 item,
 * and matching there asks whether the agency offers *that* item). So:
 *  - an item of this city or one of its counties resolves to its catalogue entry (unknown codes stay unresolved,
 *    and the domain refuses them);
 *  - an item of another city of the province cannot be looked up here: it resolves to a stand-in "declared
 *    elsewhere" entry with no requirement and no industry known here. Nothing is lost for eligibility: matching in
 *    the item's own city checks its real qualification requirements against the agency's qualifications, live,
 *    every time (matching.ts), and the e-licence port verifies every certificate whatever the items. What is lost
 *    is the admitting city's review of that item's requirements and its regulator's slot (`localReviewRound`).
 * STOPGAP until catalogues are replicated province-wide (ServiceItemChanged carrying the item, replicated like
 * tenants): then every ref resolves to its real entry and the stand-ins go.
 */
const FOREIGN_INDUSTRY = '';

export const isCataloguedHere = (tenant: string, city = requireEnv(ENV.cityCode)): boolean => tenant === city || isInside(tenant, city);

export async function catalogueFor(refs: Iterable<ServiceItemRef>): Promise<CatalogItemLike[]> {
  const city = requireEnv(ENV.cityCode);
  const province = requireEnv(ENV.provinceCode);
  const unique = new Map<string, ServiceItemRef>();
  for (const ref of refs) unique.set(itemKey(ref), ref);
  const entries = await Promise.all([...unique.values()].map(async (ref): Promise<CatalogItemLike | undefined> => {
    if (isCataloguedHere(ref.tenant, city)) return catalogStore.get(ref.tenant, ref.code);
    if (provinceOf(ref.tenant) === province) return { tenant: ref.tenant, code: ref.code, industry: FOREIGN_INDUSTRY, qualificationRequirements: [], status: 'active' };
    return undefined;
  }));
  return entries.filter((e): e is CatalogItemLike => e !== undefined);
}

/** Drops the review slots of items declared elsewhere: no regulator here can fill them (see above). */
export function localReviewRound(round: ReviewRound): ReviewRound {
  return { ...round, required: round.required.filter((r) => r.role !== 'regulator' || r.industry !== FOREIGN_INDUSTRY) };
}
