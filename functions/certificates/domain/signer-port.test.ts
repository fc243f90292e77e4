/**
 * derToP1363 against node:crypto: DER signatures (what AWS KMS returns for ECDSA_SHA_256) converted to
 * P1363 must verify as `ieee-p1363`, and P1363 signatures of the same key and message, re-encoded to DER by an
 * independent encoder below, must verify as `der` and convert back to the same bytes. ECDSA in node:crypto is
 * randomised, so the two encodings are compared through verification, not byte for byte. Many signatures, so
 * that r and s of 31 bytes and r and s with the top bit set (a 0x00 in DER) both occur.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { SignatureEncodingError, derToP1363, thumbprintKid } from './signer-port.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const messages = Array.from({ length: 300 }, (_, i) => Buffer.from(`ZXQR signing input ${i}`));

/** Minimal DER of a P1363 signature, written independently of the code under test. */
function p1363ToDer(sig: Uint8Array): Buffer {
  const int = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = Buffer.from(bytes.subarray(i));
    const value = body[0] & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body;
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const seq = Buffer.concat([int(sig.subarray(0, 32)), int(sig.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, seq.length]), seq]);
}

describe('derToP1363', () => {
  it('turns node:crypto DER signatures into P1363 signatures that verify as ieee-p1363', () => {
    const lengths = new Set<number>();
    for (const message of messages) {
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      lengths.add(der.length);
      const p1363 = derToP1363(der);
      expect(p1363).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363)).toBe(true);
      expect(verify('sha256', Buffer.concat([message, Buffer.from('x')]), { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363)).toBe(false);
      expect(p1363ToDer(p1363).equals(der)).toBe(true);
    }
    // 70, 71 and 72 bytes: both integers short, one padded with 0x00, both padded
    expect([...lengths].filter((l) => l >= 70 && l <= 72).length).toBeGreaterThanOrEqual(2);
  });

  it('is the inverse of DER encoding for node:crypto ieee-p1363 signatures of the same key and messages', () => {
    for (const message of messages) {
      const p1363 = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = p1363ToDer(p1363);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      expect(Buffer.from(derToP1363(der)).equals(p1363)).toBe(true);
    }
  });

  it('left-pads short integers and drops the sign byte', () => {
    const r = Buffer.alloc(32, 0);
    r[1] = 0x01; // a 31-byte r
    const s = Buffer.alloc(32, 0xff); // top bit set: DER needs 0x00
    const der = p1363ToDer(Buffer.concat([r, s]));
    expect(der[3]).toBe(31);
    expect(Buffer.from(derToP1363(der)).equals(Buffer.concat([r, s]))).toBe(true);
  });

  const valid = p1363ToDer(Buffer.concat([Buffer.alloc(32, 0x11), Buffer.alloc(32, 0x22)]));
  it.each([
    ['empty input', Buffer.alloc(0)],
    ['a wrong outer tag', Buffer.concat([Buffer.from([0x31]), valid.subarray(1)])],
    ['trailing bytes', Buffer.concat([valid, Buffer.from([0])])],
    ['a truncated signature', valid.subarray(0, valid.length - 1)],
    ['an inner tag other than INTEGER', Buffer.from([0x30, 0x06, 0x04, 0x01, 0x01, 0x02, 0x01, 0x01])],
    ['a non-minimal INTEGER', Buffer.from([0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01])],
    ['a negative INTEGER', Buffer.from([0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01])],
    ['a zero INTEGER', Buffer.from([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01])],
    ['an INTEGER of 33 significant bytes', Buffer.concat([Buffer.from([0x30, 0x26, 0x02, 0x21]), Buffer.alloc(33, 0x11), Buffer.from([0x02, 0x01, 0x01])])],
    ['a non-minimal long-form length', Buffer.concat([Buffer.from([0x30, 0x81, valid.length - 2]), valid.subarray(2)])],
    ['a single INTEGER', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])],
  ])('refuses %s', (_name, der) => {
    expect(() => derToP1363(der)).toThrow(SignatureEncodingError);
  });

  it('accepts the long-form length 0x81 where it is minimal (a wider curve)', () => {
    const sig = Buffer.concat([Buffer.alloc(66, 0x01), Buffer.alloc(66, 0x02)]); // P-521 sizes
    const int = (b: Buffer) => Buffer.concat([Buffer.from([0x02, b.length]), b]);
    const body = Buffer.concat([int(sig.subarray(0, 66)), int(sig.subarray(66))]);
    const der = Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]);
    expect(Buffer.from(derToP1363(der, 66)).equals(sig)).toBe(true);
  });
});

describe('thumbprintKid', () => {
  it('is the RFC 7638 thumbprint and ignores non-required members', async () => {
    // RFC 7638 §3.1 style check for EC: members crv, kty, x, y in lexicographic order, SHA-256, base64url.
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string };
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
    expect(await thumbprintKid(jwk)).toBe(expected);
    expect(await thumbprintKid({ ...jwk, kid: 'other', use: 'sig' })).toBe(expected);
  });

  it('refuses a key that is not EC P-256', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    await expect(thumbprintKid(rsa)).rejects.toThrow('not an EC P-256 JWK');
  });
});
