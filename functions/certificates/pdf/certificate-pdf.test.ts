/**
 * Strategy: render certificates with the real font package and read them back the way a reader would — the
 * page's text through the fonts' ToUnicode maps (#test/support/pdf-text.ts) — so "renders Chinese" means every
 * field's characters are in the embedded subset and shown on the page, not merely that no error was thrown.
 * Also: the fonts are embedded as tagged subsets (small), the same input gives the same bytes, and the page
 * has the two empty slots the signature update fills (ISM-CERT-PDF-1).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { pageText } from '#test/support/pdf-text.ts';
import { certificateFonts } from '../adapters/certificate-fonts.ts';
import { beijingDateTime } from '../domain/certificate.ts';
import { certificateFields } from '../domain/test-fixtures.ts';
import { certificateRows, renderContentPdf, type CertificateFonts, type ContentFields } from './certificate-pdf.ts';
import { QR_LINK_NAME } from './signature-update.ts';

const presentation = { issuerName: '广东省揭阳市' };
const contentOf = (overrides: Parameters<typeof certificateFields>[0] = {}): ContentFields => {
  const { pdfSha256, ...fields } = certificateFields(overrides);
  void pdfSha256;
  return fields;
};

let fonts: CertificateFonts;
beforeAll(async () => {
  fonts = await certificateFonts();
});

describe('the content PDF of a certificate', () => {
  it('is one A4 page that shows every field, in Chinese, as text', async () => {
    const fields = contentOf({ method: 'lowest-price', priceFen: 1_250_000 });
    const pdf = await renderContentPdf(fields, presentation, fonts);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });

    const { all, strings } = await pageText(pdf);
    expect(all).not.toContain('\uFFFD');
    expect(strings).toContain('中 选 确 认 书');
    for (const [label, value] of certificateRows(fields)) {
      expect(all).toContain(label);
      expect(all).toContain(value);
    }
    expect(all).toContain('¥12,500.00 元（人民币壹万贰仟伍佰元整）');
    expect(all).toContain('竞价选取');
    expect(all).toContain('2026年3月9日 09:30');
    expect(all).toContain(fields.verificationUrl);
    // The seal: the issuer along its rim (one character at a time) and its purpose.
    expect(all).toContain('广东省揭阳市网上中介服务超市');
    expect(strings).toContain('中选确认专用章');
  });

  it('prints the draw for the random method and no price when there is none', async () => {
    const fields = contentOf();
    const { all } = await pageText(await renderContentPdf(fields, presentation, fonts));
    expect(all).toContain('随机选取');
    expect(all).toContain(fields.draw!.commitment);
    expect(all).toContain(fields.draw!.poolHash);
    expect(all).not.toContain('中选价格');
  });

  it('embeds the two fonts as tagged subsets, so a certificate stays small', async () => {
    const pdf = await renderContentPdf(contentOf(), presentation, fonts);
    expect(fonts.regular.length).toBeGreaterThan(5_000_000);
    expect(pdf.length).toBeLessThan(200_000);
    const doc = await PDFDocument.load(pdf);
    const names = doc.context.enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Font') && o.get(PDFName.of('Subtype')) === PDFName.of('Type0'))
      .map((o) => o.get(PDFName.of('BaseFont'))?.toString());
    expect(names.sort()).toEqual(['/ISMBLD+NotoSansHans-Bold', '/ISMREG+NotoSansHans-Regular']);
    const programs = doc.context.enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.has(PDFName.of('FontFile3')))
      .map((d) => doc.context.lookup(d.get(PDFName.of('FontFile3')) as PDFRef) as PDFRawStream);
    expect(programs).toHaveLength(2);
    for (const program of programs) expect(program.getContents().length).toBeLessThan(100_000);
  });

  it('is the same bytes for the same fields (dates come from the fields, names are fixed)', async () => {
    const fields = contentOf();
    const [a, b] = await Promise.all([renderContentPdf(fields, presentation, fonts), renderContentPdf(fields, presentation, fonts)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('leaves the two empty slots the signature update fills', async () => {
    const doc = await PDFDocument.load(await renderContentPdf(contentOf(), presentation, fonts));
    const page = doc.getPage(0);
    const contents = page.node.Contents() as PDFArray;
    const slot = doc.context.lookup(contents.get(contents.size() - 1) as PDFRef) as PDFRawStream;
    expect(slot.getContents()).toHaveLength(0);
    const links = page.node.Annots()!.asArray().map((r) => doc.context.lookup(r as PDFRef, PDFDict));
    expect(links).toHaveLength(1);
    expect(links[0].get(PDFName.of('NM'))?.toString()).toBe(PDFString.of(QR_LINK_NAME).toString());
    expect(links[0].has(PDFName.of('A'))).toBe(false);
  });

  it('writes Beijing dates as a Chinese reader expects', () => {
    expect(beijingDateTime('2026-03-09T09:30:05.000+08:00')).toBe('2026年3月9日 09:30');
    expect(() => beijingDateTime('soon')).toThrow(RangeError);
  });
});
