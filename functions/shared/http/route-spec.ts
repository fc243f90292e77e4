import type { z } from 'zod';

/**
 * One HTTP route, as data. The same objects drive three things, so they can never disagree:
 * the CDK app creates an API Gateway route per spec (lib/constructs/http-api.ts), the context's
 * handler validates requests with the schemas, and /v1/openapi.json is generated from them.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  /** Stable name used by the handler's implementation table and in OpenAPI. */
  operationId: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders, e.g. `/v1/tenants/{tenant}/service-items`. */
  path: string;
  /** `public`: no authorizer (anyone, 公众); `jwt`: the JWT authorizer must accept the bearer token. */
  auth: 'public' | 'jwt';
  summary: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** HTTP status of a success; 200 unless said. */
  successStatus?: number;
  /** Creates something: the `Idempotency-Key` header is honoured (same key + same body → same answer). */
  creates?: boolean;
  /** Content type of a success when it is not JSON (e.g. the PDF of a certificate). */
  produces?: string;
}

export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;
