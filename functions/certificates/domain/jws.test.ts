/**
 * The certificate JWS end to end with a local key: round trip; every one-character change of the payload or
 * signature segment (to every other base64url character) fails; a changed PDF byte fails; an unknown kid is
 * `unknown-key`; voided shows as voided only when the signature verifies; the header is pinned (alg `none`,
 * HS256 keyed with the public key, another typ, extra members — each signed for real where a signature applies).
 * Interop both ways with jose (its CompactSign output verifies here; our output verifies with compactVerify),
 * and a KMS-shaped signer (DER out, derToP1363) signs certificates that verify.
 */
import { createHash, createHmac, sign as nodeSign, generateKeyPairSync } from 'node:crypto';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import { canonicalJson } from '#shared/audit/canonical-json.ts';
import { LocalSigner } from '../adapters/local-signer.ts';
import { canonicalPayload, CertificateFieldsError } from './certificate.ts';
import { jwksOf } from './jwks.ts';
import { CERTIFICATE_JWS_TYP, sha256Hex, signCertificate, verifyCertificateJws } from './jws.ts';
import { SignatureEncodingError, derToP1363, thumbprintKid, type CertificateSigner } from './signer-port.ts';
import { certificateFields } from './test-fixtures.ts';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64 = (s: string | Uint8Array) => Buffer.from(typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64url');
const pdf = Buffer.from('%PDF-1.7\n中选确认书 ZXQR-445203-2026-000123\n%%EOF\n', 'utf8');
const fields = certificateFields({ pdfSha256: createHash('sha256').update(pdf).digest('hex') });

let signer: LocalSigner;
let jwks: { keys: JWK[] };
let jws: string;

/** A JWS over any header and payload text, signed for real by `by`. */
async function rawJws(header: Record<string, unknown>, payloadText: string, by: CertificateSigner = signer): Promise<string> {
  const input = `${b64(JSON.stringify(header))}.${b64(payloadText)}`;
  return `${input}.${b64(await by.sign(Buffer.from(input, 'ascii')))}`;
}
const header = () => ({ alg: 'ES256', kid: signer.kid, typ: CERTIFICATE_JWS_TYP });
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

beforeAll(async () => {
  signer = await LocalSigner.create();
  jwks = await jwksOf([signer]);
  jws = await signCertificate(fields, signer);
});

describe('signCertificate', () => {
  it('builds base64url(header).base64url(canonical payload).base64url(64-byte signature)', () => {
    const [h, p, s] = jws.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))).toEqual({ alg: 'ES256', kid: signer.kid, typ: 'ism-certificate+jws' });
    expect(Buffer.from(h, 'base64url').toString('utf8')).toBe(canonicalJson(header()));
    expect(Buffer.from(p, 'base64url').toString('utf8')).toBe(canonicalPayload(fields));
    expect(Buffer.from(s, 'base64url')).toHaveLength(64);
  });

  it('refuses invalid fields and a signer that returns DER', async () => {
    await expect(signCertificate({ ...fields, tenant: '445202' }, signer)).rejects.toThrow(CertificateFieldsError);
    const derSigner: CertificateSigner = { kid: 'k', alg: 'ES256', publicJwk: () => signer.publicJwk(), sign: async () => new Uint8Array(71) };
    await expect(signCertificate(fields, derSigner)).rejects.toThrow(SignatureEncodingError);
  });
});

