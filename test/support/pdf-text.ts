import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';

/**
 * The text of a PDF page as a reader's copy-and-paste would give it, for tests: the page's content streams
 * are read for `/Font size Tf` and `<hex> Tj`, and each font's ToUnicode CMap turns glyph ids back into text.
 * Enough for what pdf-lib writes (Identity-H fonts, hex strings); not a general text extractor.
 */
export interface PageText {
  /** Every shown string, in drawing order. */
  strings: string[];
  /** The strings joined: search it for a value that may have been wrapped over lines. */
  all: string;
}

const bytesOf = (stream: unknown): Uint8Array =>
  stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : new Uint8Array(0);

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, gid, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(gid, 16), hexText(text));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, start] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = parseInt(start, 16);
      for (let g = parseInt(lo, 16); g <= parseInt(hi, 16); g++) map.set(g, String.fromCodePoint(first + g - parseInt(lo, 16)));
    }
  }
  return map;
}

function fontMaps(doc: PDFDocument, page: PDFPage): Map<string, Map<number, string>> {
  const maps = new Map<string, Map<number, string>>();
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
  for (const [name, ref] of fonts?.entries() ?? []) {
    const font = doc.context.lookup(ref, PDFDict);
    const toUnicode = font.get(PDFName.of('ToUnicode'));
    const stream = toUnicode instanceof PDFRef ? doc.context.lookup(toUnicode) : undefined;
    maps.set(name.asString(), toUnicodeMap(Buffer.from(bytesOf(stream)).toString('latin1')));
  }
  return maps;
}

export async function pageText(pdf: Uint8Array, pageIndex = 0): Promise<PageText> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(pageIndex);
  const maps = fontMaps(doc, page);
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  const ops = streams.map((s) => Buffer.from(bytesOf(s)).toString('latin1')).join('\n');
  const strings: string[] = [];
  let current: Map<number, string> | undefined;
  for (const [, font, hex] of ops.matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
    if (font) current = maps.get(font);
    else if (hex !== undefined && current) {
      let text = '';
      for (let i = 0; i < hex.length; i += 4) text += current.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      strings.push(text);
    }
  }
  return { strings, all: strings.join('') };
}
