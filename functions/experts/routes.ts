import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { DivisionCode, TenantParams } from '#shared/http/common-schemas.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import { ExpertChanges, ExpertId, NewExpert, Specialty } from './domain/expert.ts';
import { ExpertView } from './domain/expert-views.ts';

const ExpertParams = z.object({ tenant: DivisionCode, id: ExpertId }).strict();

const tags = ['experts (评审专家库)'];

export const expertRoutes = [
  {
    operationId: 'registerExpert', method: 'POST', path: '/v1/tenants/{tenant}/experts', auth: 'jwt', tags, creates: true, successStatus: 201,
    summary: 'Add an evaluation expert (评审专家) to the roster of a city or county: specialties, employer and 回避 relations (operator of the tenant, its city, or the province)',
    params: TenantParams, body: NewExpert, response: ExpertView,
  },
  {
    operationId: 'listExperts', method: 'GET', path: '/v1/tenants/{tenant}/experts', auth: 'jwt', tags,
    summary: 'The tenant\'s own roster (not its city\'s); not public before scoring ends (operator, regulator, province-admin; the phone to operators only)',
    params: TenantParams,
    query: PageQuery.extend({
      status: z.enum(['active', 'suspended', 'all']).default('all'),
      specialty: Specialty.optional().describe('A service item code or an industry'),
    }),
    response: pageSchema(ExpertView),
  },
  {
    operationId: 'getExpert', method: 'GET', path: '/v1/tenants/{tenant}/experts/{id}', auth: 'jwt', tags,
    summary: 'One expert (operator, regulator, province-admin; the phone to operators only)', params: ExpertParams, response: ExpertView,
  },
  {
    operationId: 'changeExpert', method: 'PATCH', path: '/v1/tenants/{tenant}/experts/{id}', auth: 'jwt', tags,
    summary: 'Suspend or reactivate an expert, or change specialties, employer, affiliations or phone, with a reason kept in the audit log: a new version (operator)',
    params: ExpertParams, body: ExpertChanges, response: ExpertView,
  },
] as const satisfies readonly RouteSpec[];
