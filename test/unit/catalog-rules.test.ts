// Strategy: catalogue rules are pure functions; each test states one rule of the 事项库 (versions,
// retirement instead of deletion, optimistic concurrency, search) and checks it on a demo item.
import { createItem, matchesFilter, retireItem, reviseItem } from '../../functions/catalog/domain/catalog-rules.ts';
import { NewServiceItem, type ServiceItem } from '../../functions/catalog/domain/service-item.ts';
import { DomainError } from '#shared/http/problems.ts';

const input = NewServiceItem.parse({
  code: 'ZJ-445200-0001', name: '建设项目环境影响报告书（表）编制', serviceType: 'assessment',
  legalBasis: ['《中华人民共和国环境影响评价法》第十六条'], approvalItem: { name: '建设项目环境影响评价文件审批' },
  department: { name: '生态环境局' }, industry: 'environment', qualificationRequirements: [{ type: '环境影响评价' }],
  serviceTimeLimitWorkingDays: 30, fee: { pricing: 'market', standard: '市场调节价' }, fundingTypes: ['fiscal', 'social'],
});
const { code: _code, ...fields } = input;
void _code;

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'none';
};

describe('catalogue rules', () => {
  const v1 = createItem('445200', 'city', input, undefined, 'op', '2026-01-01T00:00:00Z');

  it('creates version 1, active, scoped', () => {
    expect(v1).toMatchObject({ version: 1, status: 'active', scope: 'city', tenant: '445200' });
  });
  it('refuses a second item with the same code (409)', () => {
    expect(codeOf(() => createItem('445200', 'city', input, v1, 'op', 'now'))).toBe('catalog.item-exists');
  });
  it('revises into a new version and refuses a stale expected version', () => {
    const v2 = reviseItem(v1, { ...fields, serviceTimeLimitWorkingDays: 20 }, 1, 'op', 'later');
    expect(v2).toMatchObject({ version: 2, serviceTimeLimitWorkingDays: 20, createdAt: v1.createdAt });
    expect(codeOf(() => reviseItem(v2, fields, 1, 'op', 'later'))).toBe('catalog.version-mismatch');
  });
  it('retires instead of deleting, and a retired item cannot change', () => {
    const retired = retireItem(v1, '设立依据已废止', 'op', 'later');
    expect(retired).toMatchObject({ status: 'retired', version: 2, retiredReason: '设立依据已废止' });
    expect(codeOf(() => reviseItem(retired, fields, undefined, 'op', 'x'))).toBe('catalog.item-retired');
    expect(codeOf(() => retireItem(retired, 'again', 'op', 'x'))).toBe('catalog.item-retired');
  });
  it('searches by type, department, industry, funding type and keyword; hides retired by default', () => {
    const item: ServiceItem = v1;
    expect(matchesFilter(item, { type: 'assessment' })).toBe(true);
    expect(matchesFilter(item, { type: 'testing' })).toBe(false);
    expect(matchesFilter(item, { department: '生态环境' })).toBe(true);
    expect(matchesFilter(item, { q: '环境影响评价法' })).toBe(true);
    expect(matchesFilter(item, { q: '消防' })).toBe(false);
    expect(matchesFilter(item, { industry: 'environment', fundingType: 'social' })).toBe(true);
    const retired = retireItem(v1, 'r', 'op', 'x');
    expect(matchesFilter(retired, {})).toBe(false);
    expect(matchesFilter(retired, { status: 'all' })).toBe(true);
  });
  it('refuses unknown fields and a bad code in the schema', () => {
    expect(NewServiceItem.safeParse({ ...input, surprise: 1 }).success).toBe(false);
    expect(NewServiceItem.safeParse({ ...input, code: 'lower-case' }).success).toBe(false);
  });
});
