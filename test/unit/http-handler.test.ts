// Strategy: the shared HTTP stack is exercised through a throw-away route set (no AWS), with API
// Gateway payload 2.0 events built by hand: validation, problem+json shape, size and media-type
// limits, claims → caller, and that an implementation is never called with bad input.
import * as z from 'zod';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpHandler, MAX_JSON_BODY_BYTES } from '#shared/http/http-handler.ts';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { problems } from '#shared/http/problems.ts';
import { openApiDocument } from '#shared/http/openapi.ts';

const routes = [
  { operationId: 'echo', method: 'POST', path: '/v1/tenants/{tenant}/things', auth: 'jwt', tags: ['t'], summary: 's',
    params: z.object({ tenant: z.string().regex(/^\d{6}$/) }), body: z.object({ name: z.string().min(1), size: z.number().int() }).strict() },
  { operationId: 'boom', method: 'GET', path: '/v1/boom', auth: 'public', tags: ['t'], summary: 's' },
  { operationId: 'who', method: 'GET', path: '/v1/who', auth: 'public', tags: ['t'], summary: 's' },
] as const satisfies readonly RouteSpec[];

const calls: unknown[] = [];
const handler = httpHandler(routes, {
  async echo(req) {
    calls.push(req.body);
    return { status: 201, body: { tenant: req.params.tenant, ...req.body } };
  },
  async boom() {
    throw new Error('secret SDK detail');
  },
  async who(req) {
    return { body: req.caller };
  },
});

const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
function event(routeKey: string, rawPath: string, body?: string, headers: Record<string, string> = {}, claims?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey, rawPath, rawQueryString: '', headers: { 'content-type': 'application/json', ...headers }, body, isBase64Encoded: false,
    pathParameters: rawPath.startsWith('/v1/tenants/') ? { tenant: rawPath.split('/')[3] } : undefined,
    requestContext: { requestId: 'r', routeKey, authorizer: claims ? { jwt: { claims, scopes: [] } } : undefined } as never,
  } as APIGatewayProxyEventV2;
}
const invoke = async (e: APIGatewayProxyEventV2) => (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
const parse = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(String(r.body));

beforeEach(() => (calls.length = 0));

describe('shared HTTP stack', () => {
  it('passes valid input to the implementation', async () => {
    const r = await invoke(event('POST /v1/tenants/{tenant}/things', '/v1/tenants/445203/things', JSON.stringify({ name: 'a', size: 1 })));
    expect(r.statusCode).toBe(201);
    expect(parse(r)).toEqual({ tenant: '445203', name: 'a', size: 1 });
  });

  it('answers problem+json with field-level detail in both languages and never calls the implementation', async () => {
    const r = await invoke(event('POST /v1/tenants/{tenant}/things', '/v1/tenants/4452/things', JSON.stringify({ size: 'big', extra: true })));
    expect(r.statusCode).toBe(400);
    expect(r.headers?.['content-type']).toContain('application/problem+json');
    const p = parse(r);
    expect(p).toMatchObject({ status: 400, code: 'request.invalid', message: { zh: expect.any(String), en: expect.any(String) } });
    const paths = p.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['body', 'body.name', 'body.size', 'path.tenant']);
    expect(p.errors.find((e: { path: string }) => e.path === 'body.name').message.zh).toBe('必填字段缺失');
    expect(calls).toHaveLength(0);
  });

  it('refuses malformed JSON, a wrong media type and an oversized body', async () => {
    const key = 'POST /v1/tenants/{tenant}/things';
    const path = '/v1/tenants/445203/things';
    expect(parse(await invoke(event(key, path, '{"name":'))).code).toBe('request.malformed-json');
    expect((await invoke(event(key, path, 'name=a', { 'content-type': 'application/x-www-form-urlencoded' }))).statusCode).toBe(415);
    const big = JSON.stringify({ name: 'x'.repeat(MAX_JSON_BODY_BYTES), size: 1 });
    const r = await invoke(event(key, path, big));
    expect(r.statusCode).toBe(413);
    expect(parse(r).code).toBe('request.too-large');
    expect(calls).toHaveLength(0);
  });

  it('hides unexpected errors behind a stable internal problem', async () => {
    const r = await invoke(event('GET /v1/boom', '/v1/boom'));
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('secret SDK detail');
    expect(parse(r).code).toBe('internal');
  });

  it('reads the caller only from verified JWT claims', async () => {
    expect(parse(await invoke(event('GET /v1/who', '/v1/who', undefined, { authorization: 'Bearer forged' }))).role).toBe('public');
    const claims = { sub: 'op-445203', 'custom:role': 'operator', 'custom:tenant': '445203', 'custom:industry': 'housing, water' };
    expect(parse(await invoke(event('GET /v1/who', '/v1/who', undefined, {}, claims)))).toEqual({ role: 'operator', sub: 'op-445203', tenant: '445203', industries: ['housing', 'water'] });
    expect(parse(await invoke(event('GET /v1/who', '/v1/who', undefined, {}, { sub: 'x', 'custom:role': 'root' }))).role).toBe('public');
  });

  it('answers an unknown route key with 404 problem+json', async () => {
    const r = await invoke(event('GET /v1/nowhere', '/v1/nowhere'));
    expect(r.statusCode).toBe(404);
    expect(parse(r).code).toBe('resource.not-found');
  });

  it('names every problem code once', () => {
    expect(problems.tooLarge(1).code).toBe('request.too-large');
  });
});

describe('OpenAPI document', () => {
  it('is generated from the same schemas: paths, parameters, bodies, security', () => {
    const doc = openApiDocument(routes, { title: 't', version: '1', description: 'd' }) as { paths: Record<string, Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const post = doc.paths['/v1/tenants/{tenant}/things'].post;
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(post.parameters[0]).toMatchObject({ name: 'tenant', in: 'path', required: true });
    expect(post.requestBody.content['application/json'].schema.required).toEqual(['name', 'size']);
    expect(doc.paths['/v1/boom'].get.security).toEqual([]);
  });
});
