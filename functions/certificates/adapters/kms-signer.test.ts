/**
 * Strategy: KmsSigner against a fake KMS client that behaves as KMS documents it — GetPublicKey answers the
 * SPKI DER of a P-256 key with its spec and usage, Sign answers a DER ECDSA signature over the RAW message —
 * and records the commands it was sent. A certificate signed through it verifies with the key set built from
 * it (so DER → P1363 and SPKI → JWK are right), and a key of the wrong kind is refused before anything is signed.
 * The same signer against the local cloud's KMS: test/local-cloud/kms.test.ts.
 */
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type GetPublicKeyCommandOutput, type SignCommandInput } from '@aws-sdk/client-kms';
import { jwksOf } from '../domain/jwks.ts';
import { signCertificate, verifyCertificateJws } from '../domain/jws.ts';
import { thumbprintKid } from '../domain/signer-port.ts';
import { certificateFields } from '../domain/test-fixtures.ts';
import { KmsSigner, type KmsSend } from './kms-signer.ts';

const ARN = 'arn:aws-cn:kms:cn-northwest-1:000000000000:key/0b6c5c1e-1111-4a4a-9d9d-000000000001';

function fakeKms(privateKey: KeyObject, publicKey: KeyObject, meta: Partial<GetPublicKeyCommandOutput> = {}) {
  const signed: SignCommandInput[] = [];
  const client: KmsSend = {
    send: (async (command: unknown) => {
      if (command instanceof GetPublicKeyCommand) {
        return {
          KeyId: ARN, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'],
          PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })), ...meta,
        };
      }
      if (command instanceof SignCommand) {
        signed.push(command.input);
        return { KeyId: ARN, SigningAlgorithm: 'ECDSA_SHA_256', Signature: new Uint8Array(nodeSign('sha256', command.input.Message!, { key: privateKey, dsaEncoding: 'der' })) };
      }
      throw new Error(`unexpected command ${(command as object).constructor.name}`);
    }) as KmsSend['send'],
  };
  return { client, signed };
}

describe('KmsSigner', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('signs certificates that verify with the key set published from it', async () => {
    const { client, signed } = fakeKms(privateKey, publicKey);
    const signer = await KmsSigner.create(client, 'alias/ism-445200-certificates');
    expect(signer.kid).toBe(await thumbprintKid(await signer.publicJwk()));
    const jwks = await jwksOf([signer]);
    for (let i = 0; i < 10; i++) {
      const jws = await signCertificate(certificateFields(), signer);
      expect((await verifyCertificateJws(jws, jwks)).result).toBe('valid');
    }
    // RAW: KMS hashes the signing input itself; by the ARN GetPublicKey resolved, not the alias.
    expect(signed[0]).toMatchObject({ KeyId: ARN, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
  });

  it('refuses a key that is not an ECC_NIST_P256 signing key', async () => {
    const { client } = fakeKms(privateKey, publicKey, { KeySpec: 'RSA_2048', SigningAlgorithms: ['RSASSA_PSS_SHA_256'] });
    await expect(KmsSigner.create(client, ARN)).rejects.toThrow(/ECC_NIST_P256/);
    const encrypting = fakeKms(privateKey, publicKey, { KeyUsage: 'ENCRYPT_DECRYPT' });
    await expect(KmsSigner.create(encrypting.client, ARN)).rejects.toThrow(/SIGN_VERIFY/);
  });

  it('refuses a message above KMS\'s RAW limit instead of sending it', async () => {
    const { client, signed } = fakeKms(privateKey, publicKey);
    const signer = await KmsSigner.create(client, ARN);
    await expect(signer.sign(new Uint8Array(4097))).rejects.toThrow(RangeError);
    expect(signed).toHaveLength(0);
  });
});
