// Strategy: what verification decides from HEAD and from the bytes is pure (checkStoredHead,
// checkStoredBody, sniffContentType); each test names the refusal a lying or broken upload gets.
// The S3 round trips are test/local-cloud/documents.test.ts's.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sniffContentType } from './document-kinds.ts';
import { checkStoredBody, checkStoredHead } from './verify-upload.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const expected = { contentType: 'application/pdf', size: PDF.length, sha256: sha(PDF) };

describe('sniffContentType', () => {
  test('knows PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(JPEG)).toBe('image/jpeg');
    expect(sniffContentType(PNG)).toBe('image/png');
  });
  test('anything else, a truncated signature, or HTML claiming to be a PDF is unknown', () => {
    expect(sniffContentType(Buffer.from('<html>%PDF-'))).toBeUndefined();
    expect(sniffContentType(Buffer.from('%PDF'))).toBeUndefined();
    expect(sniffContentType(PNG.subarray(0, 7))).toBeUndefined();
    expect(sniffContentType(new Uint8Array())).toBeUndefined();
  });
  test('property: bytes not starting with a signature byte are never accepted', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 16 }).filter((b) => ![0x25, 0xff, 0x89].includes(b[0])), (bytes) => {
      expect(sniffContentType(bytes)).toBeUndefined();
    }));
  });
});

describe('checkStoredHead', () => {
  test('the declared size and type pass', () => {
    expect(checkStoredHead({ size: PDF.length, contentType: 'application/pdf' }, expected)).toBeUndefined();
    expect(checkStoredHead({ size: PDF.length, contentType: 'Application/PDF; charset=binary' }, expected)).toBeUndefined();
  });
  test('over the limit, another size, another stored type', () => {
    expect(checkStoredHead({ size: 2048, contentType: 'application/pdf' }, { ...expected, size: 2048 }, 1024)).toMatchObject({ status: 422, code: 'document.size-mismatch', extra: { actualSize: 2048, maxBytes: 1024 } });
    expect(checkStoredHead({ size: PDF.length - 1, contentType: 'application/pdf' }, expected)).toMatchObject({ code: 'document.size-mismatch', extra: { declaredSize: PDF.length } });
    expect(checkStoredHead({ size: PDF.length, contentType: undefined }, expected)).toMatchObject({ code: 'document.type-mismatch', extra: { detected: 'binary/octet-stream' } });
  });
});

describe('checkStoredBody', () => {
  const body = (b: Buffer) => ({ head: b.subarray(0, 8), size: b.length, sha256: sha(b) });
  test('the declared bytes pass (a hash declared in capitals too)', () => {
    expect(checkStoredBody(body(PDF), expected)).toBeUndefined();
    expect(checkStoredBody(body(PDF), { ...expected, sha256: expected.sha256.toUpperCase() })).toBeUndefined();
  });
  test('a PNG declared as a PDF is a type mismatch, whatever its hash', () => {
    expect(checkStoredBody(body(PNG), { contentType: 'application/pdf', size: PNG.length, sha256: sha(PNG) }))
      .toMatchObject({ status: 422, code: 'document.type-mismatch', extra: { detected: 'image/png', declared: 'application/pdf' } });
    expect(checkStoredBody(body(Buffer.from('MZ\x90\x00')), expected)).toMatchObject({ code: 'document.type-mismatch', extra: { detected: 'unknown' } });
  });
  test('other bytes of the right type: hash mismatch; a longer body: size mismatch', () => {
    const forged = Buffer.from(PDF.toString().replace('Catalog', 'Catalos'));
    expect(checkStoredBody(body(forged), expected)).toMatchObject({ code: 'document.hash-mismatch', extra: { actual: sha(forged), declared: expected.sha256 } });
    expect(checkStoredBody({ ...body(PDF), size: PDF.length + 1 }, expected)).toMatchObject({ code: 'document.size-mismatch' });
  });
  test('every refusal speaks both languages', () => {
    const refusal = checkStoredBody(body(PNG), expected)!;
    expect(refusal.zh).toMatch(/已删除/);
    expect(refusal.en).toMatch(/deleted/);
  });
});
