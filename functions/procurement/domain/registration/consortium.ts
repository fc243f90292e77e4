import type { Agency } from '#functions/agencies/domain/agency.ts';
import { itemKey } from '#functions/agencies/domain/offered-item.ts';
import type { CreditRestriction } from '#functions/agencies/domain/matching.ts';

/**
 * 联合体: several agencies that register as one party. DESIGN §4: "qualifications are the union, the lead agency
 * answers". For matching (`matchAgency`) the consortium is seen as one agency built here:
 *  - qualifications: every member's certificates (the union), ids prefixed with the holder's USCC so two members'
 *    certificate ids never collide and a reason can name whose certificate it is;
 *  - service items: an item counts as offered when any member offers it actively (a member's active offer wins
 *    over another's suspended one);
 *  - status: the worst of all members (cleared > suspended > active) — one cleared member disqualifies the party;
 *  - practice regions and branches: the lead's only, because the lead answers to the owner for the service;
 *  - identity (USCC, name, contact): the lead's; it is the lead's code that enters the pool and the draw.
 * Credit is per member too: `consortiumCredit` is restricted when any member is.
 */
const STATUS_WEIGHT: Record<Agency['status'], number> = { active: 0, suspended: 1, cleared: 2 };

export function consortiumAsAgency(lead: Agency, members: readonly Agency[]): Agency {
  const all = [lead, ...members];
  const worst = all.reduce((w, a) => (STATUS_WEIGHT[a.status] > STATUS_WEIGHT[w.status] ? a : w), lead);
  const items = new Map<string, Agency['serviceItems'][number]>();
  for (const agency of all) {
    for (const item of agency.serviceItems) {
      const held = items.get(itemKey(item));
      if (!held || (held.status !== 'active' && item.status === 'active')) items.set(itemKey(item), item);
    }
  }
  const named = (a: Agency, reason: string) => (a === lead ? reason : `联合体成员 ${a.uscc}：${reason}`);
  return {
    ...lead,
    status: worst.status,
    ...(worst.clearance ? { clearance: { ...worst.clearance, reason: named(worst, worst.clearance.reason) } } : {}),
    ...(worst.suspension ? { suspension: { ...worst.suspension, reason: named(worst, worst.suspension.reason) } } : {}),
    serviceItems: [...items.values()],
    qualifications: all.flatMap((a) => a.qualifications.map((q) => ({ ...q, id: `${a.uscc}:${q.id}` }))),
  };
}

export function consortiumCredit(restrictions: ReadonlyMap<string, CreditRestriction> | Record<string, CreditRestriction>, codes: readonly string[]): CreditRestriction {
  const get = (code: string) => (restrictions instanceof Map ? restrictions.get(code) : (restrictions as Record<string, CreditRestriction>)[code]);
  const restricted = codes.filter((c) => get(c)?.restricted);
  if (restricted.length === 0) return { restricted: false };
  return { restricted: true, reason: restricted.map((c) => `${c}${get(c)?.reason ? `（${get(c)?.reason}）` : ''}`).join('；') };
}