describe('verifyCertificateJws', () => {
  it('round trip: valid, with the fields and the kid', async () => {
    expect(await verifyCertificateJws(jws, jwks)).toEqual({ result: 'valid', kid: signer.kid, fields, reasons: [] });
    expect(await verifyCertificateJws(jws, jwks, { pdfBytes: pdf, status: 'valid' })).toMatchObject({ result: 'valid', reasons: [] });
  });

  it('any one-character change of the payload or the signature is invalid', async () => {
    const [h, p, s] = jws.split('.');
    const offsetP = h.length + 1;
    const offsetS = offsetP + p.length + 1;
    let tried = 0;
    // every character of the signature to every other character; every character of the payload to three others
    for (let i = 0; i < s.length; i++) {
      for (const c of B64URL) {
        if (c === s[i]) continue;
        const result = await verifyCertificateJws(replaceAt(jws, offsetS + i, c), jwks);
        if (result.result !== 'invalid') throw new Error(`signature position ${i} → ${c}: ${result.result}`);
        tried++;
      }
    }
    for (let i = 0; i < p.length; i++) {
      for (const c of ['A', 'g', '_', '9'].filter((x) => x !== p[i]).slice(0, 3)) {
        const result = await verifyCertificateJws(replaceAt(jws, offsetP + i, c), jwks);
        if (result.result !== 'invalid') throw new Error(`payload position ${i} → ${c}: ${result.result}`);
        tried++;
      }
    }
    expect(tried).toBe(s.length * 63 + p.length * 3);
  });

  it('a one-character change of the header is never valid', async () => {
    const h = jws.split('.')[0];
    for (let i = 0; i < h.length; i++) {
      for (const c of ['A', 'g', '_', '9'].filter((x) => x !== h[i]).slice(0, 3)) {
        expect((await verifyCertificateJws(replaceAt(jws, i, c), jwks)).result).not.toBe('valid');
      }
    }
  });

  it('removing, adding or reordering dots or characters is invalid', async () => {
    const [h, p, s] = jws.split('.');
    for (const bad of [`${h}.${p}`, `${h}.${p}.${s}.`, `${h}..${s}`, `${h}.${p}.${s}=`, `${h}.${p}.${s.slice(0, -1)}`, `${h}.${p}A.${s}`, ` ${jws}`, `${h}.${p}.${s}`.replace(/-/g, '+')]) {
      if (bad === jws) continue;
      expect((await verifyCertificateJws(bad, jwks)).result).toBe('invalid');
    }
  });

  it('every changed byte of the PDF is invalid, with the reason', async () => {
    for (let i = 0; i < pdf.length; i++) {
      const copy = Buffer.from(pdf);
      copy[i] ^= 0x01;
      const result = await verifyCertificateJws(jws, jwks, { pdfBytes: copy });
      expect(result.result).toBe('invalid');
      expect(result.reasons).toEqual([`PDF: SHA-256 is ${sha256Hex(copy)}, the certificate says ${fields.pdfSha256}`]);
      expect(result.fields).toEqual(fields); // the signed fields are genuine; the PDF is not theirs
    }
    expect((await verifyCertificateJws(jws, jwks, { pdfBytes: Buffer.concat([pdf, Buffer.from(' ')]) })).result).toBe('invalid');
  });

  it('an unknown kid is unknown-key: a rotated-out key, or an empty key set', async () => {
    const other = await LocalSigner.create();
    const result = await verifyCertificateJws(jws, await jwksOf([other]));
    expect(result).toEqual({ result: 'unknown-key', kid: signer.kid, reasons: [`no key with kid ${signer.kid} in the key set`] });
    expect((await verifyCertificateJws(jws, { keys: [] })).result).toBe('unknown-key');
  });

  it('a key set with both the retired and the current key verifies old and new certificates', async () => {
    const next = await LocalSigner.create();
    const both = await jwksOf([next], [{ ...(await signer.publicJwk()), kid: signer.kid }]);
    expect((await verifyCertificateJws(jws, both)).result).toBe('valid');
    expect((await verifyCertificateJws(await signCertificate(fields, next), both)).result).toBe('valid');
  });

  it('another key published under the signer kid is invalid (not unknown-key)', async () => {
    const impostor = await LocalSigner.create();
    const result = await verifyCertificateJws(jws, { keys: [{ ...(await impostor.publicJwk()), kid: signer.kid }] });
    expect(result.result).toBe('invalid');
    expect(result.reasons[0]).toMatch(/^signature does not verify with key/);
    expect(result.fields).toBeUndefined();
  });

  it('a key set with the kid twice, or a key not for ES256 signing, is invalid', async () => {
    const key = jwks.keys[0];
    expect((await verifyCertificateJws(jws, { keys: [key, key] })).result).toBe('invalid');
    expect((await verifyCertificateJws(jws, { keys: [{ ...key, use: 'enc' }] })).result).toBe('invalid');
    expect((await verifyCertificateJws(jws, { keys: [{ ...key, alg: 'ES384' }] })).result).toBe('invalid');
  });

  it('voided shows as voided, but only over a signature that verifies (and a PDF that matches)', async () => {
    expect(await verifyCertificateJws(jws, jwks, { status: 'voided' })).toEqual({
      result: 'voided',
      kid: signer.kid,
      fields,
      reasons: ['certificate ZXQR-445203-2026-000123 has been voided'],
    });
    const [h, p, s] = jws.split('.');
    const tampered = `${h}.${p}.${replaceAt(s, 5, s[5] === 'A' ? 'B' : 'A')}`;
    expect((await verifyCertificateJws(tampered, jwks, { status: 'voided' })).result).toBe('invalid');
    expect((await verifyCertificateJws(jws, jwks, { status: 'voided', pdfBytes: Buffer.from('x') })).result).toBe('invalid');
  });

  describe('the header is pinned', () => {
    it('alg none with an empty or any signature is refused before any key is used', async () => {
      const payload = b64(canonicalPayload(fields));
      for (const none of [`${b64(JSON.stringify({ alg: 'none', kid: signer.kid, typ: CERTIFICATE_JWS_TYP }))}.${payload}.`, `${b64(JSON.stringify({ alg: 'none', kid: signer.kid, typ: CERTIFICATE_JWS_TYP }))}.${payload}.${jws.split('.')[2]}`]) {
        const result = await verifyCertificateJws(none, jwks);
        expect(result.result).toBe('invalid');
        expect(result.fields).toBeUndefined();
      }
      const withSig = `${b64(JSON.stringify({ alg: 'none', kid: signer.kid, typ: CERTIFICATE_JWS_TYP }))}.${payload}.${jws.split('.')[2]}`;
      expect((await verifyCertificateJws(withSig, jwks)).reasons).toEqual(['header: alg must be ES256, not "none"']);
    });

    it('HS256 keyed with the published public key (algorithm confusion) is refused', async () => {
      const hs = { alg: 'HS256', kid: signer.kid, typ: CERTIFICATE_JWS_TYP };
      const input = `${b64(JSON.stringify(hs))}.${b64(canonicalPayload(fields))}`;
      for (const secret of [JSON.stringify(jwks.keys[0]), jwks.keys[0].x as string]) {
        const mac = createHmac('sha256', secret).update(input).digest('base64url');
        expect((await verifyCertificateJws(`${input}.${mac}`, jwks)).result).toBe('invalid');
      }
    });

    it('another alg, another typ, a missing typ or kid, or an extra member is refused even when really signed', async () => {
      const payload = canonicalPayload(fields);
      const cases: [Record<string, unknown>, string][] = [
        [{ ...header(), alg: 'ES384' }, 'header: alg must be ES256, not "ES384"'],
        [{ ...header(), typ: 'JWT' }, 'header: typ must be ism-certificate+jws, not "JWT"'],
        [{ alg: 'ES256', kid: signer.kid }, 'header: typ must be ism-certificate+jws, not undefined'],
        [{ alg: 'ES256', typ: CERTIFICATE_JWS_TYP }, 'header: kid missing'],
        [{ ...header(), crit: ['b64'], b64: false }, 'header: members not allowed: crit, b64'],
        [{ ...header(), jku: 'https://attacker.example/jwks.json' }, 'header: members not allowed: jku'],
        [{ ...header(), jwk: jwks.keys[0] }, 'header: members not allowed: jwk'],
      ];
      for (const [h, reason] of cases) {
        const result = await verifyCertificateJws(await rawJws(h, payload), jwks);
        expect(result).toMatchObject({ result: 'invalid', reasons: [reason] });
      }
      // the same, in another member order, is fine: the header need not be canonical
      const reordered = await rawJws({ typ: CERTIFICATE_JWS_TYP, kid: signer.kid, alg: 'ES256' }, payload);
      expect((await verifyCertificateJws(reordered, jwks)).result).toBe('valid');
    });

    it('a header that is not a JSON object is refused', async () => {
      for (const h of ['[]', 'null', '"ES256"', '{', '\u00ff']) {
        const input = `${b64(h)}.${b64(canonicalPayload(fields))}`;
        expect((await verifyCertificateJws(`${input}.${b64(await signer.sign(Buffer.from(input)))}`, jwks)).result).toBe('invalid');
      }
    });
  });

  describe('the payload must be a valid certificate in canonical form, even when really signed', () => {
    it('refuses a non-canonical payload (other key order, whitespace)', async () => {
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(fields).reverse()));
      expect(await verifyCertificateJws(await rawJws(header(), reordered), jwks)).toMatchObject({ result: 'invalid', reasons: ['payload: not in canonical form'] });
      expect((await verifyCertificateJws(await rawJws(header(), JSON.stringify(fields, null, 1)), jwks)).result).toBe('invalid');
    });

    it('refuses invalid fields, an unknown member and a payload that is not JSON', async () => {
      const badTenant = await verifyCertificateJws(await rawJws(header(), canonicalJson({ ...fields, tenant: '445202' })), jwks);
      expect(badTenant.result).toBe('invalid');
      expect(badTenant.reasons).toEqual(['payload: certificateNo: names tenant 445203, the certificate is of 445202']);
      expect((await verifyCertificateJws(await rawJws(header(), canonicalJson({ ...fields, note: 'x' })), jwks)).result).toBe('invalid');
      expect((await verifyCertificateJws(await rawJws(header(), 'not json'), jwks)).reasons).toEqual(['payload: not JSON']);
    });
  });
});

