import type { ServiceItem } from '#functions/catalog/domain/service-item.ts';
import { createWorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import type { Project } from './project.ts';
import { submitPurchaseRequest, type SubmitContext } from './purchase-request.ts';

/** Shared by the project and registration tests: a 沅陵 (431222) item, owner and policy. */
export const TENANT = { code: '431222', sandbox: false };
export const SANDBOX = { code: '431222', sandbox: true };
export const CALENDAR = createWorkingDayCalendar();
// Monday 2 March 2026, 10:00 in Shanghai: the next two working days are Tue 3 and Wed 4 March.
export const MONDAY = '2026-03-02T10:00:00.000+08:00';
export const DEADLINE = '2026-03-05T00:00:00.000+08:00';

export const ITEM: ServiceItem = {
  tenant: '431200',
  code: 'ZJ-431200-0001',
  name: '建设项目环境影响评价',
  serviceType: 'assessment',
  legalBasis: ['《中华人民共和国环境影响评价法》'],
  approvalItem: { name: '建设项目环境影响评价文件审批' },
  department: { name: '生态环境局' },
  industry: 'environment',
  qualificationRequirements: [{ type: '环境影响评价', minGrade: '乙级' }],
  serviceTimeLimitWorkingDays: 20,
  fee: { pricing: 'market', standard: '市场调节价' },
  fundingTypes: ['fiscal', 'social'],
  scope: 'city',
  status: 'active',
  version: 3,
  createdAt: '2026-01-05T09:00:00.000+08:00',
  updatedAt: '2026-01-05T09:00:00.000+08:00',
  updatedBy: 'operator-1',
};

export const DRAFT = {
  name: '某某项目环境影响评价',
  serviceItem: { tenant: '431200', code: 'ZJ-431200-0001' },
  ownerId: 'owner-1',
  fundingType: 'fiscal',
  budgetFen: 3_000_000,
  serviceContent: '沅陵县某道路改造工程环境影响报告表编制',
  tradingMode: 'many-to-one',
  selectionMethod: 'lowest-price',
  priceFloorFen: 1_000_000,
};

export function context(over: Partial<SubmitContext> = {}): SubmitContext {
  return { projectId: '431222-2026-0001', tenant: TENANT, policy: DEFAULT_TENANT_POLICY, item: ITEM, calendar: CALENDAR, now: MONDAY, owner: { id: 'owner-1' }, ...over };
}

export const policyWith = (over: Partial<TenantPolicy>): TenantPolicy => ({ ...DEFAULT_TENANT_POLICY, ...over });

/** A project published on MONDAY (window 2 working days, deadline DEADLINE), in the given method. */
export function publishedProject(over: Record<string, unknown> = {}): Project {
  const submitted = submitPurchaseRequest({ ...DRAFT, ...over }, context());
  return {
    ...submitted,
    status: 'published',
    publishedAt: MONDAY,
    history: [...submitted.history, { event: 'approve', from: 'submitted', to: 'published', at: MONDAY, by: 'operator-1' }],
  };
}
