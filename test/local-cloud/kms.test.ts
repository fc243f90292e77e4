/**
 * Strategy: the local KMS on its own, behind the real Gateway, driven by the real `@aws-sdk/client-kms` and by
 * the product's own KmsSigner — the adapter the certificate functions use — so what passes here is what the
 * functions meet in the local cloud. Keys are named as KMS allows (id, ARN, alias); the private key survives a
 * restart from the same state dir (certificates issued before a restart still verify); a message over the RAW
 * limit, a wrong algorithm and an unknown key are refused with KMS's error names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeKeyCommand, GetPublicKeyCommand, KMSClient, ListAliasesCommand, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { KmsSigner } from '../../functions/certificates/adapters/kms-signer.ts';
import { jwksOf } from '../../functions/certificates/domain/jwks.ts';
import { signCertificate, verifyCertificateJws } from '../../functions/certificates/domain/jws.ts';
import { certificateFields } from '../../functions/certificates/domain/test-fixtures.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { createKms } from '../../lib/local-cloud/kms.ts';
import { LOCAL_REGION, type KmsKeySpec } from '../../lib/local-cloud/model.ts';

const KEY_ID = '0b6c5c1e-1111-4a4a-9d9d-000000000001';
const spec: KmsKeySpec = {
  stack: 'Ism-City-445200', logicalId: 'CertificateKey', keyId: KEY_ID, arn: `arn:aws-cn:kms:${LOCAL_REGION}:000000000000:key/${KEY_ID}`,
  keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY', description: 'certificates', aliases: ['alias/ism-445200-certificates'],
};

async function started(stateDir: string) {
  const gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  gateway.register(createKms({ stateDir, keys: [spec, { ...spec, keyId: 'symmetric', arn: 'x', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', aliases: [] }] }).service);
  await gateway.listen();
  const client = new KMSClient({ endpoint: `http://127.0.0.1:${gateway.port}`, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { gateway, client };
}

describe('local KMS', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'ism-kms-'));
  let gateway: Gateway;
  let client: KMSClient;
  beforeAll(async () => ({ gateway, client } = await started(stateDir)));
  afterAll(async () => gateway.close());

  it('describes the synthesized key by id, ARN and alias', async () => {
    for (const KeyId of [KEY_ID, spec.arn, 'alias/ism-445200-certificates', `arn:aws-cn:kms:${LOCAL_REGION}:000000000000:alias/ism-445200-certificates`]) {
      const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId }));
      expect(KeyMetadata).toMatchObject({ KeyId: KEY_ID, Arn: spec.arn, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', KeyState: 'Enabled' });
    }
    expect((await client.send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName)).toEqual(['alias/ism-445200-certificates']);
  });

  it('signs certificates through the product\'s KmsSigner, verifiable with the published key', async () => {
    const signer = await KmsSigner.create(client, 'alias/ism-445200-certificates');
    const jwks = await jwksOf([signer]);
    const jws = await signCertificate(certificateFields(), signer);
    expect((await verifyCertificateJws(jws, jwks)).result).toBe('valid');
  });

  it('verifies its own signatures and refuses a changed message', async () => {
    const Message = Buffer.from('ZXQR-445203-2026-000123');
    const { Signature } = await client.send(new SignCommand({ KeyId: KEY_ID, Message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect((await client.send(new VerifyCommand({ KeyId: KEY_ID, Message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid).toBe(true);
    await expect(client.send(new VerifyCommand({ KeyId: KEY_ID, Message: Buffer.from('ZXQR-445203-2026-000124'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' })))
      .rejects.toMatchObject({ name: 'KMSInvalidSignatureException' });
  });

  it('refuses what KMS refuses: an unknown key, a long RAW message, another algorithm, a key it does not emulate', async () => {
    await expect(client.send(new GetPublicKeyCommand({ KeyId: 'alias/nope' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(client.send(new SignCommand({ KeyId: KEY_ID, Message: new Uint8Array(4097), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' })))
      .rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new SignCommand({ KeyId: KEY_ID, Message: new Uint8Array(8), SigningAlgorithm: 'ECDSA_SHA_384' })))
      .rejects.toMatchObject({ name: 'InvalidKeyUsageException' });
    await expect(client.send(new DescribeKeyCommand({ KeyId: 'symmetric' }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('keeps the key across a restart from the same state dir', async () => {
    const before = (await client.send(new GetPublicKeyCommand({ KeyId: KEY_ID }))).PublicKey;
    const again = await started(stateDir);
    try {
      const after = (await again.client.send(new GetPublicKeyCommand({ KeyId: KEY_ID }))).PublicKey;
      expect(Buffer.from(after!).equals(Buffer.from(before!))).toBe(true);
    } finally {
      await again.gateway.close();
    }
    const fresh = await started(mkdtempSync(join(tmpdir(), 'ism-kms-')));
    try {
      const other = (await fresh.client.send(new GetPublicKeyCommand({ KeyId: KEY_ID }))).PublicKey;
      expect(Buffer.from(other!).equals(Buffer.from(before!))).toBe(false);
    } finally {
      await fresh.gateway.close();
    }
  });
});
