// Strategy: start two local HTTP APIs from hand-written HttpApiSpecs with a fake `invoke` (no workers: the
// functions' behaviour is scripted per function name and every event is recorded), and call them over
// real HTTP with node:http so repeated headers and cookies reach the server as a browser sends them. JWT
// routes use the real local issuer behind the real gateway, so the authorizer discovers and caches its
// JWKS as it would in `npm start`. Assertions are on what a client and a function observe, never timing.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { CLAIM } from '../../functions/shared/auth/claims.ts';
import { LOCAL_AUDIENCE } from '../../lib/local-cloud/model.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { startHttpApis, MAX_REQUEST_BODY_BYTES, type RunningHttpApis } from '../../lib/local-cloud/http-api.ts';
import type { HttpApiEvent } from '../../lib/local-cloud/http-api-event.ts';
import { formatClaims } from '../../lib/local-cloud/http-api-jwt.ts';
import { LambdaInvokeError } from '../../lib/local-cloud/lambda.ts';
import type { HttpApiSpec, HttpRouteSpec } from '../../lib/local-cloud/model.ts';
import { createLocalIssuer, type LocalIssuer } from '../../lib/local-cloud/oidc.ts';

const stateDir = mkdtempSync(path.join(tmpdir(), 'ism-http-api-'));
let gateway: Gateway;
let issuer: LocalIssuer;
let apis: RunningHttpApis;
const events: HttpApiEvent[] = [];
const logs: string[] = [];

const behaviours: Record<string, (event: HttpApiEvent) => Promise<unknown>> = {
  echo: async (event) => event,
  mine: async () => ({ mine: true }),
  'post-file': async () => ({ posted: true }),
  structured: async () => ({ statusCode: 201, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-count': 3, 'access-control-allow-origin': 'https://evil.example' }, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], body: '已创建' }),
  binary: async () => ({ statusCode: 200, headers: { 'content-type': 'application/pdf' }, body: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]).toString('base64'), isBase64Encoded: true }),
  inferred: async () => ({ hello: '世界', n: 1 }),
  malformed: async () => ({ statusCode: 200, body: { not: 'a string' } }),
  fail: async () => { throw new LambdaInvokeError('fail', { errorType: 'Error', errorMessage: 'boom' }); },
  hang: () => new Promise(() => undefined),
  fallback: async (event) => ({ statusCode: 418, body: `default for ${event.rawPath}` }),
};

async function invoke(functionName: string, event: unknown) {
  events.push(event as HttpApiEvent);
  return behaviours[functionName](event as HttpApiEvent);
}

function route(routeKey: string, functionName = 'echo', jwt?: { audience?: string[]; issuer?: string }): HttpRouteSpec {
  return jwt
    ? { routeKey, functionName, authorizationType: 'JWT', authorizer: { issuer: jwt.issuer ?? issuer.issuer, audience: jwt.audience ?? [LOCAL_AUDIENCE] } }
    : { routeKey, functionName, authorizationType: 'NONE' };
}

beforeAll(async () => {
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  await gateway.listen();
  issuer = await createLocalIssuer({ stateDir, endpoint: `http://127.0.0.1:${gateway.port}` });
  for (const r of issuer.controlRoutes) gateway.control(r.method, r.path, r.handle);

  const city: HttpApiSpec = {
    stack: 'CityJieyang', logicalId: 'Api', apiId: 'abc123', name: 'ism-445200-api',
    cors: { AllowOrigins: ['http://localhost:5173'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['authorization', 'content-type'], MaxAge: 600 },
    routes: [
      route('GET /v1/health'),
      route('GET /v1/tenants/{t}'),
      route('GET /v1/tenants/mine', 'mine'),
      route('GET /v1/tenants/{t}/projects/{id}'),
      route('ANY /v1/files/{proxy+}'),
      route('POST /v1/files/{proxy+}', 'post-file'),
      route('POST /v1/echo'),
      route('GET /v1/structured', 'structured'),
      route('GET /v1/binary', 'binary'),
      route('GET /v1/inferred', 'inferred'),
      route('GET /v1/malformed', 'malformed'),
      route('GET /v1/fail', 'fail'),
      route('GET /v1/hang', 'hang'),
      route('GET /v1/secure', 'echo', {}),
      route('GET /v1/partners', 'echo', { audience: ['someone-else'] }),
    ],
  };
  const province: HttpApiSpec = { stack: 'ProvinceGuangdong', logicalId: 'Api', apiId: 'prov01', name: 'ism-440000-api', routes: [route('GET /v1/stats'), route('$default', 'fallback')] };

  // Two consecutive free ports; retried if another process happens to hold one.
  for (let attempt = 0; ; attempt++) {
    try {
      apis = await startHttpApis({ apis: [city, province], basePort: 20_000 + Math.floor(Math.random() * 20_000), invoke, log: (m) => logs.push(m), accessLog: true, host: '127.0.0.1', integrationTimeoutMs: 500 });
      break;
    } catch (err) {
      if (attempt > 5) throw err;
    }
  }
});

afterAll(async () => {
  await apis?.stop();
  await gateway.close();
  rmSync(stateDir, { recursive: true, force: true });
});

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: Buffer; json(): any }

