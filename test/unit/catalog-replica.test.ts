// Strategy: when a city keeps another city's catalogue item is a pure rule (replicaVerdict); each test states one
// clause of it — newer versions only, never the city's own events, only the publishing city's own tenants' items
// under its own source, only this province — on events as 汕头 440500 would publish them, seen from 揭阳 445200.
// The item an event carries is checked on arrival (PublishedServiceItem): what the catalogue publishes passes,
// and it never carries who changed it.
import { createItem, reviseItem } from '../../functions/catalog/domain/catalog-rules.ts';
import { replicaVerdict } from '../../functions/catalog/domain/replica-rules.ts';
import { NewServiceItem, PublishedServiceItem, publishedItem } from '../../functions/catalog/domain/service-item.ts';

const here = { city: '445200', province: '440000' };
const fromShantou = { city: '440500', province: '440000', source: 'ism.440500' };

const input = NewServiceItem.parse({
  code: 'ZJ-440500-0001', name: '建设项目环境影响报告书（表）编制', serviceType: 'assessment',
  legalBasis: ['《中华人民共和国环境影响评价法》第十六条'], approvalItem: { name: '建设项目环境影响评价文件审批' },
  department: { name: '生态环境局' }, industry: 'environment', qualificationRequirements: [{ type: '环境影响评价' }],
  serviceTimeLimitWorkingDays: 30, fee: { pricing: 'market', standard: '市场调节价' }, fundingTypes: ['fiscal'],
});
const v1 = createItem('440500', 'city', input, undefined, 'op-440500', '2026-01-01T00:00:00Z');
const { code: _code, ...fields } = input;
void _code;
const v2 = reviseItem(v1, { ...fields, qualificationRequirements: [{ type: '环境影响评价', minGrade: '甲级' }] }, 1, 'op-440500', '2026-02-01T00:00:00Z');

describe('replicaVerdict: another city\'s item, kept here', () => {
  it('is written when nothing is held, or when it is newer than the copy', () => {
    expect(replicaVerdict(fromShantou, v1, here, undefined)).toEqual({ apply: true });
    expect(replicaVerdict(fromShantou, v2, here, { version: 1 })).toEqual({ apply: true });
  });

  it('a replay of the same version, or an older version arriving late, changes nothing', () => {
    expect(replicaVerdict(fromShantou, v2, here, { version: 2 })).toEqual({ apply: false, reason: 'not-newer' });
    expect(replicaVerdict(fromShantou, v1, here, { version: 2 })).toEqual({ apply: false, reason: 'not-newer' });
  });

  it('this city\'s own events are ignored: its own items are its records, never copies', () => {
    const own = createItem('445200', 'city', { ...input, code: 'ZJ-445200-0001' }, undefined, 'op', '2026-01-01T00:00:00Z');
    expect(replicaVerdict({ city: '445200', province: '440000', source: 'ism.445200' }, own, here, undefined)).toEqual({ apply: false, reason: 'own-city' });
  });

  it('a county\'s local item travels with its city', () => {
    const longhu = { ...v1, tenant: '440507', scope: 'county' as const, code: 'ZJ-440507-0001' };
    expect(replicaVerdict(fromShantou, longhu, here, undefined)).toEqual({ apply: true });
  });

  it('a city cannot publish another city\'s item — least of all one of this city\'s', () => {
    expect(replicaVerdict(fromShantou, { tenant: '445200', version: 99 }, here, { version: 1 })).toEqual({ apply: false, reason: 'not-of-origin' });
    expect(replicaVerdict(fromShantou, { tenant: '445202', version: 99 }, here, undefined)).toEqual({ apply: false, reason: 'not-of-origin' });
    expect(replicaVerdict(fromShantou, { tenant: '440300', version: 1 }, here, undefined)).toEqual({ apply: false, reason: 'not-of-origin' });
    expect(replicaVerdict(fromShantou, { tenant: '440000', version: 1 }, here, undefined)).toEqual({ apply: false, reason: 'not-of-origin' });
  });

  it('the source must be the publishing city\'s own', () => {
    expect(replicaVerdict({ ...fromShantou, source: 'ism.440300' }, v1, here, undefined)).toEqual({ apply: false, reason: 'not-of-origin' });
    expect(replicaVerdict({ ...fromShantou, source: 'ism.province.440000' }, v1, here, undefined)).toEqual({ apply: false, reason: 'not-of-origin' });
  });

  it('an event of another province, or claiming a city outside this one, grants nothing', () => {
    expect(replicaVerdict({ city: '450100', province: '450000', source: 'ism.450100' }, { tenant: '450100', version: 1 }, here, undefined)).toEqual({ apply: false, reason: 'other-province' });
    expect(replicaVerdict({ city: '450100', province: '440000', source: 'ism.450100' }, { tenant: '450100', version: 1 }, here, undefined)).toEqual({ apply: false, reason: 'other-province' });
  });
});

describe('PublishedServiceItem: the item a ServiceItemChanged event carries', () => {
  it('is the whole record, version and status included, without who changed it', () => {
    const published = publishedItem(v2);
    expect(published).toMatchObject({ tenant: '440500', code: 'ZJ-440500-0001', version: 2, status: 'active', industry: 'environment' });
    expect('updatedBy' in published).toBe(false);
    expect(PublishedServiceItem.parse(published)).toEqual(published);
  });

  it('a retired item keeps its reason', () => {
    const retired = publishedItem({ ...v2, status: 'retired', retiredReason: '法律依据已废止', version: 3 });
    expect(PublishedServiceItem.parse(retired)).toMatchObject({ status: 'retired', retiredReason: '法律依据已废止', version: 3 });
  });

  it('refuses what this city could not use (no version, bad requirements)', () => {
    const { version: _v, ...noVersion } = publishedItem(v1);
    void _v;
    expect(PublishedServiceItem.safeParse(noVersion).success).toBe(false);
    expect(PublishedServiceItem.safeParse({ ...publishedItem(v1), qualificationRequirements: [{ grade: '甲级' }] }).success).toBe(false);
    expect(PublishedServiceItem.safeParse({ ...publishedItem(v1), version: 0 }).success).toBe(false);
  });

  it('drops top-level fields it does not know, rather than storing them unchecked', () => {
    const parsed = PublishedServiceItem.parse({ ...publishedItem(v1), updatedBy: 'op-440500', replicatedFrom: '440300' });
    expect(parsed).not.toHaveProperty('updatedBy');
    expect(parsed).not.toHaveProperty('replicatedFrom');
  });
});
