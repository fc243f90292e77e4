import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFPage } from 'pdf-lib';
import { pdfNumber, qrOperators } from './qr-image.ts';

/**
 * ISM-CERT-PDF-1: how a certificate's PDF carries its own signature, so that it verifies from the file alone.
 *
 * The JWS signs the fields, and the fields include `pdfSha256`; the PDF must carry the JWS (metadata and the QR
 * code's link). Both hold because the file is made in two parts:
 *
 *   final PDF  =  content PDF  ||  signature update
 *
 * 1. The *content PDF* is the whole certificate as printed, except the QR code. Its first page has two empty
 *    slots: the last entry of the page's `/Contents` is an empty stream (the QR's place), and one of its
 *    `/Annots` is a Link annotation named `/NM (ism-certificate-qr)` with the QR's `/Rect` and no action.
 *    `pdfSha256` = SHA-256 of exactly these bytes.
 * 2. The fields (with `pdfSha256`) are signed: the compact JWS.
 * 3. The *signature update* is a PDF incremental update (ISO 32000-1 §7.5.6) appended to the content PDF: it
 *    redefines the QR slot (an inline 1-bit image of the link, ./qr-image.ts), redefines the Link annotation
 *    with the action `URI (<link>)`, adds a document information dictionary with `/Title`, `/Subject` and
 *    `/ISMCertificateJWS (<jws>)`, a cross-reference section and a trailer (`/Prev` = the content PDF's
 *    startxref). link = fields.verificationUrl + `?jws=` + jws. Readers show the updated page and metadata;
 *    the content PDF's bytes stay untouched in front.
 *
 * The update is a pure function of (content PDF, JWS) — `signatureUpdate` below, which writes every byte
 * itself (no PDF library's serializer, no compression) — so a verifier:
 *   a. finds the JWS (the last `/ISMCertificateJWS (…)` of the file) and checks its signature and fields;
 *   b. finds the content PDF: the prefix ending at an `%%EOF` (with its end-of-line) whose SHA-256 is the
 *      signed `pdfSha256`;
 *   c. regenerates the update from (prefix, JWS) and requires `prefix || update` to equal the file, byte for byte.
 * A changed byte in the content PDF fails (b); in the update, or anything truncated or appended, fails (c).
 */
export const QR_LINK_NAME = 'ism-certificate-qr';
export const JWS_INFO_KEY = 'ISMCertificateJWS';
const SUBJECT = '网上中介服务超市 电子中选确认书 (ISM-CERT-PDF-1)';

export class SignedPdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignedPdfError';
  }
}

export interface QrSquare {
  x: number;
  y: number;
  size: number;
}

/** Adds the two empty slots to the certificate's page while the content PDF is being built. */
export function addSignatureSlots(doc: PDFDocument, page: PDFPage, square: QrSquare): void {
  const slot = doc.context.register(doc.context.stream(new Uint8Array(0)));
  page.node.addContentStream(slot);
  const rect = [square.x, square.y, square.x + square.size, square.y + square.size];
  const link = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Link', NM: PDFString.of(QR_LINK_NAME), Rect: rect, Border: [0, 0, 0], F: 4 }));
  page.node.addAnnot(link);
}

/** What the update needs to know of the content PDF, read from it (never from the update). */
interface ContentFacts {
  startxref: number;
  size: number;
  root: string;
  qrSlot: number;
  link: number;
  rect: [number, number, number, number];
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

async function contentFacts(content: Uint8Array): Promise<ContentFacts> {
  const text = latin1(content);
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64));
  if (!tail) throw new SignedPdfError('the content PDF does not end with startxref and %%EOF');
  const trailerAt = text.lastIndexOf('trailer');
  const trailer = trailerAt < 0 ? '' : text.slice(trailerAt, text.lastIndexOf('startxref'));
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const root = /\/Root\s+(\d+\s+\d+)\s+R/.exec(trailer);
  if (!size || !root) throw new SignedPdfError('the content PDF has no classic trailer with /Size and /Root');

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(content, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    throw new SignedPdfError(`the content PDF does not parse (${(error as Error).message})`);
  }
  const page = doc.getPages()[0];
  if (!page) throw new SignedPdfError('the content PDF has no page');
  const contents = page.node.Contents();
  const slotRef = contents instanceof PDFArray ? contents.get(contents.size() - 1) : undefined;
  const slot = slotRef instanceof PDFRef ? doc.context.lookup(slotRef) : undefined;
  if (!(slotRef instanceof PDFRef) || !(slot instanceof PDFRawStream) || slot.getContents().length !== 0) {
    throw new SignedPdfError('the first page has no empty QR slot as the last entry of /Contents');
  }
  const annots = page.node.Annots();
  const linkRef = annots?.asArray().find((ref) => {
    const annot = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    return annot instanceof PDFDict && annot.get(PDFName.of('NM'))?.toString() === PDFString.of(QR_LINK_NAME).toString();
  });
  const link = linkRef instanceof PDFRef ? doc.context.lookup(linkRef, PDFDict) : undefined;
  const rect = link?.get(PDFName.of('Rect'));
  const numbers = rect instanceof PDFArray ? rect.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) : [];
  if (!(linkRef instanceof PDFRef) || !link || link.has(PDFName.of('A')) || numbers.length !== 4 || numbers.some(Number.isNaN)) {
    throw new SignedPdfError(`the first page has no empty Link annotation named ${QR_LINK_NAME}`);
  }
  return {
    startxref: Number(tail[1]), size: Number(size[1]), root: root[1].replace(/\s+/, ' '),
    qrSlot: slotRef.objectNumber, link: linkRef.objectNumber, rect: numbers as ContentFacts['rect'],
  };
}

