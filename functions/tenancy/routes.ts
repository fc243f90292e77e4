import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { TenantParams } from '#shared/http/common-schemas.ts';
import { NewAccount, OnboardCounty } from './domain/onboarding.ts';

const tags = ['tenancy (租户)'];

export const TenantView = z.object({
  code: z.string(), name: z.string(), nameEn: z.string().optional(), level: z.enum(['province', 'city', 'county']),
  parent: z.string().optional(), province: z.string(), sandbox: z.boolean(), status: z.enum(['active', 'suspended']), onboardedAt: z.string().optional(),
});

export const AccountView = NewAccount.extend({
  tenant: z.string(), subject: z.string(),
  /** Set on owner clerks (functions/owners): the owner (项目业主) the clerk acts for. */
  ownerId: z.string().optional(), status: z.enum(['active', 'disabled']), createdAt: z.string(), createdBy: z.string(),
});

export const tenancyRoutes = [
  {
    operationId: 'listTenants', method: 'GET', path: '/v1/tenants', auth: 'public', tags,
    summary: 'The province, this city and its onboarded counties; with scope=province also every other city\'s counties (replicated through the province bus)',
    query: z.object({ scope: z.enum(['city', 'province']).default('city') }),
    response: z.object({ items: z.array(TenantView.extend({ replicatedFrom: z.string().optional() })) }),
  },
  {
    operationId: 'onboardCounty', method: 'POST', path: '/v1/tenants', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'Onboard a county as a tenant of this city at run time, with its first operator account (city operator or province-admin)',
    body: OnboardCounty, response: z.object({ tenant: TenantView, operator: AccountView }),
  },
  {
    operationId: 'getTenant', method: 'GET', path: '/v1/tenants/{tenant}', auth: 'public', tags,
    summary: 'One tenant', params: TenantParams, response: TenantView,
  },
  {
    operationId: 'createAccount', method: 'POST', path: '/v1/tenants/{tenant}/accounts', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'Add an account (owner clerk, agency clerk, regulator, operator) to a tenant (operator)',
    params: TenantParams, body: NewAccount, response: AccountView,
  },
  {
    operationId: 'listAccounts', method: 'GET', path: '/v1/tenants/{tenant}/accounts', auth: 'jwt', tags,
    summary: 'Accounts of a tenant — private: contact details (operator)', params: TenantParams, response: z.object({ items: z.array(AccountView) }),
  },
] as const satisfies readonly RouteSpec[];
