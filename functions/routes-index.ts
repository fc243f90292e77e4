import type { RouteSpec } from '#shared/http/route-spec.ts';
import { apiContexts } from './contexts.ts';

/** Every route of the city API, for the OpenAPI document. */
export const allRoutes = (): RouteSpec[] => apiContexts.flatMap((c) => c.routes);
