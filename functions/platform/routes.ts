import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  city: z.object({ code: z.string(), name: z.string() }),
  province: z.object({ code: z.string(), name: z.string() }),
  deploymentKind: z.enum(['sandbox', 'production']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  time: z.string(),
});

export const platformRoutes: RouteSpec[] = [
  {
    operationId: 'getHealth', method: 'GET', path: '/v1/health', auth: 'public', tags: ['platform'],
    summary: 'Liveness and readiness of this city stack (table reachable, scheduler alive)', response: HealthResponse,
  },
  {
    operationId: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', auth: 'public', tags: ['platform'],
    summary: 'This OpenAPI document, generated from the same schemas that validate requests',
  },
];
