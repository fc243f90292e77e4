import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import { DivisionCode, TenantParams } from '#shared/http/common-schemas.ts';
import { NewClerk } from './domain/clerk.ts';
import { FUNDING_TYPES, NewOwner, OWNER_KINDS, OwnerChanges, OwnerId } from './domain/owner.ts';
import { OwnerProfileView, PublicOwnerView } from './domain/owner-views.ts';

const OwnerParams = z.object({ tenant: DivisionCode, id: OwnerId }).strict();

export const ClerkView = NewClerk.extend({
  tenant: z.string(), subject: z.string(), role: z.literal('owner'), ownerId: z.string(),
  status: z.enum(['active', 'disabled']), createdAt: z.string(), createdBy: z.string(),
});

const tags = ['owners (项目业主库)'];

export const ownerRoutes = [
  {
    operationId: 'listOwners', method: 'GET', path: '/v1/tenants/{tenant}/owners', auth: 'public', tags,
    summary: 'Public directory of a tenant\'s project owners (public fields only; a person\'s name is masked)',
    params: TenantParams,
    query: PageQuery.extend({
      q: z.string().trim().min(1).max(100).optional().describe('Part of the name, or a whole 统一社会信用代码'),
      kind: z.enum(OWNER_KINDS).optional(),
      fundingType: z.enum(FUNDING_TYPES).optional(),
      status: z.enum(['active', 'disabled', 'all']).default('active'),
    }),
    response: pageSchema(PublicOwnerView),
  },
  {
    operationId: 'registerOwner', method: 'POST', path: '/v1/tenants/{tenant}/owners', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'Register a project owner: a department, public institution, company (统一社会信用代码) or person (ID number, stored masked) (operator)',
    params: TenantParams, body: NewOwner, response: OwnerProfileView,
  },
  {
    operationId: 'getOwner', method: 'GET', path: '/v1/tenants/{tenant}/owners/{id}', auth: 'public', tags,
    summary: 'One owner, public fields only', params: OwnerParams, response: PublicOwnerView,
  },
  {
    operationId: 'getOwnerProfile', method: 'GET', path: '/v1/tenants/{tenant}/owners/{id}/profile', auth: 'jwt', tags,
    summary: 'One owner with its private fields: contact person, mobile, email, masked ID number (operator, or a clerk of this owner)',
    params: OwnerParams, response: OwnerProfileView,
  },
  {
    operationId: 'changeOwner', method: 'PUT', path: '/v1/tenants/{tenant}/owners/{id}', auth: 'jwt', tags,
    summary: 'Change an owner\'s mutable fields, or disable / re-enable it: a new version (operator)',
    params: OwnerParams, body: OwnerChanges, response: OwnerProfileView,
  },
  {
    operationId: 'addOwnerClerk', method: 'POST', path: '/v1/tenants/{tenant}/owners/{id}/clerks', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'Add a clerk (经办人): an account of role owner, bound to this owner (operator)',
    params: OwnerParams, body: NewClerk, response: ClerkView,
  },
  {
    operationId: 'listOwnerClerks', method: 'GET', path: '/v1/tenants/{tenant}/owners/{id}/clerks', auth: 'jwt', tags,
    summary: 'Clerks of an owner (operator, or a clerk of this owner)', params: OwnerParams, response: z.object({ items: z.array(ClerkView) }),
  },
] as const satisfies readonly RouteSpec[];
