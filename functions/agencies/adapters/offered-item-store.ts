import { catalogStore } from '#functions/catalog/adapters/catalog-store.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { CatalogItemLike, ServiceItemRef } from '../domain/offered-item.ts';
import { itemKey } from '../domain/offered-item.ts';
import { provinceOf } from '../domain/practice-region.ts';

/**
 * The catalogue entries an agency's service items resolve to, as this city can see them.
 *
 * An agency admitted here offers the items of every city of the province (一地入驻、全省通行: a 汕头 project is for
 * a 汕头 item, and matching there asks whether the agency offers *that* item). This city's table holds its own
 * tenants' items and a replica of every other city's (functions/catalog/replica.ts, fed by `ServiceItemChanged`),
 * so every ref of the province resolves to its real entry — its industry, whose regulator here joins the review,
 * and its qualification requirements, checked at submission like any local item's. A ref that resolves to
 * nothing (not catalogued anywhere in the province, or of another province) stays unresolved, and the domain
 * refuses it (`application.unknown-service-item`).
 */
export async function catalogueFor(refs: Iterable<ServiceItemRef>): Promise<CatalogItemLike[]> {
  const province = requireEnv(ENV.provinceCode);
  const unique = new Map<string, ServiceItemRef>();
  for (const ref of refs) unique.set(itemKey(ref), ref);
  const entries = await Promise.all([...unique.values()]
    // Another province's items are never held here: no need to ask the table.
    .filter((ref) => provinceOf(ref.tenant) === province)
    .map((ref) => catalogStore.entry(ref.tenant, ref.code)));
  return entries.filter((e): e is NonNullable<typeof e> => e !== undefined);
}
