import { LocalSigner } from '../adapters/local-signer.ts';
import { jwksOf } from './jwks.ts';

describe('jwksOf', () => {
  it('publishes each signer public key with kid, alg ES256 and use sig, and nothing private', async () => {
    const [a, b] = await Promise.all([LocalSigner.create(), LocalSigner.create()]);
    const jwks = await jwksOf([a, b]);
    expect(jwks.keys.map((k) => k.kid)).toEqual([a.kid, b.kid]);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
    expect(jwks.keys[0]).toMatchObject(await a.publicJwk());
  });

  it('keeps retired keys published (without private members) and merges a repeated identical key', async () => {
    const current = await LocalSigner.create();
    const { createPrivateKey, generateKeyPairSync } = await import('node:crypto');
    const old = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const oldSigner = await LocalSigner.create({ keyObject: old });
    const oldPrivateJwk = { ...createPrivateKey(old.export({ format: 'pem', type: 'pkcs8' })).export({ format: 'jwk' }), kid: oldSigner.kid };
    const jwks = await jwksOf([current, current], [oldPrivateJwk]);
    expect(jwks.keys.map((k) => k.kid)).toEqual([current.kid, oldSigner.kid]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('refuses two different keys under one kid, and a retired key without kid', async () => {
    const [a, b] = await Promise.all([LocalSigner.create(), LocalSigner.create()]);
    await expect(jwksOf([a], [{ ...(await b.publicJwk()), kid: a.kid }])).rejects.toThrow(`two different keys with kid ${a.kid}`);
    await expect(jwksOf([], [await b.publicJwk()])).rejects.toThrow('needs a kid');
  });
});
