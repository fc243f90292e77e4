import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { DivisionCode, TenantParams } from '#shared/http/common-schemas.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import { InspectorChanges, InspectorId, InspectorView, NewInspector } from './domain/inspector.ts';
import { NewSpotCheck, SpotCheckId, SpotCheckResultInput, SpotCheckScope } from './domain/spot-check.ts';
import { RED_FLAG_RULES, RedFlagQuery } from './domain/red-flags.ts';

const InspectorParams = z.object({ tenant: DivisionCode, id: InspectorId }).strict();
const SpotCheckParams = z.object({ tenant: DivisionCode, id: SpotCheckId }).strict();

const Basis = z.object({ code: z.string(), zh: z.string(), en: z.string() });
const PublishedSpotCheck = z.looseObject({
  id: z.string(), tenant: z.string(), name: z.string(), scope: SpotCheckScope, sampleSize: z.number().int(), inspectorsPerAgency: z.number().int(),
  status: z.enum(['planned', 'drawn', 'completed']), commitment: z.string().describe('SHA-256 of the seed, published at planning'), beacon: z.string(), createdAt: z.string(),
  draw: z.looseObject({
    drawnAt: z.string(),
    pool: z.array(z.object({ code: z.string(), name: z.string(), weight: z.number().int(), basis: z.array(Basis) })).describe('The frozen pool with credit weights'),
    excluded: z.array(z.object({ code: z.string(), name: z.string(), reason: Basis })).describe('Cleared and blacklisted agencies in scope'),
    drawn: z.array(z.looseObject({ agency: z.string(), name: z.string(), weight: z.number().int(), inspectors: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string() })), excludedInspectorCount: z.number().int() })),
    transcripts: z.object({ agencies: z.looseObject({ protocol: z.literal('ISM-DRAW-1-W') }), inspectors: z.array(z.object({ agency: z.string(), transcript: z.looseObject({ protocol: z.literal('ISM-DRAW-1') }) })) }),
  }).optional().describe('Once drawn (the seed is revealed in the transcripts)'),
  results: z.array(z.object({ agency: z.string(), outcome: z.enum(['passed', 'problems-found']), note: z.string(), at: z.string() })),
  verification: z.object({ valid: z.boolean(), checks: z.array(z.looseObject({ name: z.string(), ok: z.boolean() })) }).optional(),
});
const RedFlagView = z.object({
  rule: z.enum(RED_FLAG_RULES), severity: z.enum(['high', 'medium', 'low']), tenant: z.string(), projectIds: z.array(z.string()), agencies: z.array(z.string()),
  ownerId: z.string().optional(), evidence: z.record(z.string(), z.unknown()), zh: z.string(), en: z.string(), at: z.string(),
});

const inspectorTags = ['inspectors (执法检查人员名录库)'];
const spotCheckTags = ['spot checks (双随机、一公开)'];
const redFlagTags = ['red flags (风险预警)'];

export const supervisionRoutes = [
  {
    operationId: 'registerInspector', method: 'POST', path: '/v1/tenants/{tenant}/inspectors', auth: 'jwt', tags: inspectorTags, creates: true, successStatus: 201,
    summary: 'Add an inspector (执法检查人员) to the roster of a city or county: unit, industries and the agencies they must not inspect (回避) — operator or regulator of the tenant, its city, or the province',
    params: TenantParams, body: NewInspector, response: InspectorView,
  },
  {
    operationId: 'listInspectors', method: 'GET', path: '/v1/tenants/{tenant}/inspectors', auth: 'jwt', tags: inspectorTags,
    summary: 'The tenant\'s roster of inspectors (operator, regulator, province-admin); not public',
    params: TenantParams, query: PageQuery.extend({ status: z.enum(['active', 'suspended', 'all']).default('all') }), response: pageSchema(InspectorView),
  },
  {
    operationId: 'getInspector', method: 'GET', path: '/v1/tenants/{tenant}/inspectors/{id}', auth: 'jwt', tags: inspectorTags,
    summary: 'One inspector (operator, regulator, province-admin)', params: InspectorParams, response: InspectorView,
  },
  {
    operationId: 'changeInspector', method: 'PATCH', path: '/v1/tenants/{tenant}/inspectors/{id}', auth: 'jwt', tags: inspectorTags,
    summary: 'Suspend or reactivate an inspector, or change unit, industries or 回避 agencies, with a reason kept in the audit log (operator, regulator)',
    params: InspectorParams, body: InspectorChanges, response: InspectorView,
  },
  {
    operationId: 'planSpotCheck', method: 'POST', path: '/v1/tenants/{tenant}/spot-checks', auth: 'jwt', tags: spotCheckTags, creates: true, successStatus: 201,
    summary: 'Plan a 双随机 spot check (scope, sample size, inspectors per agency): the seed is drawn now and only its SHA-256 commitment published (operator or regulator)',
    params: TenantParams, body: NewSpotCheck, response: PublishedSpotCheck,
  },
  {
    operationId: 'listSpotChecks', method: 'GET', path: '/v1/tenants/{tenant}/spot-checks', auth: 'public', tags: spotCheckTags,
    summary: 'The tenant\'s spot checks, newest first (public: 一公开)', params: TenantParams, query: PageQuery,
    response: pageSchema(z.object({ id: z.string(), name: z.string(), status: z.string(), scope: SpotCheckScope, sampleSize: z.number().int(), commitment: z.string(), createdAt: z.string(), drawnAt: z.string().optional(), results: z.number().int() })),
  },
  {
    operationId: 'getSpotCheck', method: 'GET', path: '/v1/tenants/{tenant}/spot-checks/{id}', auth: 'public', tags: spotCheckTags,
    summary: 'A spot check as published: plan and commitment; once drawn the pool with credit weights, the agencies drawn, the inspectors sent, the ISM-DRAW-1-W and ISM-DRAW-1 transcripts (seed revealed) with their verification; results (public)',
    params: SpotCheckParams, response: PublishedSpotCheck,
  },
  {
    operationId: 'drawSpotCheck', method: 'POST', path: '/v1/tenants/{tenant}/spot-checks/{id}/draw', auth: 'jwt', tags: spotCheckTags,
    summary: 'Freeze the pool (agencies with credit weights), draw the agencies (ISM-DRAW-1-W) and the inspectors for each (ISM-DRAW-1, 回避 excluded), publish the transcripts (operator or regulator)',
    params: SpotCheckParams, response: PublishedSpotCheck,
  },
  {
    operationId: 'recordSpotCheckResult', method: 'POST', path: '/v1/tenants/{tenant}/spot-checks/{id}/results', auth: 'jwt', tags: spotCheckTags,
    summary: 'Publish the result of one drawn agency\'s inspection: passed or problems found, with a note; once per agency (operator or regulator)',
    params: SpotCheckParams, body: SpotCheckResultInput, response: PublishedSpotCheck,
  },
  {
    operationId: 'listRedFlags', method: 'GET', path: '/v1/tenants/{tenant}/red-flags', auth: 'jwt', tags: redFlagTags,
    summary: 'Red flags (风险预警) over the tenant\'s projects: single eligible registrant, repeated winner of one owner, agencies that always register together, budgets just under a threshold or split, windows at the minimum, late evaluations — each with its rule, evidence and explanation (operator, regulator, province-admin); `format=csv` for a spreadsheet',
    params: TenantParams, query: RedFlagQuery,
    response: z.object({ tenant: z.string(), tenants: z.array(z.string()), from: z.string().optional(), to: z.string().optional(), projects: z.number().int(), count: z.number().int(), items: z.array(RedFlagView) }),
  },
] as const satisfies readonly RouteSpec[];
