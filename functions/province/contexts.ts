import type { RouteSpec } from '#shared/http/route-spec.ts';
import type { ApiContext, WorkerSpec } from '../contexts.ts';
import { agencyRoutes } from '../agencies/routes.ts';
import { creditRoutes } from '../credit/routes.ts';
import { provincePortalRoutes } from './portal/routes.ts';
import { provinceRoutes } from './routes.ts';

/**
 * The province's functions, as data (the province's counterpart of functions/contexts.ts): lib/stacks/province-stack.ts
 * builds one Lambda per API context with the routes listed here and one per worker, on the province's read-model
 * table. Every route is public and read-only: the province publishes what its cities did (在阳光下运行); every write
 * happens in a city and reaches the province as an event.
 */

/** Some public reads of a city context, answered here by the same handler from the province's replica instead of a city's. */
function publicReads<R extends RouteSpec>(routes: readonly R[], operationIds: string[]): R[] {
  const picked = routes.filter((r) => operationIds.includes(r.operationId));
  const wrong = picked.filter((r) => r.auth !== 'public' || r.method !== 'GET');
  if (picked.length !== operationIds.length || wrong.length) throw new Error(`functions/province/contexts.ts: not public reads: ${operationIds.join(', ')}`);
  return picked;
}

export const provinceApiContexts: ApiContext[] = [
  { name: 'province', entry: 'functions/province/handler.ts', routes: [...provinceRoutes], access: { table: 'read' } },
  // 全省门户: server-rendered Chinese pages (no login, no script) over the same read models.
  { name: 'province-portal', entry: 'functions/province/portal/handler.ts', routes: [...provincePortalRoutes], access: { table: 'read' } },
  // The agency directory (一地入驻、全省通行): the city's handler (functions/agencies), over the agencies of PROVINCE_CODE in this table.
  { name: 'province-agencies', entry: 'functions/agencies/agencies-handler.ts', routes: publicReads(agencyRoutes, ['listAgencies', 'getAgency']), access: { table: 'read' } },
  // 信用 (一地失信、全省受限): the credit context's public reads, over the province's replica of every city's records.
  {
    name: 'province-credit', entry: 'functions/credit/handler.ts', access: { table: 'read' },
    routes: publicReads(creditRoutes, ['getAgencyCredit', 'listRestrictedAgencies', 'listBlacklistedAgencies', 'downloadRestrictedAgenciesCsv', 'downloadBlacklistedAgenciesCsv', 'getCreditRecord']),
  },
];

export const provinceWorkers: WorkerSpec[] = [
  {
    // Award, agency, credit and summary events of every city, through the province bus (PROVINCE_READ_MODEL).
    name: 'read-model', entry: 'functions/province/read-model-worker.ts', access: { table: 'write' },
    trigger: { kind: 'queue', queue: 'readModel', batchSize: 10 },
  },
];