/** Raw headers as [name, value, name, value...] so that repeated headers stay repeated (Node adds no Host then). */
function call(port: number, method: string, pathAndQuery: string, headers: string[] = [], body?: Buffer | string): Promise<Reply> {
  const raw = ['Host', `127.0.0.1:${port}`, ...headers, ...(body === undefined ? [] : ['Content-Length', String(Buffer.byteLength(body))])];
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathAndQuery, headers: raw }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: data, json: () => JSON.parse(data.toString('utf8')) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const cityPort = () => apis.listing[0].port;
const get = (pathAndQuery: string, headers: string[] = []) => call(cityPort(), 'GET', pathAndQuery, headers);

test('each API gets its own port from the base port up, in the order given', () => {
  const [city, province] = apis.listing;
  expect(city).toMatchObject({ stack: 'CityJieyang', apiId: 'abc123', name: 'ism-445200-api', url: `http://localhost:${city.port}`, routes: 15 });
  expect(province).toMatchObject({ stack: 'ProvinceGuangdong', apiId: 'prov01', port: city.port + 1, routes: 2 });
});

describe('route selection', () => {
  test('path parameters are decoded', async () => {
    const event = (await get('/v1/tenants/445200/projects/p%201')).json();
    expect(event.routeKey).toBe('GET /v1/tenants/{t}/projects/{id}');
    expect(event.pathParameters).toEqual({ t: '445200', id: 'p 1' });
  });

  test('a literal segment beats a parameter', async () => {
    expect((await get('/v1/tenants/mine')).json()).toEqual({ mine: true });
    expect((await get('/v1/tenants/445202')).json().pathParameters).toEqual({ t: '445202' });
  });

  test('{proxy+} is greedy, needs one segment, and a route with the method beats ANY', async () => {
    const event = (await call(cityPort(), 'DELETE', '/v1/files/a/b/c.pdf')).json();
    expect(event.routeKey).toBe('ANY /v1/files/{proxy+}');
    expect(event.pathParameters).toEqual({ proxy: 'a/b/c.pdf' });
    expect((await call(cityPort(), 'POST', '/v1/files/a/b')).json()).toEqual({ posted: true });
    expect((await get('/v1/files')).status).toBe(404);
  });

  test('no match is 404 {"message":"Not Found"}; a wrong method is no match; $default catches the rest', async () => {
    const missing = await get('/v1/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ message: 'Not Found' });
    expect(missing.headers['apigw-requestid']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect((await call(cityPort(), 'DELETE', '/v1/health')).status).toBe(404);

    const provincePort = apis.listing[1].port;
    expect((await call(provincePort, 'GET', '/v1/stats')).json().routeKey).toBe('GET /v1/stats');
    const fallback = await call(provincePort, 'PUT', '/anything/else');
    expect(fallback.status).toBe(418);
    expect(fallback.body.toString()).toBe('default for /anything/else');
    expect(events.at(-1)!.routeKey).toBe('$default');
  });
});

describe('payload format 2.0 event', () => {
  test('request line, headers, cookies, query string and request context', async () => {
    const reply = await get('/v1/tenants/445200?status=open&status=draft&q=%E6%8F%AD%E9%98%B3', [
      'X-Dup', '1', 'X-Dup', '2', 'Cookie', 'session=abc; lang=zh', 'User-Agent', 'jest-test',
    ]);
    const event = reply.json();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/tenants/{t}',
      rawPath: '/v1/tenants/445200',
      rawQueryString: 'status=open&status=draft&q=%E6%8F%AD%E9%98%B3',
      cookies: ['session=abc', 'lang=zh'],
      queryStringParameters: { status: 'open,draft', q: '揭阳' },
      pathParameters: { t: '445200' },
      isBase64Encoded: false,
    });
    expect(event.headers['x-dup']).toBe('1,2');
    expect(event.headers['user-agent']).toBe('jest-test');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.body).toBeUndefined();
    expect(event.stageVariables).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: 'abc123',
      domainName: `127.0.0.1:${cityPort()}`,
      http: { method: 'GET', path: '/v1/tenants/445200', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest-test' },
      requestId: reply.headers['apigw-requestid'],
      routeKey: 'GET /v1/tenants/{t}',
      stage: '$default',
      time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      timeEpoch: expect.any(Number),
    });
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  test('optional fields are absent when the request has none', async () => {
    const event = (await get('/v1/health')).json();
    expect(event.rawQueryString).toBe('');
    for (const field of ['cookies', 'queryStringParameters', 'pathParameters', 'body']) expect(event).not.toHaveProperty(field);
  });

  test('text bodies arrive as text, other bodies base64-encoded', async () => {
    const json = (await call(cityPort(), 'POST', '/v1/echo', ['Content-Type', 'application/json'], '{"名称":"环评"}')).json();
    expect(json).toMatchObject({ body: '{"名称":"环评"}', isBase64Encoded: false });
    const form = (await call(cityPort(), 'POST', '/v1/echo', ['Content-Type', 'application/x-www-form-urlencoded'], 'a=1&b=2')).json();
    expect(form).toMatchObject({ body: 'a=1&b=2', isBase64Encoded: false });
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const binary = (await call(cityPort(), 'POST', '/v1/echo', ['Content-Type', 'application/octet-stream'], bytes)).json();
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body, 'base64').equals(bytes)).toBe(true);
  });
});

