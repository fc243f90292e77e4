// Strategy: three projects run end to end through the local cloud in a county of their own (潮南, 汕头; sandbox, one
// day per 4 seconds): random to evaluation (budget 5 万, contract 4.2 万, evaluation 5/4/4), a 流标, and lowest price
// won by an agency registered in 揭阳 (quote 3 万, out of region). The county's statistics must be exactly what the
// scenario did — counts, money and saving, failed rate, evaluation averages, HHI and top-5 share of the item, the
// out-of-region share — whichever way the period is read: partial months folded from the summaries, or whole months
// from the stored month accumulators; the city-wide statistics filtered to the county agree.
import { call, eventually, SHANTOU } from './helpers.ts';
import { accelerate, itemOf, onboardCounty, ownerClerk } from './procurement-fixtures.ts';
import { failedAtClose, lowestPriceConfirmed, randomToEvaluation, type Outcome } from './disclosure-fixtures.ts';

jest.setTimeout(240_000);
const city = SHANTOU;
const tenant = '440514'; // 潮南区
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let random: Outcome;
let price: Outcome;
const year = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);

beforeAll(async () => {
  await onboardCounty(city, tenant, '潮南区');
  await accelerate(city, tenant, 21_600);
  const owner = await ownerClerk(city, tenant);
  [random, , price] = await Promise.all([randomToEvaluation(city, tenant, owner), failedAtClose(city, tenant, owner), lowestPriceConfirmed(city, tenant, owner, '445202')]);
  // The projector summarizes each project shortly after its last event.
  await eventually(async () => {
    const s = (await call(city, 'GET', `/v1/tenants/${tenant}/stats`)).body.statistics;
    return s.projects === 3 && s.evaluations.count === 1 && s.outcomes.awarded === 2 && s.byStatus.some((b: Body) => b.key === 'confirmed') ? s : undefined;
  }, 30_000);
});

describe('统计分析 of a county, against what its projects did', () => {
  let stats: Body;
  beforeAll(async () => {
    const res = await call(city, 'GET', `/v1/tenants/${tenant}/stats`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: { city, tenant }, period: { from: `${year}-01-01` } });
    stats = res.body.statistics;
  });

  it('counts by status, method and service type', async () => {
    const item = (await call(city, 'GET', `/v1/tenants/${tenant}/service-items/${itemOf(city).code}`)).body;
    expect(stats.projects).toBe(3);
    expect(stats.byStatus).toEqual(expect.arrayContaining([{ key: 'evaluated', zh: '已评价', count: 1 }, { key: 'failed', zh: '流标', count: 1 }, { key: 'confirmed', zh: '已确认', count: 1 }]));
    expect(stats.byMethod).toEqual([{ key: 'random', zh: '随机选取', count: 2 }, { key: 'lowest-price', zh: '竞价选取', count: 1 }]);
    expect(stats.byServiceType).toEqual([expect.objectContaining({ key: item.serviceType, count: 3 })]);
  });

  it('budget, award amount and saving; failed rate; working days to award; evaluation averages', () => {
    expect(stats.money).toEqual({ publishedBudgetFen: 15_000_000, pricedProjects: 2, pricedBudgetFen: 10_000_000, awardedAmountFen: 7_200_000, savingFen: 2_800_000, savingRate: 0.28 });
    expect(stats.outcomes).toEqual({ open: 0, failed: 1, awarded: 2, decided: 3, failedRate: 0.3333 });
    expect(stats.workingDaysToAward.count).toBe(2);
    expect(stats.evaluations).toEqual({ count: 1, averages: { quality: 5, attitude: 4, feeReasonableness: 4, overall: 4.33 } });
  });

  it('market concentration of the item (two winners, one award each) and the out-of-region share (the 揭阳 winner)', () => {
    expect(stats.concentration).toEqual([expect.objectContaining({
      item: expect.objectContaining(itemOf(city)), projects: 3, awards: 2, agencies: 2, hhi: 5000, top5Share: 1,
      top: expect.arrayContaining([expect.objectContaining({ uscc: random.winner, awards: 1, share: 0.5 }), expect.objectContaining({ uscc: price.winner, awards: 1, share: 0.5 })]),
    })]);
    expect(price.winner!.slice(2, 8)).toBe('445202');
    expect(stats.outOfRegion).toEqual({ winners: 2, outOfRegion: 1, share: 0.5 });
  });

  it('the same from the stored month accumulators (whole months), and nothing in another year', async () => {
    const whole = await call(city, 'GET', `/v1/tenants/${tenant}/stats?from=${year}-01-01&to=${year}-12-31`);
    expect(whole.body.statistics).toEqual(stats);
    const before = await call(city, 'GET', `/v1/tenants/${tenant}/stats?from=${Number(year) - 1}-01-01&to=${Number(year) - 1}-12-31`);
    expect(before.body.statistics.projects).toBe(0);
    const bad = await call(city, 'GET', `/v1/tenants/${tenant}/stats?from=${year}-05-01&to=${year}-04-01`);
    expect([bad.status, bad.body.errors?.[0]?.code]).toEqual([400, 'period.invalid']);
  });

  it('the city: filtered to the county it agrees; unfiltered it holds at least the county; another city\'s county is 404', async () => {
    const filtered = await call(city, 'GET', `/v1/stats?tenant=${tenant}`);
    expect(filtered.body.statistics).toEqual(stats);
    const all = await call(city, 'GET', '/v1/stats');
    expect(all.body.scope.tenants).toEqual(expect.arrayContaining([city, tenant]));
    expect(all.body.statistics.projects).toBeGreaterThanOrEqual(3);
    expect(all.body.statistics.money.publishedBudgetFen).toBeGreaterThanOrEqual(15_000_000);
    expect((await call(city, 'GET', '/v1/stats?tenant=445202')).status).toBe(404);
  });
});
