/**
 * Local API Gateway HTTP APIs: each synthesized API listens on its own port (from `basePort` up, in the
 * order given, so ports are stable) and does what API Gateway does in front of a Lambda integration —
 * route selection, the JWT authorizer, CORS preflight, payload format 2.0 both ways, and the gateway's
 * own limits (10 MB request bodies, a 30 s integration timeout).
 */
import http from 'node:http';
import { parseCors, isPreflight, preflightHeaders, responseCorsHeaders, type CorsConfig } from './http-api-cors.ts';
import { buildEvent, mapResponse, newRequestId, type HttpApiResponse } from './http-api-event.ts';
import { createJwtAuthorizer, type JwtAuthorizer, type JwtContext } from './http-api-jwt.ts';
import { compileRoutes, type RouteMatcher } from './http-api-routes.ts';
import type { HttpApiSpec } from './model.ts';

export interface HttpApisOptions {
  apis: HttpApiSpec[];
  basePort: number;
  invoke(functionName: string, event: unknown): Promise<unknown>;
  log?(message: string): void;
  /** One line per request to `log`. */
  accessLog?: boolean;
  /** Interface to listen on; default all IPv4 interfaces, like the gateway on 4566. */
  host?: string;
  /** API Gateway's integration timeout (30 s); lower only in tests. */
  integrationTimeoutMs?: number;
}

export interface HttpApiListing {
  stack: string;
  apiId: string;
  name: string;
  url: string;
  port: number;
  routes: number;
}

export interface RunningHttpApis {
  listing: HttpApiListing[];
  stop(): Promise<void>;
}

// API Gateway quotas: "Payload size: 10 MB" and "Maximum integration timeout: 30 seconds".
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 30_000;

interface LocalApi {
  spec: HttpApiSpec;
  match: RouteMatcher;
  cors?: CorsConfig;
}

export async function startHttpApis(opts: HttpApisOptions): Promise<RunningHttpApis> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const authorizer = createJwtAuthorizer({ log });
  const servers: http.Server[] = [];
  const listing: HttpApiListing[] = [];
  try {
    for (const [index, spec] of opts.apis.entries()) {
      const api: LocalApi = { spec, match: compileRoutes(spec.routes), cors: parseCors(spec.cors) };
      const port = opts.basePort + index;
      const server = http.createServer((req, res) => void serve(api, req, res, opts, authorizer, log));
      // Benchmarks hold many keep-alive connections; API Gateway keeps idle ones for minutes too.
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      await listen(server, port, opts.host ?? '0.0.0.0');
      servers.push(server);
      listing.push({ stack: spec.stack, apiId: spec.apiId, name: spec.name, url: `http://localhost:${port}`, port, routes: spec.routes.length });
    }
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
  return { listing, stop: () => closeAll(servers) };
}

async function serve(api: LocalApi, req: http.IncomingMessage, res: http.ServerResponse, opts: HttpApisOptions, authorizer: JwtAuthorizer, log: (m: string) => void) {
  const receivedAt = Date.now();
  const started = performance.now();
  const requestId = newRequestId();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQueryString = q < 0 ? '' : url.slice(q + 1);
  let routeKey = '-';
  let status = 500;
  let preflight = false;
  try {
    const response = await answer();
    status = response.statusCode;
    send(res, requestId, response, api.cors && !preflight ? responseCorsHeaders(api.cors, req.headers.origin) : undefined);
  } catch (err) {
    log(`http-api ${api.spec.name}: ${method} ${rawPath}: ${(err as Error).message}`);
    status = 500;
    if (!res.headersSent) send(res, requestId, message(500, 'Internal Server Error'));
    else res.destroy();
  }
  if (opts.accessLog) log(`${api.spec.name} ${method} ${url} ${status} ${(performance.now() - started).toFixed(1)}ms ${routeKey} ${requestId}`);

  async function answer(): Promise<HttpApiResponse> {
    const body = await readBody(req, MAX_REQUEST_BODY_BYTES);
    if (!body) {
      res.setHeader('connection', 'close');
      return message(413, 'Request Entity Too Large');
    }
    if (api.cors && isPreflight(method, req.headers)) {
      routeKey = 'CORS preflight';
      preflight = true;
      return { statusCode: 204, headers: preflightHeaders(api.cors, req.headers), cookies: [], body: Buffer.alloc(0) };
    }
    const match = api.match(method, rawPath);
    if (!match) return message(404, 'Not Found');
    routeKey = match.route.routeKey;

    let jwt: JwtContext | undefined;
    if (match.route.authorizationType === 'JWT') {
      if (!match.route.authorizer) throw new Error(`route ${routeKey} uses JWT authorization but names no authorizer`);
      const result = await authorizer.authorize(match.route.authorizer, req.headers.authorization);
      if (!result.ok) {
        const refused = message(401, 'Unauthorized');
        refused.headers['www-authenticate'] = result.wwwAuthenticate;
        return refused;
      }
      jwt = result.jwt;
    }

    const event = buildEvent({ req, apiId: api.spec.apiId, routeKey, rawPath, rawQueryString, body, requestId, receivedAt, pathParameters: match.pathParameters, jwt });
    const outcome = await withTimeout(opts.invoke(match.route.functionName, event), opts.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS);
    if (outcome.timedOut) {
      log(`http-api ${api.spec.name}: ${routeKey} → ${match.route.functionName} took longer than the integration timeout`);
      return message(503, 'Service Unavailable');
    }
    if (!outcome.ok) {
      const e = outcome.error as { errorType?: string; message?: string };
      log(`http-api ${api.spec.name}: ${routeKey} → ${match.route.functionName} failed: ${e.errorType ?? 'Error'}: ${e.message}`);
      // Lambda refuses an event over its 6 MB invoke limit; the caller sees the size problem, not a crash.
      if (e.errorType === 'RequestEntityTooLargeException') return message(413, 'Request Entity Too Large');
      return message(500, 'Internal Server Error');
    }
    return mapResponse(outcome.value);
  }
}

function message(statusCode: number, text: string): HttpApiResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(JSON.stringify({ message: text })) };
}

/** `cors`: the API's CORS headers for this request when the API has a CORS configuration. */
function send(res: http.ServerResponse, requestId: string, response: HttpApiResponse, cors?: Record<string, string>) {
  const headers: http.OutgoingHttpHeaders = { ...response.headers };
  if (cors) {
    // With CORS configured, API Gateway's CORS headers replace whatever the integration set.
    for (const name of Object.keys(headers)) if (name.startsWith('access-control-')) delete headers[name];
    Object.assign(headers, cors);
  }
  headers['apigw-requestid'] = requestId;
  headers['content-length'] = response.body.length;
  if (response.cookies.length) headers['set-cookie'] = response.cookies;
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
}

type Outcome = { timedOut: true } | { timedOut: false; ok: true; value: unknown } | { timedOut: false; ok: false; error: unknown };

function withTimeout(promise: Promise<unknown>, ms: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve({ timedOut: false, ok: true, value }); },
      (error) => { clearTimeout(timer); resolve({ timedOut: false, ok: false, error }); },
    );
  });
}

/** The whole body, or undefined when it is over the limit (read to the end so the client gets the 413). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: the local HTTP APIs need ports from the base port up (another local cloud running?)`) : err);
    server.once('error', onError);
    // A deep accept backlog: benchmarks open 1,000 connections at once.
    server.listen({ port, host, backlog: 2048 }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeAll(servers: http.Server[]): Promise<void> {
  return Promise.all(
    servers.map((server) => new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    })),
  ).then(() => undefined);
}
