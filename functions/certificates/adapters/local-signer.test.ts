import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { LocalSigner, generateLocalSigningKeyPem } from './local-signer.ts';

describe('LocalSigner', () => {
  it('generates a P-256 key; kid is the RFC 7638 thumbprint of its public JWK', async () => {
    const signer = await LocalSigner.create();
    const jwk = await signer.publicJwk();
    expect(signer.alg).toBe('ES256');
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(signer.kid).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    expect(signer.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signs 64-byte IEEE P1363 signatures that verify with its public key', async () => {
    const signer = await LocalSigner.create();
    const input = Buffer.from('eyJhbGciOiJFUzI1NiJ9.e30', 'ascii');
    const signature = await signer.sign(input);
    expect(signature).toHaveLength(64);
    const key = createPublicKey({ key: (await signer.publicJwk()) as import('node:crypto').JsonWebKey, format: 'jwk' });
    expect(verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('loads the same key from PKCS#8 PEM, SEC1 PEM, a private JWK and a KeyObject: same kid', async () => {
    const pem = generateLocalSigningKeyPem();
    expect(pem).toContain('-----BEGIN PRIVATE KEY-----');
    const fromPem = await LocalSigner.create({ pem });
    const { createPrivateKey } = await import('node:crypto');
    const keyObject = createPrivateKey(pem);
    const sec1 = keyObject.export({ format: 'pem', type: 'sec1' }).toString();
    const jwk = keyObject.export({ format: 'jwk' }) as JWK;
    const kids = await Promise.all([
      LocalSigner.create({ pem: sec1 }),
      LocalSigner.create({ jwk }),
      LocalSigner.create({ keyObject }),
    ]).then((signers) => signers.map((s) => s.kid));
    expect(kids).toEqual([fromPem.kid, fromPem.kid, fromPem.kid]);
    expect(JSON.stringify(await fromPem.publicJwk())).not.toContain('"d"');
  });

  it('two generated keys have different kids', async () => {
    const [a, b] = await Promise.all([LocalSigner.create(), LocalSigner.create()]);
    expect(a.kid).not.toBe(b.kid);
  });

  it('refuses keys that are not private EC P-256 keys', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(LocalSigner.create({ keyObject: p384.privateKey })).rejects.toThrow('P-256');
    await expect(LocalSigner.create({ keyObject: rsa.privateKey })).rejects.toThrow('P-256');
    await expect(LocalSigner.create({ keyObject: p256.publicKey })).rejects.toThrow('private key');
    await expect(LocalSigner.create({ jwk: p256.publicKey.export({ format: 'jwk' }) as JWK })).rejects.toThrow('no private part');
  });
});
