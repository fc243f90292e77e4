import { citySource } from '#shared/events/detail-types.ts';
import { impliedLevel, isInside } from '#shared/tenancy/tenant.ts';
import type { PublishedServiceItem } from './service-item.ts';

/**
 * When a city keeps another city's catalogue item (事项库 replica), pure. Catalogues are kept per city, but an
 * agency admitted anywhere offers the items of every city (一地入驻、全省通行), and its admitting city checks those
 * items' real requirements and calls their industry's regulator — so every city keeps a copy of every other
 * city's items, fed by `ServiceItemChanged`.
 *
 * A replica is written only when all hold:
 *  - the event comes from another city: the publishing city already holds the item itself, and a copy must never
 *    shadow a city's own record;
 *  - it is of this province (an event from elsewhere grants nothing here);
 *  - the item belongs to the city that published it (the city or one of its counties) and the source is that
 *    city's: a city publishes only its own tenants' items, so nobody can overwrite another city's catalogue —
 *    least of all this city's — by naming its tenant;
 *  - it is newer than the copy held: deliveries arrive in any order, so a late old event must not move it back.
 */
export type ReplicaVerdict =
  | { apply: true }
  | { apply: false; reason: 'own-city' | 'other-province' | 'not-of-origin' | 'not-newer' };

export interface ReplicatedEvent {
  /** `detail.city` and `detail.province` of the envelope, and the event's `source`. */
  city: string;
  province: string;
  source: string;
}

export function replicaVerdict(
  event: ReplicatedEvent,
  item: Pick<PublishedServiceItem, 'tenant' | 'version'>,
  here: { city: string; province: string },
  current: { version: number } | undefined,
): ReplicaVerdict {
  if (event.city === here.city) return { apply: false, reason: 'own-city' };
  if (event.province !== here.province || !isInside(event.city, here.province)) return { apply: false, reason: 'other-province' };
  const ofOrigin = impliedLevel(event.city) === 'city' && (item.tenant === event.city || isInside(item.tenant, event.city));
  if (!ofOrigin || event.source !== citySource(event.city)) return { apply: false, reason: 'not-of-origin' };
  if (current !== undefined && item.version <= current.version) return { apply: false, reason: 'not-newer' };
  return { apply: true };
}