describe('response mapping', () => {
  test('an object without statusCode is the "inferred" format: 200 JSON', async () => {
    const reply = await get('/v1/inferred');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json()).toEqual({ hello: '世界', n: 1 });
  });

  test('statusCode, headers and cookies of a structured response', async () => {
    const reply = await get('/v1/structured');
    expect(reply.status).toBe(201);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.headers['x-count']).toBe('3');
    expect(reply.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(reply.body.toString('utf8')).toBe('已创建');
    expect(reply.headers['apigw-requestid']).toBeDefined();
  });

  test('isBase64Encoded bodies are decoded to bytes', async () => {
    const reply = await get('/v1/binary');
    expect(reply.headers['content-type']).toBe('application/pdf');
    expect([...reply.body]).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
  });

  test('a function error or a malformed response is 500 {"message":"Internal Server Error"}', async () => {
    for (const p of ['/v1/fail', '/v1/malformed']) {
      const reply = await get(p);
      expect(reply.status).toBe(500);
      expect(reply.json()).toEqual({ message: 'Internal Server Error' });
    }
    expect(logs.some((l) => l.includes('boom'))).toBe(true);
  });

  test('an integration slower than the integration timeout is 503', async () => {
    const reply = await get('/v1/hang');
    expect(reply.status).toBe(503);
    expect(reply.json()).toEqual({ message: 'Service Unavailable' });
  });

  test('a body over 10 MB is 413 and never reaches the function', async () => {
    const before = events.length;
    const reply = await call(cityPort(), 'POST', '/v1/echo', ['Content-Type', 'application/octet-stream'], Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1));
    expect(reply.status).toBe(413);
    expect(reply.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(events.length).toBe(before);
  });
});

