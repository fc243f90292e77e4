/**
 * Strategy: ISM-CERT-PDF-1 binds a certificate's JWS and its PDF both ways, so the tests attack the file as a
 * forger would: every single-byte change (a property over random positions, in the content part and in the
 * appended update, plus the positions that matter most — the JWS, the QR image, the xref, the last byte),
 * truncations, appended bytes, a second update, a PDF stripped of its update, a splice of one certificate's
 * content with another's update, and a key the published set does not have. The signed file must verify
 * from its bytes alone, and the register's status must show through.
 */
import fc from 'fast-check';
import jsQR from 'jsqr';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString, type PDFArray } from 'pdf-lib';
import { LocalSigner } from '../adapters/local-signer.ts';
import { certificateFonts } from '../adapters/certificate-fonts.ts';
import { jwksOf } from '../domain/jwks.ts';
import { sha256Hex, signCertificate, type JsonWebKeySet } from '../domain/jws.ts';
import { certificateFields } from '../domain/test-fixtures.ts';
import { QR_SQUARE, renderContentPdf } from './certificate-pdf.ts';
import { qrOperators } from './qr-image.ts';
import { appendSignatureUpdate, JWS_INFO_KEY, jwsOfPdf, signatureUpdate, verificationLink } from './signature-update.ts';
import { verifyCertificatePdf } from './verify-pdf.ts';

let signer: LocalSigner;
let jwks: JsonWebKeySet;
let content: Uint8Array;
let jws: string;
let pdf: Uint8Array;

async function signedCertificate(overrides: Parameters<typeof certificateFields>[0] = {}) {
  const { pdfSha256, ...fields } = certificateFields(overrides);
  void pdfSha256;
  const body = await renderContentPdf(fields, { issuerName: '广东省揭阳市' }, await certificateFonts());
  const token = await signCertificate({ ...fields, pdfSha256: sha256Hex(body) }, signer);
  return { content: body, jws: token, pdf: await appendSignatureUpdate(body, token) };
}

beforeAll(async () => {
  signer = await LocalSigner.create();
  jwks = await jwksOf([signer]);
  ({ content, jws, pdf } = await signedCertificate());
});

const flipped = (bytes: Uint8Array, at: number, mask = 0x01) => {
  const copy = new Uint8Array(bytes);
  copy[at] ^= mask;
  return copy;
};
const resultOf = async (bytes: Uint8Array) => (await verifyCertificatePdf(bytes, jwks)).result;

