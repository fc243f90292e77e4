import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import { DivisionCode, TenantParams } from '#shared/http/common-schemas.ts';
import { FUNDING_TYPES, NewServiceItem, SERVICE_TYPES, ServiceItemCode, ServiceItemFields } from './domain/service-item.ts';

const ItemParams = z.object({ tenant: DivisionCode, code: ServiceItemCode }).strict();

export const ServiceItemView = NewServiceItem.extend({
  tenant: z.string(),
  scope: z.enum(['city', 'county']),
  status: z.enum(['active', 'retired']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredReason: z.string().optional(),
});

const tags = ['catalog (中介服务事项库)'];

export const catalogRoutes = [
  {
    operationId: 'listServiceItems', method: 'GET', path: '/v1/tenants/{tenant}/service-items', auth: 'public', tags,
    summary: 'Public list and search of the catalogue a tenant can buy from (a county sees its city\'s items and its own local items)',
    params: TenantParams,
    query: PageQuery.extend({
      type: z.enum(SERVICE_TYPES).optional(),
      department: z.string().max(100).optional(),
      industry: z.string().max(40).optional(),
      fundingType: z.enum(FUNDING_TYPES).optional(),
      q: z.string().max(100).optional(),
      status: z.enum(['active', 'retired', 'all']).default('active'),
    }),
    response: pageSchema(ServiceItemView),
  },
  {
    operationId: 'createServiceItem', method: 'POST', path: '/v1/tenants/{tenant}/service-items', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'Add an item: on a city, for all its counties; on a county, a local item (operator)',
    params: TenantParams, body: NewServiceItem, response: ServiceItemView,
  },
  {
    operationId: 'getServiceItem', method: 'GET', path: '/v1/tenants/{tenant}/service-items/{code}', auth: 'public', tags,
    summary: 'One item, current version', params: ItemParams, response: ServiceItemView,
  },
  {
    operationId: 'reviseServiceItem', method: 'PUT', path: '/v1/tenants/{tenant}/service-items/{code}', auth: 'jwt', tags,
    summary: 'Change an item: a new version, the old one kept in history (operator)',
    params: ItemParams, body: ServiceItemFields.extend({ expectedVersion: z.number().int().min(1).optional() }).strict(), response: ServiceItemView,
  },
  {
    operationId: 'retireServiceItem', method: 'DELETE', path: '/v1/tenants/{tenant}/service-items/{code}', auth: 'jwt', tags,
    summary: 'Retire an item (never deleted: history and past purchases stay explainable) (operator)',
    params: ItemParams, body: z.object({ reason: z.string().trim().min(2).max(500) }).strict(), response: ServiceItemView,
  },
  {
    operationId: 'listServiceItemVersions', method: 'GET', path: '/v1/tenants/{tenant}/service-items/{code}/versions', auth: 'public', tags,
    summary: 'Every version of an item, oldest first', params: ItemParams, response: z.object({ items: z.array(ServiceItemView) }),
  },
] as const satisfies readonly RouteSpec[];
