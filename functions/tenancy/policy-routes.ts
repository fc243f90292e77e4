import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { TenantParams } from '#shared/http/common-schemas.ts';
import { MAX_WORKING_DAYS } from './domain/calendar/index.ts';
import { PolicyOverrideSchema } from './domain/policy/index.ts';

const tags = ['policy and calendar (租户策略、工作日历)'];

const PolicyView = z.object({
  tenant: z.string(),
  level: z.enum(['province', 'city', 'county']),
  effective: z.record(z.string(), z.unknown()),
  sources: z.record(z.string(), z.object({ level: z.string(), tenant: z.string().nullable() })),
  own: z.object({ override: z.record(z.string(), z.unknown()), version: z.number().int(), updatedAt: z.string() }).optional(),
  chain: z.array(z.object({ tenant: z.string(), level: z.string(), version: z.number().int().nullable() })),
  problems: z.array(z.unknown()),
});

export const DeadlineView = z.object({
  at: z.string(), rule: z.string(), calendarVersion: z.string(), provisional: z.boolean(), workingDays: z.number().int(), from: z.string(), lastDay: z.string(),
});

export const policyRoutes = [
  {
    operationId: 'getPolicy', method: 'GET', path: '/v1/tenants/{tenant}/policy', auth: 'public', tags,
    summary: 'Effective policy of a tenant, which level set each setting, and its own override (public: the rules are published)',
    params: TenantParams, response: PolicyView,
  },
  {
    operationId: 'putPolicy', method: 'PUT', path: '/v1/tenants/{tenant}/policy', auth: 'jwt', tags,
    summary: 'Replace this level\'s override; refused field by field when it leaves the bounds the level above allows (operator of the tenant or above; the province: province-admin)',
    params: TenantParams, body: PolicyOverrideSchema, response: PolicyView,
  },
  {
    operationId: 'getCalendar', method: 'GET', path: '/v1/tenants/{tenant}/calendar', auth: 'public', tags,
    summary: 'The working-day calendar of a year for a tenant: holidays, make-up working days (调休), local overrides, source notice, provisional flag',
    params: TenantParams, query: z.object({ year: z.coerce.number().int().min(2008).max(2100) }),
  },
  {
    operationId: 'computeDeadline', method: 'GET', path: '/v1/tenants/{tenant}/deadlines', auth: 'public', tags,
    summary: 'A working-day deadline as the product computes it (民法典 第二百零一条), with the rule and calendar version',
    params: TenantParams,
    query: z.object({ from: z.iso.datetime({ offset: true }), workingDays: z.coerce.number().int().min(1).max(MAX_WORKING_DAYS) }),
    response: DeadlineView,
  },
] as const satisfies readonly RouteSpec[];
