import type { ApiContext, WorkerSpec } from '../contexts.ts';
import { agencyRoutes } from '../agencies/routes.ts';
import { provinceRoutes } from './routes.ts';

/**
 * The province's functions, as data (the province's counterpart of functions/contexts.ts): lib/stacks/province-stack.ts
 * builds one Lambda per API context with the routes listed here and one per worker, on the province's read-model
 * table. Every route is public and read-only: the province publishes what its cities did (在阳光下运行); every write
 * happens in a city and reaches the province as an event.
 */

/** The city API's public directory reads, answered here from the province's replica instead of a city's. */
const DIRECTORY = new Set(['listAgencies', 'getAgency']);

export const provinceApiContexts: ApiContext[] = [
  { name: 'province', entry: 'functions/province/handler.ts', routes: [...provinceRoutes], access: { table: 'read' } },
  // The same handler as the city's directory (functions/agencies): it reads the agencies of PROVINCE_CODE in its table.
  { name: 'province-agencies', entry: 'functions/agencies/agencies-handler.ts', routes: agencyRoutes.filter((r) => DIRECTORY.has(r.operationId)), access: { table: 'read' } },
];

export const provinceWorkers: WorkerSpec[] = [
  {
    // Award, agency and credit events of every city, through the province bus (PROVINCE_READ_MODEL).
    name: 'read-model', entry: 'functions/province/read-model-worker.ts', access: { table: 'write' },
    trigger: { kind: 'queue', queue: 'readModel', batchSize: 10 },
  },
];
