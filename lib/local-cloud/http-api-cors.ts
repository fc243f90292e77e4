/**
 * CORS of an HTTP API configured with a CorsConfiguration (CDK `corsPreflight`): API Gateway answers
 * preflight OPTIONS requests itself, without calling any route, and on other responses it sets the
 * configured CORS headers, ignoring any the integration returned.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

/** Reads a CloudFormation `CorsConfiguration` (PascalCase) or its camelCase twin. */
export function parseCors(spec: Record<string, unknown> | undefined): CorsConfig | undefined {
  if (!spec) return undefined;
  const get = (name: string) => spec[name] ?? spec[name[0].toLowerCase() + name.slice(1)];
  const list = (name: string) => {
    const value = get(name);
    return Array.isArray(value) ? value.map(String) : [];
  };
  const maxAge = get('MaxAge');
  return {
    allowOrigins: list('AllowOrigins'),
    allowMethods: list('AllowMethods').map((m) => m.toUpperCase()),
    allowHeaders: list('AllowHeaders').map((h) => h.toLowerCase()),
    exposeHeaders: list('ExposeHeaders'),
    ...(maxAge !== undefined && maxAge !== null && { maxAge: Number(maxAge) }),
    allowCredentials: get('AllowCredentials') === true || get('AllowCredentials') === 'true',
  };
}

export function isPreflight(method: string, headers: IncomingHttpHeaders): boolean {
  return method === 'OPTIONS' && typeof headers.origin === 'string' && typeof headers['access-control-request-method'] === 'string';
}

function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes(origin)) return origin;
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return undefined;
}

/** Headers of the 204 answer to a preflight; none when the origin or method is not allowed. */
export function preflightHeaders(cors: CorsConfig, headers: IncomingHttpHeaders): Record<string, string> {
  const origin = allowedOrigin(cors, headers.origin);
  const method = String(headers['access-control-request-method'] ?? '').toUpperCase();
  if (!origin || !(cors.allowMethods.includes('*') || cors.allowMethods.includes(method))) return {};
  const requested = String(headers['access-control-request-headers'] ?? '');
  const out: Record<string, string> = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': cors.allowMethods.includes('*') ? method : cors.allowMethods.join(','),
  };
  const allowHeaders = cors.allowHeaders.includes('*') ? requested : cors.allowHeaders.join(',');
  if (allowHeaders) out['access-control-allow-headers'] = allowHeaders;
  if (cors.maxAge !== undefined) out['access-control-max-age'] = String(cors.maxAge);
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  return out;
}

/** CORS headers added to an actual (non-preflight) response. */
export function responseCorsHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': allowed };
  if (cors.exposeHeaders.length) out['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  return out;
}
