import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { JWK } from 'jose';
import { derToP1363, ecP256PublicJwk, thumbprintKid, type CertificateSigner } from '../domain/signer-port.ts';

/**
 * The certificate signer of the cloud: an AWS KMS asymmetric key (KeySpec ECC_NIST_P256, KeyUsage SIGN_VERIFY)
 * that never leaves KMS. Sign with ECDSA_SHA_256 over the RAW signing input (KMS hashes it; RAW messages are
 * limited to 4096 bytes, far above a certificate's), answer DER → IEEE P1363 for JWS. The public key comes from
 * GetPublicKey (SPKI DER) once per container; the `kid` is its RFC 7638 thumbprint, as for the local signer, so
 * a key is named by what it is, not by where it lives. In the local cloud the same calls reach the local KMS
 * (lib/local-cloud/kms.ts) through AWS_ENDPOINT_URL.
 */
export const KMS_SIGNING_ALGORITHM = 'ECDSA_SHA_256';
const KMS_MAX_RAW_MESSAGE_BYTES = 4096;

export type KmsSend = Pick<KMSClient, 'send'>;

export class KmsSigner implements CertificateSigner {
  readonly alg = 'ES256' as const;

  private constructor(
    readonly kid: string,
    private readonly client: KmsSend,
    private readonly keyId: string,
    private readonly jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string },
  ) {}

  /** Reads the key's public half and checks it is a P-256 signing key for ECDSA_SHA_256. */
  static async create(client: KmsSend, keyId: string): Promise<KmsSigner> {
    const key = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (key.KeySpec !== 'ECC_NIST_P256' || key.KeyUsage !== 'SIGN_VERIFY' || !key.SigningAlgorithms?.includes(KMS_SIGNING_ALGORITHM)) {
      throw new TypeError(`KMS key ${keyId} is ${key.KeySpec}/${key.KeyUsage}; certificates need ECC_NIST_P256/SIGN_VERIFY with ${KMS_SIGNING_ALGORITHM}`);
    }
    if (!key.PublicKey) throw new TypeError(`KMS key ${keyId}: GetPublicKey returned no key`);
    const jwk = ecP256PublicJwk(createPublicKey({ key: Buffer.from(key.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as JWK);
    // Sign with the ARN GetPublicKey resolved (an alias would follow a re-pointing between the two calls).
    return new KmsSigner(await thumbprintKid(jwk), client, key.KeyId ?? keyId, jwk);
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    if (signingInput.length > KMS_MAX_RAW_MESSAGE_BYTES) throw new RangeError(`KMS signs RAW messages of at most ${KMS_MAX_RAW_MESSAGE_BYTES} bytes`);
    const answer = await this.client.send(new SignCommand({ KeyId: this.keyId, Message: signingInput, MessageType: 'RAW', SigningAlgorithm: KMS_SIGNING_ALGORITHM }));
    if (!answer.Signature) throw new TypeError(`KMS key ${this.keyId}: Sign returned no signature`);
    return derToP1363(answer.Signature);
  }

  async publicJwk(): Promise<JWK> {
    return { ...this.jwk };
  }
}
