import * as z from 'zod';
import type { RouteSpec } from './route-spec.ts';

/**
 * The OpenAPI 3.1 document, generated from the same route specs and zod schemas that validate
 * requests (zod 4's own JSON Schema output, whose dialect OpenAPI 3.1 uses), so docs cannot drift.
 */
const PROBLEM = {
  type: 'object',
  description: 'application/problem+json (RFC 9457) with a stable code and Chinese and English messages',
  required: ['type', 'title', 'status', 'code', 'message'],
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' },
    message: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'object' } } } },
  },
};

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  void $schema;
  return rest;
};

function parameters(spec: RouteSpec) {
  const out: unknown[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: s });
    }
  }
  if (spec.creates) out.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Same key + same body → the same answer, once; same key + another body → 422' });
  return out;
}

export function openApiDocument(routes: readonly RouteSpec[], info: { title: string; version: string; description: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const status = String(spec.successStatus ?? 200);
    const errorResponses = Object.fromEntries(['400', '401', '403', '404', '409', '413', '422'].map((c) => [c, { $ref: '#/components/responses/Problem' }]));
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.auth === 'jwt' ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: parameters(spec),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } } : {}),
      responses: {
        [status]: {
          description: 'Success',
          ...(spec.response ? { content: { [spec.produces ?? 'application/json']: { schema: schemaOf(spec.response, 'output') } } } : {}),
        },
        ...errorResponses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'ID token of the city\'s identity provider (Cognito or the province\'s unified identity platform; locally `npm run -s token`)' } },
      responses: { Problem: { description: 'Error', content: { 'application/problem+json': { schema: PROBLEM } } } },
    },
  };
}
