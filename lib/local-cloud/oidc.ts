/**
 * The local OIDC issuer: what Cognito (or the province's 统一身份认证 platform) is in the cloud. It signs ID
 * tokens carrying the same claims (`custom:role`, `custom:tenant`, ...) and publishes the discovery
 * document and JWKS the local JWT authorizer fetches, exactly as API Gateway fetches Cognito's.
 *
 * RS256 because API Gateway's JWT authorizer accepts RSA-based algorithms only: an ES256 token that
 * passed locally would be refused on AWS. The key pair is made once and kept in the state folder, so
 * tokens stay valid across restarts until `--reset`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { CLAIM, ROLES, type Role } from '../../functions/shared/auth/claims.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER_PATH } from './model.ts';

export interface TokenRequest {
  role: Role;
  /** GB/T 2260 code of the caller's tenant (county, city or province). */
  tenant?: string;
  /** 统一社会信用代码 (18 characters) of the agency an agency clerk works for. */
  agency?: string;
  /** Industries a regulator supervises: `environment,housing` or an array. */
  industry?: string | string[];
  sub?: string;
  /** Default 12 h. Negative values mint an already expired token (for tests of the authorizer). */
  expiresInSeconds?: number;
}

export interface ControlRoute {
  method: string;
  /** Full path under the local cloud's endpoint, e.g. `/_local/oidc/jwks.json`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL): Promise<void>;
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  issueToken(request: TokenRequest): Promise<string>;
  controlRoutes: ControlRoute[];
}

/** A token request the issuer refuses (HTTP 400 on the control route). */
export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
}

const ALG = 'RS256';
const KEY_FILE = 'oidc-key.json';
const DEFAULT_TTL_SECONDS = 12 * 3600;
const MAX_TTL_SECONDS = 30 * 24 * 3600;
// 统一社会信用代码: 18 characters of the GB 32100 alphabet (digits and capitals without I, O, Z, S, V).
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
// Province-level codes (GB/T 2260) start with 11–82 and end with 0000, e.g. 440000 广东省.
const PROVINCE = /^[1-8]\d0000$/;

interface StoredKey {
  alg: typeof ALG;
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: string;
}

export async function createLocalIssuer(opts: { stateDir: string; endpoint: string }): Promise<LocalIssuer> {
  const issuer = `${opts.endpoint.replace(/\/+$/, '')}${LOCAL_ISSUER_PATH}`;
  const key = await loadOrCreateKey(opts.stateDir);
  const signingKey = (await importJWK(key.privateJwk, ALG)) as CryptoKey;
  const jwks = { keys: [{ ...key.publicJwk, kid: key.kid, alg: ALG, use: 'sig' }] };

  async function sign(request: TokenRequest): Promise<{ token: string; claims: JWTPayload }> {
    const valid = validateTokenRequest(request);
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: issuer,
      aud: LOCAL_AUDIENCE,
      sub: valid.sub,
      iat: now,
      auth_time: now,
      exp: now + valid.expiresInSeconds,
      jti: randomUUID(),
      // Cognito marks ID tokens this way; the local authorizer, like API Gateway's, does not look at it.
      token_use: 'id',
      [CLAIM.role]: valid.role,
      ...(valid.tenant && { [CLAIM.tenant]: valid.tenant }),
      ...(valid.agency && { [CLAIM.agency]: valid.agency }),
      ...(valid.industry && { [CLAIM.industry]: valid.industry }),
    };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' }).sign(signingKey);
    return { token, claims };
  }

  const discovery = {
    issuer,
    jwks_uri: `${issuer}/jwks.json`,
    token_endpoint: `${issuer}/token`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ALG],
    scopes_supported: ['openid'],
    claims_supported: ['iss', 'aud', 'sub', 'iat', 'exp', 'auth_time', 'token_use', ...Object.values(CLAIM).filter((c) => c !== 'sub')],
  };

  const controlRoutes: ControlRoute[] = [
    { method: 'GET', path: `${LOCAL_ISSUER_PATH}/.well-known/openid-configuration`, handle: async (_req, res) => sendJson(res, 200, discovery) },
    { method: 'GET', path: `${LOCAL_ISSUER_PATH}/jwks.json`, handle: async (_req, res) => sendJson(res, 200, jwks) },
    {
      method: 'POST',
      path: `${LOCAL_ISSUER_PATH}/token`,
      handle: async (_req, res, body) => {
        let request: unknown;
        try {
          request = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          return sendJson(res, 400, { message: 'the body must be JSON: {role, tenant, agency, industry, sub, expiresInSeconds}' });
        }
        try {
          sendJson(res, 200, await sign(request as TokenRequest));
        } catch (err) {
          if (err instanceof TokenRequestError) return sendJson(res, 400, { message: err.message });
          throw err;
        }
      },
    },
    // Lets a browser page of the local portal ask for a token (preflight of the JSON POST).
    { method: 'OPTIONS', path: `${LOCAL_ISSUER_PATH}/token`, handle: async (_req, res) => sendJson(res, 204, undefined) },
  ];

  return { issuer, audience: LOCAL_AUDIENCE, issueToken: async (request) => (await sign(request)).token, controlRoutes };
}

