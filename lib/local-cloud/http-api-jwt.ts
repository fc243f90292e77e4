/**
 * The JWT authorizer of an HTTP API, as API Gateway documents it: the token comes from the Authorization
 * header with or without `Bearer `; its key is found by `kid` in the JWKS that the issuer's discovery
 * document names (fetched once per issuer and cached, never per request); only RSA algorithms are
 * accepted; `iss` must equal the issuer, `aud` (or `client_id` when there is no `aud`) must be one of the
 * audiences, `exp` must be in the future, `nbf` and `iat` in the past. A refusal is 401 with a
 * `www-authenticate` header saying why, as API Gateway answers.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface JwtAuthorizerConfig {
  issuer: string;
  audience: string[];
}

/** `requestContext.authorizer.jwt` of the payload 2.0 event. */
export interface JwtContext {
  claims: Record<string, string>;
  scopes: string[] | null;
}

export type AuthorizationResult = { ok: true; jwt: JwtContext } | { ok: false; wwwAuthenticate: string; reason: string };

// "Currently, only RSA-based algorithms are supported" (API Gateway developer guide, JWT authorizers).
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export interface JwtAuthorizer {
  authorize(config: JwtAuthorizerConfig, authorization: string | undefined): Promise<AuthorizationResult>;
}

// Verified tokens kept so that a client repeating its token skips the RSA check; time claims and the
// audience are still checked on every request, so the answer is the same as verifying again.
const VERIFIED_CACHE_SIZE = 5_000;

export function createJwtAuthorizer(opts: { log?(m: string): void } = {}): JwtAuthorizer {
  const keySets = new Map<string, Promise<JWTVerifyGetKey>>();
  const verified = new Map<string, JWTPayload>();

  /** The issuer's JWKS, discovered once; a failed discovery is retried by the next request. */
  function keysOf(issuer: string): Promise<JWTVerifyGetKey> {
    let keys = keySets.get(issuer);
    if (!keys) {
      keys = discover(issuer);
      keySets.set(issuer, keys);
      keys.catch(() => keySets.delete(issuer));
    }
    return keys;
  }

  async function authorize(config: JwtAuthorizerConfig, authorization: string | undefined): Promise<AuthorizationResult> {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, wwwAuthenticate: 'Bearer', reason: 'no token in the Authorization header' };
    const refuse = (description: string): AuthorizationResult => ({
      ok: false,
      wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"`,
      reason: description,
    });

    const cacheKey = `${config.issuer} ${token}`;
    let claims = verified.get(cacheKey);
    const now = Math.floor(Date.now() / 1000);
    if (claims && (claims.exp! <= now || (typeof claims.nbf === 'number' && claims.nbf > now))) {
      verified.delete(cacheKey);
      claims = undefined;
    }
    if (!claims) {
      const outcome = await verify(token, config.issuer);
      if (typeof outcome === 'string') return refuse(outcome);
      claims = outcome;
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(cacheKey, claims);
    }
    const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    // API Gateway evaluates client_id only when the token has no aud.
    const presented = audiences.length ? audiences : typeof claims.client_id === 'string' ? [claims.client_id] : [];
    if (!presented.some((a) => config.audience.includes(a))) return refuse('the token does not have a valid audience');
    if (typeof claims.iat === 'number' && claims.iat > now) return refuse('the token was issued in the future');

    return { ok: true, jwt: { claims: formatClaims(claims), scopes: scopesOf(claims) } };
  }

  /** The verified claims, or why the token is refused. */
  async function verify(token: string, issuer: string): Promise<JWTPayload | string> {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return 'the token is malformed';
    }
    if (!header.alg || !RSA_ALGORITHMS.includes(header.alg)) return `the token's signing algorithm ${header.alg} is not supported`;
    if (!header.kid) return 'the token has no kid header';
    let keys: JWTVerifyGetKey;
    try {
      keys = await keysOf(issuer);
    } catch (err) {
      opts.log?.(`JWT authorizer: cannot load the keys of issuer ${issuer}: ${(err as Error).message}`);
      return 'the signing keys of the issuer could not be loaded';
    }
    try {
      return (await jwtVerify(token, keys, { issuer, algorithms: RSA_ALGORITHMS, requiredClaims: ['exp'] })).payload;
    } catch (err) {
      return describe(err);
    }
  }

  return { authorize };
}

async function discover(issuer: string): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const document = (await response.json()) as { jwks_uri?: string };
  if (!document.jwks_uri) throw new Error(`${url} names no jwks_uri`);
  // A short cooldown lets a key made after `--reset` be picked up at once (unknown kid → refetch).
  return createRemoteJWKSet(new URL(document.jwks_uri), { cooldownDuration: 1_000, timeoutDuration: 5_000 });
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'the token does not have a valid issuer';
    if (err.claim === 'nbf') return 'the token is not valid yet';
    if (err.claim === 'exp') return 'the token has no expiry';
    return `the token's ${err.claim} claim is invalid`;
  }
  if (err instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches the token';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  return 'the token is invalid';
}

/**
 * API Gateway hands claims to the integration as strings, formatted as its Go runtime prints them:
 * numbers in plain notation, arrays as `[a b]`, objects as `map[k:v]`.
 */
export function formatClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) out[name] = formatClaim(value);
  return out;
}

function formatClaim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (Array.isArray(value)) return `[${value.map(formatClaim).join(' ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${formatClaim(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** Scopes of an OAuth access token (`scope`, space-separated, or `scp`); ID tokens have none. */
function scopesOf(claims: JWTPayload): string[] | null {
  const scope = claims.scope ?? claims.scp;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scope)) return scope.map(String);
  return null;
}