describe('CORS', () => {
  test('API Gateway answers the preflight itself', async () => {
    const before = events.length;
    const reply = await call(cityPort(), 'OPTIONS', '/v1/tenants/445200', ['Origin', 'http://localhost:5173', 'Access-Control-Request-Method', 'GET']);
    expect(reply.status).toBe(204);
    expect(reply.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '600',
    });
    expect(events.length).toBe(before);
  });

  test('responses carry the configured CORS headers, not the function\'s', async () => {
    const reply = await get('/v1/structured', ['Origin', 'http://localhost:5173']);
    expect(reply.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const stranger = await get('/v1/structured', ['Origin', 'https://other.example']);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('JWT authorizer', () => {
  const bearer = (token: string) => ['Authorization', `Bearer ${token}`];

  test('a valid token reaches the function with its claims formatted as API Gateway does', async () => {
    const token = await issuer.issueToken({ role: 'agency', tenant: '445202', agency: '91445200MA51ABCD3X' });
    const event = (await get('/v1/secure', bearer(token))).json();
    const { claims, scopes } = event.requestContext.authorizer.jwt;
    expect(claims).toMatchObject({
      iss: issuer.issuer,
      aud: LOCAL_AUDIENCE,
      sub: 'agency-445202',
      token_use: 'id',
      [CLAIM.role]: 'agency',
      [CLAIM.tenant]: '445202',
      [CLAIM.agency]: '91445200MA51ABCD3X',
    });
    expect(claims.exp).toMatch(/^\d{10}$/);
    expect(scopes).toBeNull();
  });

  test('the token is accepted without the "Bearer " prefix too', async () => {
    const token = await issuer.issueToken({ role: 'owner', tenant: '445200' });
    expect((await get('/v1/secure', ['Authorization', token])).status).toBe(200);
  });

  async function refused(headers: string[], description?: RegExp) {
    const before = events.length;
    const reply = await get('/v1/secure', headers);
    expect(reply.status).toBe(401);
    expect(reply.json()).toEqual({ message: 'Unauthorized' });
    expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
    if (description) expect(reply.headers['www-authenticate']).toMatch(description);
    expect(events.length).toBe(before);
  }

  test('no token → 401', () => refused([]));
  test('garbage → 401', () => refused(bearer('not.a.jwt'), /invalid_token/));
  test('expired → 401', async () => refused(bearer(await issuer.issueToken({ role: 'owner', tenant: '445200', expiresInSeconds: -60 })), /expired/));

  test('wrong audience → 401', async () => {
    const token = await issuer.issueToken({ role: 'owner', tenant: '445200' });
    const reply = await get('/v1/partners', bearer(token));
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toContain('the token does not have a valid audience');
  });

  test('wrong issuer (same key, another iss) → 401', async () => {
    const impostor = await createLocalIssuer({ stateDir, endpoint: 'https://idp.example.com' });
    await refused(bearer(await impostor.issueToken({ role: 'operator', tenant: '445200' })), /valid issuer/);
  });

  test('a key the issuer does not publish, or a non-RSA algorithm → 401', async () => {
    const rsa = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ [CLAIM.role]: 'operator' }).setProtectedHeader({ alg: 'RS256', kid: 'foreign' })
      .setIssuer(issuer.issuer).setAudience(LOCAL_AUDIENCE).setIssuedAt().setExpirationTime('1h').sign(rsa.privateKey);
    await refused(bearer(foreign));
    const ec = await generateKeyPair('ES256');
    const ecToken = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'ec' })
      .setIssuer(issuer.issuer).setAudience(LOCAL_AUDIENCE).setIssuedAt().setExpirationTime('1h').sign(ec.privateKey);
    await refused(bearer(ecToken), /algorithm/);
  });

  test('claims are strings as API Gateway prints them', () => {
    expect(formatClaims({ aud: ['a', 'b'], exp: 1767225600, ratio: 1.5, ok: true, nested: { b: 1, a: 'x' } })).toEqual({
      aud: '[a b]', exp: '1767225600', ratio: '1.5', ok: 'true', nested: 'map[a:x b:1]',
    });
  });
});

test('many concurrent requests over keep-alive connections are all answered', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => new Promise<number>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: cityPort(), path: `/v1/tenants/${445200 + (i % 3)}`, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    }).on('error', reject);
  })));
  agent.destroy();
  expect(new Set(statuses)).toEqual(new Set([200]));
});

test('one access-log line per request', () => {
  expect(logs.some((l) => /^ism-445200-api GET \/v1\/health 200 [\d.]+ms GET \/v1\/health [A-Za-z0-9+/=]{16}$/.test(l))).toBe(true);
});