describe('interoperability', () => {
  it('jose compactVerify accepts our JWS; our verifier accepts jose CompactSign output', async () => {
    const key = await importJWK(jwks.keys[0], 'ES256');
    const { payload, protectedHeader } = await compactVerify(jws, key);
    expect(new TextDecoder().decode(payload)).toBe(canonicalPayload(fields));
    expect(protectedHeader).toEqual(header());

    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateJwk = privateKey.export({ format: 'jwk' }) as JWK;
    const kid = await thumbprintKid(privateJwk);
    const fromJose = await new CompactSign(new TextEncoder().encode(canonicalPayload(fields)))
      .setProtectedHeader({ alg: 'ES256', kid, typ: CERTIFICATE_JWS_TYP })
      .sign(await importJWK(privateJwk, 'ES256'));
    const set = { keys: [{ kty: 'EC', crv: 'P-256', x: privateJwk.x, y: privateJwk.y, kid }] };
    expect((await verifyCertificateJws(fromJose, set, { pdfBytes: pdf })).result).toBe('valid');
  });

  it('a KMS-shaped signer (DER signatures, as KMS Sign ECDSA_SHA_256 returns) signs through derToP1363', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kms: CertificateSigner = {
      kid: await thumbprintKid(publicJwk),
      alg: 'ES256',
      publicJwk: async () => publicJwk,
      sign: async (input) => derToP1363(nodeSign('sha256', input, { key: privateKey, dsaEncoding: 'der' })),
    };
    const set = await jwksOf([kms]);
    for (let i = 0; i < 20; i++) {
      const token = await signCertificate(certificateFields({ pdfSha256: fields.pdfSha256, certificateNo: `ZXQR-445203-2026-${String(i + 1).padStart(6, '0')}` }), kms);
      expect((await verifyCertificateJws(token, set)).result).toBe('valid');
    }
  });
});