/** The parts of the (not yet verified) payload the update is made of. */
function payloadOf(jws: string): { certificateNo: string; verificationUrl: string } {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jws)) throw new SignedPdfError('not a compact JWS');
  let payload: { certificateNo?: unknown; verificationUrl?: unknown };
  try {
    payload = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    throw new SignedPdfError('the JWS payload is not JSON');
  }
  if (typeof payload?.certificateNo !== 'string' || typeof payload.verificationUrl !== 'string') {
    throw new SignedPdfError('the JWS payload names no certificateNo and verificationUrl');
  }
  return { certificateNo: payload.certificateNo, verificationUrl: payload.verificationUrl };
}

/** The QR code's link: the signed verification page with the JWS as its query. */
export function verificationLink(verificationUrl: string, jws: string): string {
  return `${verificationUrl}?jws=${jws}`;
}

/** A PDF literal string of printable ASCII; anything else has no place in this scheme's strings. */
function literal(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new SignedPdfError('only printable ASCII goes into a literal string');
  return `(${value.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A text string (PDF §7.9.2.2): UTF-16BE with its byte order mark, hex. */
function textString(value: string): string {
  const utf16 = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/** The signature update for this content PDF and JWS, byte for byte. */
export async function signatureUpdate(content: Uint8Array, jws: string): Promise<Uint8Array> {
  const facts = await contentFacts(content);
  const { certificateNo, verificationUrl } = payloadOf(jws);
  const link = verificationLink(verificationUrl, jws);
  const [x1, y1, x2, y2] = facts.rect;
  const info = facts.size;

  const lead = content[content.length - 1] === 0x0a ? '' : '\n';
  const objects: [number, string][] = [
    [facts.qrSlot, (() => {
      const ops = qrOperators(link, { x: x1, y: y1, size: Math.min(x2 - x1, y2 - y1) });
      return `<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`;
    })()],
    [facts.link, `<< /Type /Annot /Subtype /Link /NM ${literal(QR_LINK_NAME)} /Rect [${facts.rect.map(pdfNumber).join(' ')}] /Border [0 0 0] /F 4 /A << /S /URI /URI ${literal(link)} >> >>`],
    [info, `<< /Title ${textString(`中选确认书 ${certificateNo}`)} /Subject ${textString(SUBJECT)} /${JWS_INFO_KEY} ${literal(jws)} >>`],
  ];
  let body = lead;
  const offsets = new Map<number, number>();
  for (const [number, value] of objects) {
    offsets.set(number, content.length + Buffer.byteLength(body, 'latin1'));
    body += `${number} 0 obj\n${value}\nendobj\n`;
  }
  const xrefAt = content.length + Buffer.byteLength(body, 'latin1');
  const xref = [...offsets.entries()].sort(([a], [b]) => a - b).map(([number, at]) => `${number} 1\n${String(at).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n${xref}trailer\n<< /Size ${info + 1} /Root ${facts.root} R /Info ${info} 0 R /Prev ${facts.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

/** content PDF || its signature update: the file that is stored, served and printed. */
export async function appendSignatureUpdate(content: Uint8Array, jws: string): Promise<Uint8Array> {
  return new Uint8Array(Buffer.concat([content, await signatureUpdate(content, jws)]));
}

/** The JWS a signed PDF carries (the last one, as a reader takes the last update's metadata). */
export function jwsOfPdf(pdf: Uint8Array): string | undefined {
  const text = latin1(pdf);
  const matches = [...text.matchAll(new RegExp(`/${JWS_INFO_KEY}\\s*\\(([A-Za-z0-9_.-]+)\\)`, 'g'))];
  return matches.at(-1)?.[1];
}

/**
 * Recovers the content PDF whose SHA-256 is `pdfSha256` and checks that the file is exactly that content
 * followed by the update `jws` makes of it. Returns the content bytes, or why not.
 */
export async function contentOfSignedPdf(pdf: Uint8Array, jws: string, pdfSha256: string): Promise<{ content?: Uint8Array; reason?: string }> {
  const text = latin1(pdf);
  let content: Uint8Array | undefined;
  search: for (let at = text.indexOf('%%EOF'); at >= 0; at = text.indexOf('%%EOF', at + 1)) {
    const after = at + 5;
    const eol = text.startsWith('\r\n', after) ? 2 : text[after] === '\n' || text[after] === '\r' ? 1 : 0;
    for (const end of new Set([after, after + eol])) {
      if (end >= pdf.length) continue;
      const prefix = pdf.subarray(0, end);
      if (createHash('sha256').update(prefix).digest('hex') === pdfSha256) {
        content = prefix;
        break search;
      }
    }
  }
  if (!content) return { reason: 'no part of the file has the signed SHA-256 (pdfSha256): the certificate\'s content was changed' };
  let expected: Uint8Array;
  try {
    expected = await appendSignatureUpdate(content, jws);
  } catch (error) {
    return { reason: `the signed content is not a certificate PDF (${(error as Error).message})` };
  }
  if (!Buffer.from(expected).equals(Buffer.from(pdf))) {
    return { reason: 'the file is not the signed content followed by its signature update (ISM-CERT-PDF-1): bytes were changed, cut off or appended' };
  }
  return { content };
}
