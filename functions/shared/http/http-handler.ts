import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { callerFrom, type Caller } from '../auth/caller.ts';
import { logger, logTenant, metrics, tracer } from '../observability.ts';
import { IdempotencyGuard, requestHash, type StoredAnswer } from './idempotency.ts';
import { DomainError, problems, toProblem, type FieldProblem } from './problems.ts';
import { routeKey, type RouteSpec } from './route-spec.ts';
import { parsePart, throwIfProblems } from './validation.ts';

/** JSON bodies are small records; documents go straight to S3 through presigned requests. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface HttpRequest<R extends RouteSpec = RouteSpec> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
  caller: Caller;
  headers: Record<string, string | undefined>;
  requestId: string;
  path: string;
  /** When API Gateway received the request (requestContext.timeEpoch, ms): the server clock a deadline is judged by. */
  receivedAt: number;
}

export interface HttpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (e.g. a PDF), sent base64-encoded as API Gateway expects. */
  binary?: { contentType: string; data: Uint8Array };
}

export type Implementations<Routes extends readonly RouteSpec[]> = {
  [K in Routes[number]['operationId']]: (req: HttpRequest<Extract<Routes[number], { operationId: K }>>) => Promise<HttpResult>;
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

function problemResponse(error: unknown, instance: string): APIGatewayProxyStructuredResultV2 {
  const known = error instanceof DomainError ? error : undefined;
  if (!known) logger.error('unhandled error', error as Error);
  const domain = known ?? problems.internal();
  // Client errors and server errors are watched apart: a rise in 5xx pages someone, 4xx is a UX signal.
  metrics.addMetric(domain.status >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
  return { ...json(domain.status, toProblem(domain, instance)), headers: { 'content-type': 'application/problem+json; charset=utf-8' } };
}

function readBody(event: APIGatewayProxyEventV2, spec: RouteSpec): { raw?: string; parsed?: unknown } {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > MAX_JSON_BODY_BYTES) throw problems.tooLarge(MAX_JSON_BODY_BYTES);
  if (!spec.body) return { raw };
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) throw problems.unsupportedMediaType();
  try {
    return { raw, parsed: JSON.parse(raw) };
  } catch {
    throw problems.malformedJson();
  }
}

/**
 * The shared HTTP stack of every API context: route by API Gateway's route key, parse and validate
 * with the route's zod schemas, resolve the caller from the verified JWT claims, honour
 * Idempotency-Key on creating POSTs, call the implementation, and map every error to problem+json.
 */
export function httpHandler<Routes extends readonly RouteSpec[]>(routes: Routes, implementations: Implementations<Routes>) {
  const byKey = new Map(routes.map((r) => [routeKey(r), r]));
  const impls = implementations as Record<string, (req: HttpRequest) => Promise<HttpResult>>;

  async function dispatch(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
    const instance = event.rawPath ?? '';
    try {
      const spec = byKey.get(event.routeKey);
      if (!spec) throw problems.notFound({ zh: '接口', en: 'Route' });
      const caller = callerFrom(event);
      const found: FieldProblem[] = [];
      const params = parsePart(spec.params, 'path', event.pathParameters ?? {}, found);
      const query = parsePart(spec.query, 'query', event.queryStringParameters ?? {}, found);
      const { raw, parsed } = readBody(event, spec);
      const body = spec.body ? parsePart(spec.body, 'body', parsed, found) : undefined;
      throwIfProblems(found);
      logTenant((params as { tenant?: string } | undefined)?.tenant, caller.tenant);
      const req: HttpRequest = {
        params, query, body, caller, path: instance,
        headers: event.headers ?? {}, requestId: event.requestContext?.requestId ?? context.awsRequestId,
        receivedAt: typeof event.requestContext?.timeEpoch === 'number' ? event.requestContext.timeEpoch : Date.now(),
      } as HttpRequest;
      const run = async (): Promise<StoredAnswer> => {
        const result = await impls[spec.operationId](req);
        return { status: result.status ?? spec.successStatus ?? 200, body: result.body, headers: result.headers };
      };
      const key = event.headers?.['idempotency-key'];
      if (spec.creates && key) {
        const scope = (params as { tenant?: string })?.tenant ?? caller.tenant ?? 'public';
        const guard = new IdempotencyGuard(scope, caller.sub, key, requestHash(event.routeKey, instance, raw));
        const earlier = await guard.begin();
        if (earlier) return json(earlier.status, earlier.body, { ...earlier.headers, 'idempotent-replayed': 'true' });
        try {
          const answer = await run();
          await guard.complete(answer);
          return json(answer.status, answer.body, answer.headers);
        } catch (error) {
          await guard.abandon();
          throw error;
        }
      }
      const result = await impls[spec.operationId](req);
      metrics.addMetric('Requests', MetricUnit.Count, 1);
      if (result.binary) {
        return {
          statusCode: result.status ?? 200,
          headers: { 'content-type': result.binary.contentType, ...result.headers },
          body: Buffer.from(result.binary.data).toString('base64'),
          isBase64Encoded: true,
        };
      }
      const status = result.status ?? spec.successStatus ?? 200;
      return status === 204 ? { statusCode: 204, headers: result.headers } : json(status, result.body, result.headers);
    } catch (error) {
      return problemResponse(error, instance);
    }
  }

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(dispatch);
}
