import type { JWK } from 'jose';
import { ecP256PublicJwk, type CertificateSigner } from './signer-port.ts';

/** A key as `/.well-known/jwks.json` publishes it: public members only, with kid, alg and use. */
export interface PublishedJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface PublishedJwks {
  keys: PublishedJwk[];
}

/**
 * The key set for `/.well-known/jwks.json`: the current signers' public keys, and any retired public keys
 * (each JWK with its `kid`) that certificates issued earlier still name — certificates are kept for 15 years,
 * so a rotated key stays published. Private members are never copied. The same kid twice is refused unless it
 * is the same key.
 */
export async function jwksOf(signers: readonly CertificateSigner[], retired: readonly JWK[] = []): Promise<PublishedJwks> {
  const keys: PublishedJwk[] = [];
  const add = (kid: unknown, jwk: JWK) => {
    if (typeof kid !== 'string' || kid.length === 0) throw new TypeError('every published key needs a kid');
    const published: PublishedJwk = { ...ecP256PublicJwk(jwk), kid, alg: 'ES256', use: 'sig' };
    const same = keys.find((k) => k.kid === kid);
    if (same && (same.x !== published.x || same.y !== published.y)) throw new Error(`two different keys with kid ${kid}`);
    if (!same) keys.push(published);
  };
  for (const signer of signers) add(signer.kid, await signer.publicJwk());
  for (const jwk of retired) add(jwk.kid, jwk);
  return { keys };
}
