/**
 * Scenarios the open-data and statistics tests run end to end (ocds.test.ts, statistics.test.ts), each in its
 * sandbox county (accelerated to one day per 4 seconds, so a price method's one-working-day reveal period is seconds
 * long): random to evaluation, 流标 at close, lowest price with sealed quotes, and 直购. Each returns the project id
 * and its winner.
 */
import { call, type Claims } from './helpers.ts';
import { admittedAgencies, ownerClerk, projectWhen, publish, purchaseRequest, registerOwner, sealedQuote, serveAndEvaluate, socialFundsItem } from './procurement-fixtures.ts';

export interface Owner { as: Claims; ownerId: string }
export interface Outcome { id: string; winner?: string }

const registerAll = async (city: string, tenant: string, id: string, agencies: { as: Claims }[]) => {
  for (const a of agencies) expect((await call(city, 'POST', `/v1/tenants/${tenant}/projects/${id}/registrations`, { as: a.as, body: {} })).status).toBe(201);
};

/** 随机选取 with four registrants, to evaluation (contract `amountFen`; evaluation 5/4/4). */
export async function randomToEvaluation(city: string, tenant: string, owner: Owner, amountFen = 4_200_000): Promise<Outcome> {
  const agencies = await admittedAgencies(city, tenant, tenant, 4);
  const { id } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { registrationWindowWorkingDays: 2 }));
  await registerAll(city, tenant, id, agencies);
  const awarded = await projectWhen(city, tenant, id, (p) => p.status === 'awarded', 'random: awarded', 120_000);
  await serveAndEvaluate(city, tenant, owner.as, id, amountFen);
  return { id, winner: awarded.award.rounds[0].code };
}

/** 流标: one registrant where three are needed. */
export async function failedAtClose(city: string, tenant: string, owner: Owner): Promise<Outcome> {
  const [only] = await admittedAgencies(city, tenant, tenant, 1);
  const { id } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { registrationWindowWorkingDays: 2 }));
  await registerAll(city, tenant, id, [only]);
  await projectWhen(city, tenant, id, (p) => p.status === 'failed', '流标 at close', 120_000);
  return { id };
}

/**
 * 竞价选取: three sealed quotes (3.0, 3.5, 4.0 万元; floor 2.0), revealed; the lowest wins and is confirmed. The
 * winner is admitted in `winnerAdmittedIn` (its 统一社会信用代码 says it is registered there: another city makes it an
 * out-of-region winner), the others in the county.
 */
export async function lowestPriceConfirmed(city: string, tenant: string, owner: Owner, winnerAdmittedIn = tenant): Promise<Outcome> {
  const [winner] = await admittedAgencies(city, winnerAdmittedIn, tenant, 1);
  const agencies = [winner, ...(await admittedAgencies(city, tenant, tenant, 2))];
  const quotes = [3_000_000, 3_500_000, 4_000_000].map(sealedQuote);
  const base = `/v1/tenants/${tenant}/projects`;
  const { id } = await publish(city, tenant, owner.as, purchaseRequest(city, owner.ownerId, { selectionMethod: 'lowest-price', priceFloorFen: 2_000_000, registrationWindowWorkingDays: 2 }));
  for (const [i, a] of agencies.entries()) {
    expect((await call(city, 'POST', `${base}/${id}/registrations`, { as: a.as, body: {} })).status).toBe(201);
    expect((await call(city, 'PUT', `${base}/${id}/registrations/mine/quote`, { as: a.as, body: { commitment: quotes[i].commitment } })).status).toBe(200);
  }
  await projectWhen(city, tenant, id, (p) => p.status === 'selecting' && Boolean(p.closing?.revealBy), 'price: reveal period', 120_000);
  for (const [i, a] of agencies.entries()) {
    expect((await call(city, 'POST', `${base}/${id}/registrations/mine/reveal`, { as: a.as, body: { quoteFen: quotes[i].quoteFen, salt: quotes[i].salt } })).status).toBe(200);
  }
  await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', 'price: confirmed', 120_000);
  return { id, winner: winner.uscc };
}

/** 直购: a company owner buys a named agency's offer with social funds; confirmed. */
export async function directPurchaseConfirmed(city: string, tenant: string): Promise<Outcome> {
  const item = await socialFundsItem(city, tenant);
  const ownerId = await registerOwner(city, tenant, { kind: 'company', name: `${tenant} 测试实业有限公司`, fundingTypes: ['social'] });
  const owner = await ownerClerk(city, tenant, ownerId);
  const [offer] = await admittedAgencies(city, tenant, tenant, 1, item);
  const { id } = await publish(city, tenant, owner.as, {
    ...purchaseRequest(city, ownerId, { serviceItem: item, fundingType: 'social', tradingMode: 'direct-purchase', selectionMethod: 'direct', directOffer: { agencyUscc: offer.uscc } }),
    registrationWindowWorkingDays: undefined,
  });
  await projectWhen(city, tenant, id, (p) => p.status === 'confirmed', '直购: confirmed', 120_000);
  return { id, winner: offer.uscc };
}