describe('ISM-CERT-PDF-1: a certificate verifies from its PDF alone', () => {
  it('the signed file is the content PDF followed by its update, and verifies with the fields it carries', async () => {
    expect(Buffer.from(pdf.subarray(0, content.length)).equals(Buffer.from(content))).toBe(true);
    const verification = await verifyCertificatePdf(pdf, jwks);
    expect(verification).toMatchObject({ result: 'valid', reasons: [], jws, kid: signer.kid });
    expect(verification.fields?.pdfSha256).toBe(sha256Hex(content));
    expect((await verifyCertificatePdf(pdf, jwks, { status: 'voided' })).result).toBe('voided');
  });

  it('carries the JWS in its metadata, and the verification link in its QR code and link annotation', async () => {
    const link = verificationLink(certificateFields().verificationUrl, jws);
    expect(link).toMatch(/^https:\/\/api\.445200\.example\.gov\.cn\/v1\/certificates\/ZXQR-445203-2026-000123\/verification\?jws=eyJ/);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const info = doc.context.lookup(doc.context.trailerInfo.Info as PDFRef, PDFDict);
    expect((info.get(PDFName.of(JWS_INFO_KEY)) as PDFString).asString()).toBe(jws);
    expect(doc.getTitle()).toBe('中选确认书 ZXQR-445203-2026-000123');
    expect(jwsOfPdf(pdf)).toBe(jws);

    const page = doc.getPage(0);
    const annot = doc.context.lookup(page.node.Annots()!.get(0) as PDFRef, PDFDict);
    const action = annot.lookup(PDFName.of('A'), PDFDict);
    expect((action.get(PDFName.of('URI')) as PDFString).asString()).toBe(link);
    const contents = page.node.Contents() as PDFArray;
    const qr = doc.context.lookup(contents.get(contents.size() - 1) as PDFRef) as PDFRawStream;
    const ops = Buffer.from(qr.getContents()).toString('latin1');
    expect(ops).toBe(qrOperators(link, QR_SQUARE));
    // The inline image is the QR code of the link: rasterised module by module, a QR reader decodes it.
    const rows = ops.split('\n');
    const size = Number(/\/W (\d+)/.exec(ops)![1]);
    const bits = rows.slice(rows.findIndex((r) => r.endsWith(' ID')) + 1).slice(0, size).map((hex) => Buffer.from(hex, 'hex'));
    const scale = 4;
    const rgba = new Uint8ClampedArray(size * scale * size * scale * 4);
    for (let y = 0; y < size * scale; y++) {
      for (let x = 0; x < size * scale; x++) {
        const mx = Math.floor(x / scale);
        const white = (bits[Math.floor(y / scale)][mx >> 3] & (0x80 >> (mx & 7))) !== 0;
        rgba.fill(white ? 255 : 0, (y * size * scale + x) * 4, (y * size * scale + x) * 4 + 3);
        rgba[(y * size * scale + x) * 4 + 3] = 255;
      }
    }
    expect(jsQR(rgba, size * scale, size * scale)?.data).toBe(link);
  });

  it('derives the update from the content and the JWS alone, byte for byte', async () => {
    expect(Buffer.from(await signatureUpdate(content, jws)).equals(Buffer.from(pdf.subarray(content.length)))).toBe(true);
  });

  it('fails when any one byte changes, in the content or in the update (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: pdf.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
      expect(await resultOf(flipped(pdf, at, mask))).not.toBe('valid');
    }), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(fc.integer({ min: content.length, max: pdf.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
      expect(await resultOf(flipped(pdf, at, mask))).not.toBe('valid');
    }), { numRuns: 150 });
  });

  it('fails when the bytes that matter most change: first and last byte, the JWS, the QR image, the xref', async () => {
    const text = Buffer.from(pdf).toString('latin1');
    const positions = {
      first: 0,
      last: pdf.length - 1,
      'content %%EOF': content.length - 2,
      'JWS signature': text.lastIndexOf(jws) + jws.length - 3,
      'JWS payload': text.lastIndexOf(jws) + jws.indexOf('.') + 10,
      'QR image': text.indexOf(' ID\n', content.length) + 200,
      'link URI': text.lastIndexOf('?jws=') + 8,
      'update xref': text.lastIndexOf('xref\n') + 8,
      'update startxref': text.lastIndexOf('startxref\n') + 11,
    };
    for (const [what, at] of Object.entries(positions)) {
      const result = await verifyCertificatePdf(flipped(pdf, at), jwks);
      expect({ what, result: result.result }).toEqual({ what, result: 'invalid' });
    }
  });

  it('fails when cut short, or when anything is appended — a second update included', async () => {
    for (const cut of [pdf.length - 1, pdf.length - 6, content.length + 1, Math.floor(pdf.length / 2)]) {
      expect(await resultOf(pdf.subarray(0, cut))).toBe('invalid');
    }
    const second = await signatureUpdate(pdf.subarray(0, content.length), jws);
    for (const tail of [Buffer.from('\n'), Buffer.from(' '), Buffer.from('%%EOF\n'), Buffer.from(second)]) {
      expect(await resultOf(new Uint8Array(Buffer.concat([pdf, tail])))).toBe('invalid');
    }
  });

  it('a content PDF without its update carries no signature', async () => {
    const verification = await verifyCertificatePdf(content, jwks);
    expect(verification.result).toBe('invalid');
    expect(verification.reasons[0]).toMatch(/no certificate signature/);
  });

  it('one certificate\'s content with another\'s (validly signed) update fails', async () => {
    const other = await signedCertificate({ certificateNo: 'ZXQR-445203-2026-000124', project: { id: 'P-445203-2026-0043', name: '另一个项目' } });
    const splice = new Uint8Array(Buffer.concat([content, other.pdf.subarray(other.content.length)]));
    const verification = await verifyCertificatePdf(splice, jwks);
    expect(verification.result).toBe('invalid');
    expect(verification.reasons[0]).toMatch(/pdfSha256|signed content/);
  });

  it('a certificate signed by a key the published set does not hold is not valid', async () => {
    const stranger = await jwksOf([await LocalSigner.create()]);
    expect((await verifyCertificatePdf(pdf, stranger)).result).toBe('unknown-key');
  });
});
