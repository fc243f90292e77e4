import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { ecP256PublicJwk, thumbprintKid, type CertificateSigner } from '../domain/signer-port.ts';

/**
 * A certificate signer over a local P-256 key (node:crypto), for the local cloud and tests. The key is given
 * by the caller (PKCS#8 or SEC1 PEM, a private JWK, or a KeyObject) or generated; no file I/O here — the
 * caller decides where a key lives (`generateLocalSigningKeyPem` gives one to persist). `kid` is the RFC 7638
 * thumbprint of the public key.
 */
export type LocalSigningKey = { pem: string } | { jwk: JWK } | { keyObject: KeyObject };

export class LocalSigner implements CertificateSigner {
  readonly alg = 'ES256' as const;

  private constructor(
    readonly kid: string,
    private readonly privateKey: KeyObject,
    private readonly jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string },
  ) {}

  /** Over the given key, or a fresh one when none is given. */
  static async create(key?: LocalSigningKey): Promise<LocalSigner> {
    const privateKey = key === undefined ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : toPrivateKey(key);
    if (privateKey.type !== 'private') throw new TypeError('a private key is required');
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new TypeError('the key must be an EC P-256 (prime256v1) key');
    }
    const jwk = ecP256PublicJwk(createPublicKey(privateKey).export({ format: 'jwk' }) as JWK);
    return new LocalSigner(await thumbprintKid(jwk), privateKey, jwk);
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(sign('sha256', signingInput, { key: this.privateKey, dsaEncoding: 'ieee-p1363' }));
  }

  async publicJwk(): Promise<JWK> {
    return { ...this.jwk };
  }
}

function toPrivateKey(key: LocalSigningKey): KeyObject {
  if ('keyObject' in key) return key.keyObject;
  if ('pem' in key) return createPrivateKey({ key: key.pem, format: 'pem' });
  if (typeof key.jwk.d !== 'string') throw new TypeError('the JWK has no private part (d)');
  return createPrivateKey({ key: key.jwk as JsonWebKey, format: 'jwk' });
}

/** A fresh P-256 private key as PKCS#8 PEM, for a caller that keeps the local key across restarts. */
export function generateLocalSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}