/** The claims a local token may carry, checked as strictly as the tenancy rules of DESIGN section 2. */
export function validateTokenRequest(input: unknown): Required<Pick<TokenRequest, 'role' | 'sub' | 'expiresInSeconds'>> & { tenant?: string; agency?: string; industry?: string } {
  if (typeof input !== 'object' || input === null) throw new TokenRequestError('the token request must be an object');
  const r = input as Record<string, unknown>;
  const roles = ROLES.filter((role) => role !== 'public');
  if (!roles.includes(r.role as (typeof roles)[number])) throw new TokenRequestError(`role must be one of ${roles.join(', ')} ('public' needs no token)`);
  const role = r.role as Role;
  const tenant = optionalString(r.tenant, 'tenant');
  if (tenant !== undefined && !/^\d{6}$/.test(tenant)) throw new TokenRequestError(`tenant must be a 6-digit administrative division code (GB/T 2260), got '${tenant}'`);
  if (role === 'province-admin' && (tenant === undefined || !PROVINCE.test(tenant))) {
    throw new TokenRequestError(`a province-admin needs a province tenant code such as 440000, got '${tenant ?? ''}'`);
  }
  const agency = optionalString(r.agency, 'agency');
  if (agency !== undefined && !USCC.test(agency)) throw new TokenRequestError(`agency must be an 18-character 统一社会信用代码 (digits and capitals), got '${agency}'`);
  const industries = Array.isArray(r.industry) ? r.industry : optionalString(r.industry, 'industry')?.split(',');
  if (industries?.some((i) => typeof i !== 'string' || !/^[a-z][a-z0-9-]*$/.test(i.trim()))) {
    throw new TokenRequestError('industry must be a comma-separated list of lower-case industry names, e.g. environment,housing');
  }
  const sub = optionalString(r.sub, 'sub') ?? (tenant ? `${role}-${tenant}` : role);
  if (!sub || sub.length > 128) throw new TokenRequestError('sub must be 1 to 128 characters');
  const expiresInSeconds = r.expiresInSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds === 0 || Math.abs(expiresInSeconds as number) > MAX_TTL_SECONDS) {
    throw new TokenRequestError(`expiresInSeconds must be a non-zero integer of at most ${MAX_TTL_SECONDS}`);
  }
  return {
    role,
    sub,
    expiresInSeconds: expiresInSeconds as number,
    ...(tenant !== undefined && { tenant }),
    ...(agency !== undefined && { agency }),
    ...(industries?.length && { industry: (industries as string[]).map((i) => i.trim()).join(',') }),
  };
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new TokenRequestError(`${name} must be a string`);
  return value.trim();
}

async function loadOrCreateKey(stateDir: string): Promise<StoredKey> {
  const file = path.join(stateDir, KEY_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    if (stored.alg === ALG && stored.kid && stored.privateJwk && stored.publicJwk) return stored;
  }
  const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const stored: StoredKey = {
    alg: ALG,
    kid: await calculateJwkThumbprint(publicJwk),
    privateJwk: await exportJWK(privateKey),
    publicJwk,
    createdAt: new Date().toISOString(),
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return stored;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    // The JWKS may be cached like Cognito's; tokens and keys of a reset state dir change.
    'cache-control': 'no-store',
  });
  res.end(text);
}
