import fc from 'fast-check';
import { type AwardEvent, awardStatistics, foldAward, inPeriod, type ProvinceAward } from './award.ts';

const published = (round: number, agency: string, occurredAt: string, extra: Partial<Extract<AwardEvent, { type: 'AwardPublished' }>['data']> = {}): AwardEvent => ({
  type: 'AwardPublished', tenant: '445224', city: '445200', occurredAt, data: { projectId: 'P1', round, agency, ...extra },
});
const confirmed = (agency: string, confirmedAt: string): AwardEvent => ({ type: 'AwardConfirmed', tenant: '445224', city: '445200', occurredAt: confirmedAt, data: { projectId: 'P1', agency, confirmedAt } });

const fold = (events: AwardEvent[]) => events.reduce<ProvinceAward | undefined>((a, e) => foldAward(a, e), undefined)!;

/** A project's whole life: first award, its confirmation, the winner abandoning, the substitute published and confirmed. */
const life: AwardEvent[] = [
  published(1, 'A', '2026-11-20T16:30:00.000Z', { method: 'random', budgetFen: 5_000_000, priceFen: 4_000_000, serviceItem: { tenant: '445200', code: 'ZJ-445200-0006' } }),
  confirmed('A', '2026-11-23T09:00:00.000+08:00'),
  published(2, 'B', '2026-11-30T02:00:00.000Z', { substituted: 'A' }),
  confirmed('B', '2026-12-03T09:00:00.000+08:00'),
];

test('a project\'s award: the last round\'s winner, confirmed, counted on the Shanghai day of its first publication', () => {
  expect(fold(life)).toMatchObject({
    projectId: 'P1', tenant: '445224', city: '445200', agency: 'B', round: 2, status: 'confirmed', method: 'random', budgetFen: 5_000_000,
    awardedAt: '2026-11-20T16:30:00.000Z', awardedOn: '2026-11-21', revision: 4,
  });
  // The substitute's price is not published: the first winner's is not kept for it.
  expect(fold(life)).not.toHaveProperty('priceFen');
  expect(fold(life.slice(0, 3))).toMatchObject({ agency: 'B', status: 'awarded' });
  expect(fold(life.slice(0, 2))).toMatchObject({ agency: 'A', status: 'confirmed', priceFen: 4_000_000 });
});

test('any order of arrival gives the same award (events are forwarded, retried and redriven out of order)', () => {
  const { revision: _r, ...expected } = fold(life);
  void _r;
  fc.assert(fc.property(fc.shuffledSubarray(life, { minLength: life.length, maxLength: life.length }), (order) => {
    const { revision, ...got } = fold(order);
    expect(revision).toBe(life.length);
    expect(got).toEqual(expected);
  }));
});

test('statistics per city, tenant and method over a period of Shanghai days', () => {
  const a = fold(life.slice(0, 2));
  const b: ProvinceAward = { ...a, projectId: 'P2', tenant: '440523', city: '440500', method: 'lowest-price', awardedOn: '2026-12-01', budgetFen: 1_000_000, priceFen: 900_000, status: 'awarded' };
  const all = awardStatistics([a, b]);
  expect(all.total).toEqual({ awarded: 2, confirmed: 1, budgetFen: 6_000_000, priced: { projects: 2, budgetFen: 6_000_000, awardFen: 4_900_000, savingFen: 1_100_000, savingRate: 0.1833 } });
  expect(Object.keys(all.byCity).sort()).toEqual(['440500', '445200']);
  expect(all.byTenant['440523'].awarded).toBe(1);
  expect(all.byMethod.random.confirmed).toBe(1);
  expect(awardStatistics([a, b], { from: '2026-11-22' }).total.awarded).toBe(1);
  expect(awardStatistics([a, b], { to: '2026-11-21' }).byCity).toEqual({ 445200: expect.objectContaining({ awarded: 1 }) });
  expect(inPeriod('2026-11-21', { from: '2026-11-21', to: '2026-11-21' })).toBe(true);
});
