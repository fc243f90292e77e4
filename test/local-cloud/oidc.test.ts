// Strategy: run the local issuer behind the real local-cloud gateway (gateway.ts) on an ephemeral port, ask
// for tokens over HTTP as `npm run token` does, and verify them the way a relying party would: discovery
// document → JWKS → jose.jwtVerify with issuer and audience. A second issuer on the same state folder
// stands for a restart. The CLI (bin/token.ts) is run once against it and once against a closed port.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { CLAIM } from '../../functions/shared/auth/claims.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER_PATH } from '../../lib/local-cloud/model.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { createLocalIssuer, type LocalIssuer } from '../../lib/local-cloud/oidc.ts';

const stateDir = mkdtempSync(path.join(tmpdir(), 'ism-oidc-'));
const gateways: Gateway[] = [];

async function serveIssuer(): Promise<{ issuer: LocalIssuer; endpoint: string }> {
  const gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  await gateway.listen();
  gateways.push(gateway);
  const endpoint = `http://127.0.0.1:${gateway.port}`;
  const issuer = await createLocalIssuer({ stateDir, endpoint });
  for (const route of issuer.controlRoutes) gateway.control(route.method, route.path, route.handle);
  return { issuer, endpoint };
}

let local: { issuer: LocalIssuer; endpoint: string };
beforeAll(async () => {
  local = await serveIssuer();
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  rmSync(stateDir, { recursive: true, force: true });
});

async function requestToken(body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${local.endpoint}${LOCAL_ISSUER_PATH}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

async function verify(token: string, endpoint = local.endpoint) {
  const discovery: any = await (await fetch(`${endpoint}${LOCAL_ISSUER_PATH}/.well-known/openid-configuration`)).json();
  return jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: LOCAL_AUDIENCE });
}

test('the discovery document names the issuer, its JWKS and an RSA algorithm (what API Gateway accepts)', async () => {
  const discovery: any = await (await fetch(`${local.endpoint}${LOCAL_ISSUER_PATH}/.well-known/openid-configuration`)).json();
  expect(discovery).toMatchObject({
    issuer: `${local.endpoint}${LOCAL_ISSUER_PATH}`,
    jwks_uri: `${local.endpoint}${LOCAL_ISSUER_PATH}/jwks.json`,
    id_token_signing_alg_values_supported: ['RS256'],
  });
  const jwks: any = await (await fetch(discovery.jwks_uri)).json();
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
  expect(jwks.keys[0].d).toBeUndefined(); // never the private part
  expect(local.issuer.issuer).toBe(discovery.issuer);
  expect(local.issuer.audience).toBe(LOCAL_AUDIENCE);
});

test('POST /_local/oidc/token issues an ID token with the Cognito-style claims, verifiable with the JWKS', async () => {
  const { status, json } = await requestToken({ role: 'operator', tenant: '445200' });
  expect(status).toBe(200);
  const { payload, protectedHeader } = await verify(json.token);
  expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
  expect(payload).toMatchObject({
    iss: local.issuer.issuer,
    aud: LOCAL_AUDIENCE,
    sub: 'operator-445200',
    token_use: 'id',
    [CLAIM.role]: 'operator',
    [CLAIM.tenant]: '445200',
  });
  expect(payload.exp! - payload.iat!).toBe(12 * 3600);
  expect(payload[CLAIM.agency]).toBeUndefined();
  expect(json.claims).toEqual(payload);
});

test('agency, industry, sub and lifetime are carried as asked', async () => {
  const { status, json } = await requestToken({ role: 'agency', tenant: '445202', agency: '91445200MA51ABCD3X', sub: 'clerk-7', expiresInSeconds: 600 });
  expect(status).toBe(200);
  const { payload } = await verify(json.token);
  expect(payload).toMatchObject({ sub: 'clerk-7', [CLAIM.agency]: '91445200MA51ABCD3X', [CLAIM.tenant]: '445202' });
  expect(payload.exp! - payload.iat!).toBe(600);

  const regulator = await requestToken({ role: 'regulator', tenant: '445200', industry: ['environment', 'housing'] });
  expect(regulator.json.claims[CLAIM.industry]).toBe('environment,housing');
  const fromString = await local.issuer.issueToken({ role: 'regulator', tenant: '445200', industry: 'environment, housing' });
  expect((await verify(fromString)).payload[CLAIM.industry]).toBe('environment,housing');
});

test.each([
  [{ role: 'public' }, /role/],
  [{ role: 'superuser', tenant: '445200' }, /role/],
  [{ role: 'operator', tenant: '4452' }, /6-digit/],
  [{ role: 'province-admin', tenant: '445200' }, /province/],
  [{ role: 'province-admin' }, /province/],
  [{ role: 'agency', tenant: '445200', agency: '9144520' }, /18-character/],
  [{ role: 'agency', tenant: '445200', agency: '91445200MA51ABCDOZ' }, /18-character/],
  [{ role: 'regulator', tenant: '445200', industry: 'Environment;housing' }, /industry/],
  [{ role: 'owner', tenant: '445200', expiresInSeconds: 1.5 }, /expiresInSeconds/],
])('refuses %j with 400', async (body, message) => {
  const { status, json } = await requestToken(body);
  expect(status).toBe(400);
  expect(json.message).toMatch(message);
});

test('a province-admin token needs a province code', async () => {
  const { status, json } = await requestToken({ role: 'province-admin', tenant: '440000' });
  expect(status).toBe(200);
  expect(json.claims).toMatchObject({ sub: 'province-admin-440000', [CLAIM.tenant]: '440000' });
});

test('the key survives a restart on the same state folder: old tokens stay valid', async () => {
  const before = await local.issuer.issueToken({ role: 'owner', tenant: '445203' });
  const restarted = await serveIssuer();
  const after = await restarted.issuer.issueToken({ role: 'owner', tenant: '445203' });
  expect(decodeProtectedHeader(after).kid).toBe(decodeProtectedHeader(before).kid);
  await expect(verify(before, restarted.endpoint).catch(() => 'issuer differs')).resolves.toBe('issuer differs'); // another endpoint = another issuer
  const { payload } = await jwtVerify(before, createRemoteJWKSet(new URL(`${restarted.endpoint}${LOCAL_ISSUER_PATH}/jwks.json`)));
  expect(payload.sub).toBe('owner-445203');
});

/** A port nothing listens on: one the OS just handed out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.resolve('node_modules/.bin/tsx'), ['bin/token.ts', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

test('bin/token.ts prints only the JWT, and fails clearly when the local cloud is not running', async () => {
  const ok = await runCli(['--role', 'operator', '--tenant', '445200', '--endpoint', local.endpoint]);
  expect(ok.code).toBe(0);
  expect(ok.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect((await verify(ok.stdout.trim())).payload[CLAIM.role]).toBe('operator');

  const down = await runCli(['--role', 'operator', '--tenant', '445200'], { ISM_LOCAL_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
  expect(down.code).toBe(1);
  expect(down.stdout).toBe('');
  expect(down.stderr).toContain('not running');
  expect(down.stderr).toContain('ECONNREFUSED');

  const wrong = await runCli(['--role', 'operator', '--tenant', '44']);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain('6-digit');
}, 30_000);
