import { calculateJwkThumbprint, type JWK } from 'jose';

/**
 * The port through which a certificate is signed: ECDSA P-256 with SHA-256 (JWS `ES256`), the key held by
 * whoever implements it — AWS KMS in the cloud (key spec ECC_NIST_P256, SigningAlgorithm ECDSA_SHA_256,
 * MessageType RAW: KMS hashes the signing input itself), a local key in the local cloud
 * (../adapters/local-signer.ts). The signer never sees the certificate, only the JWS signing input
 * (`base64url(header) + '.' + base64url(payload)` as ASCII bytes).
 */
export interface CertificateSigner {
  /** The key id published in /.well-known/jwks.json and written in every JWS header it signs. */
  readonly kid: string;
  readonly alg: 'ES256';
  /**
   * ECDSA-SHA-256 over `signingInput` (hashing included), returned as JWS wants it: IEEE P1363 `r || s`,
   * 64 bytes. KMS returns DER: convert with `derToP1363`.
   */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  /** The public key as a JWK (kty EC, crv P-256, x, y), without private members. */
  publicJwk(): Promise<JWK>;
}

/** P-256: r and s are integers below the group order, 32 bytes each in P1363. */
export const P256_COORDINATE_BYTES = 32;

export class SignatureEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureEncodingError';
  }
}

/**
 * Converts an ECDSA signature from DER (`SEQUENCE { INTEGER r, INTEGER s }`, RFC 3279 — what AWS KMS Sign
 * and OpenSSL produce) to IEEE P1363 (`r || s`, each left-padded to `size` bytes — what JWS ES256 requires,
 * RFC 7518 §3.4). Strict DER: definite minimal lengths, minimal positive integers, nothing trailing.
 */
export function derToP1363(der: Uint8Array, size: number = P256_COORDINATE_BYTES): Uint8Array {
  let at = 0;
  const fail = (why: string): never => {
    throw new SignatureEncodingError(`not a DER ECDSA signature: ${why}`);
  };
  const byte = (): number => (at < der.length ? der[at++] : fail('truncated'));
  const length = (): number => {
    const first = byte();
    if (first < 0x80) return first;
    if (first !== 0x81) fail('length form not used by an ECDSA signature'); // ≤ 255 bytes for any curve we sign with
    const value = byte();
    if (value < 0x80) fail('non-minimal length');
    return value;
  };
  const integer = (): Uint8Array => {
    if (byte() !== 0x02) fail('expected INTEGER');
    const len = length();
    if (len === 0) fail('empty INTEGER');
    if (at + len > der.length) fail('truncated INTEGER');
    let value = der.subarray(at, at + len);
    at += len;
    if (value[0] & 0x80) fail('negative INTEGER');
    if (len > 1 && value[0] === 0x00 && !(value[1] & 0x80)) fail('non-minimal INTEGER');
    if (value[0] === 0x00) value = value.subarray(1);
    if (value.length > size) fail(`INTEGER longer than ${size} bytes`);
    if (value.every((b) => b === 0)) fail('zero INTEGER');
    return value;
  };

  if (byte() !== 0x30) fail('expected SEQUENCE');
  const seqLen = length();
  if (at + seqLen !== der.length) fail('SEQUENCE length does not match the input');
  const r = integer();
  const s = integer();
  if (at !== der.length) fail('trailing bytes in SEQUENCE');

  const out = new Uint8Array(2 * size);
  out.set(r, size - r.length);
  out.set(s, 2 * size - s.length);
  return out;
}

/** The public members of an EC P-256 JWK (`kty`, `crv`, `x`, `y`), anything else dropped; throws if it is not one. */
export function ecP256PublicJwk(jwk: JWK): { kty: 'EC'; crv: 'P-256'; x: string; y: string } {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new TypeError('not an EC P-256 JWK');
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/** The RFC 7638 JWK thumbprint (SHA-256, base64url) of an EC P-256 public key: the `kid` we use. */
export async function thumbprintKid(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(ecP256PublicJwk(jwk), 'sha256');
}
