import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { beijingDateTime, METHOD_NAMES_ZH, type CertificateFields } from '../domain/certificate.ts';
import { yuanFigures, yuanInCapitals } from './amount.ts';
import { pdfLibFontkit } from './fontkit.ts';
import { drawSeal } from './seal.ts';
import { addSignatureSlots, type QrSquare } from './signature-update.ts';

/**
 * The content PDF of a selection certificate (电子中选确认书): one A4 page with the title, the number, the
 * confirmation text, a table of the fields, the verification instructions, the issuer with its seal, and the
 * empty QR slot that the signature update fills (ISM-CERT-PDF-1, ./signature-update.ts). Chinese is set in
 * Noto Sans Hans, embedded as a subset of the characters used (a certificate stays around 100 KB).
 * The same fields, presentation and fonts give the same bytes (dates come from the fields, not the clock).
 */
export type ContentFields = Omit<CertificateFields, 'pdfSha256'>;

export interface CertificateFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export interface CertificatePresentation {
  /** The issuing city as printed above the seal, e.g. 广东省揭阳市. */
  issuerName: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.42, 0.42, 0.42);
const FRAME = rgb(0.62, 0.12, 0.12);
export const QR_SQUARE: QrSquare = { x: MARGIN, y: 62, size: 150 };

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Greedy line breaking by character: Chinese breaks anywhere, and so do the codes and hashes printed here. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && font.widthOfTextAtSize(line + char, size) > width) {
      lines.push(line);
      line = '';
    }
    line += char;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** The rows of the table, label and value, in the order a reader checks them. */
export function certificateRows(f: ContentFields): [string, string][] {
  const rows: [string, string][] = [
    ['确认书编号', f.certificateNo],
    ['项目编号', f.project.id],
    ['项目名称', f.project.name],
    ['项目业主', f.owner.name],
    ['中选中介服务机构', f.agency.name],
    ['统一社会信用代码', f.agency.uscc],
    ['中介服务事项', `${f.serviceItem.name}（${f.serviceItem.code}）`],
    ['选取方式', METHOD_NAMES_ZH[f.method]],
  ];
  if (f.priceFen !== undefined) rows.push(['中选价格', `${yuanFigures(f.priceFen)} 元（人民币${yuanInCapitals(f.priceFen)}）`]);
  if (f.draw) {
    rows.push(['抽取种子承诺值', f.draw.commitment], ['备选库哈希', f.draw.poolHash]);
  }
  rows.push(['中选公示时间', beijingDateTime(f.awardedAt)], ['确认时间', beijingDateTime(f.confirmedAt)], ['出具时间', beijingDateTime(f.issuedAt)]);
  return rows;
}

export async function renderContentPdf(fields: ContentFields, presentation: CertificatePresentation, fontBytes: CertificateFonts): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(pdfLibFontkit);
  const fonts: Fonts = {
    // Named here, with a subset tag (PDF §9.6.4), rather than with pdf-lib's random suffix: same input, same bytes.
    regular: await doc.embedFont(fontBytes.regular, { subset: true, customName: 'ISMREG+NotoSansHans-Regular' }),
    bold: await doc.embedFont(fontBytes.bold, { subset: true, customName: 'ISMBLD+NotoSansHans-Bold' }),
  };
  const issued = new Date(Date.parse(fields.issuedAt));
  doc.setTitle(`中选确认书 ${fields.certificateNo}`);
  doc.setSubject('网上中介服务超市 电子中选确认书');
  doc.setCreator(`${presentation.issuerName}网上中介服务超市`);
  doc.setProducer('ism-supermarket certificates (ISM-CERT-PDF-1)');
  doc.setLanguage('zh-CN');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  const page = doc.addPage([A4.width, A4.height]);
  drawFrame(page);
  let y = drawHeading(page, fonts, fields);
  y = drawBody(page, fonts, fields, presentation, y);
  drawTable(page, fonts, certificateRows(fields), y);
  drawVerification(page, fonts, fields);
  drawIssuer(page, fonts, fields, presentation);
  addSignatureSlots(doc, page, QR_SQUARE);
  return doc.save({ useObjectStreams: false });
}

function drawFrame(page: PDFPage) {
  page.drawRectangle({ x: 28, y: 28, width: A4.width - 56, height: A4.height - 56, borderColor: FRAME, borderWidth: 2 });
  page.drawRectangle({ x: 34, y: 34, width: A4.width - 68, height: A4.height - 68, borderColor: FRAME, borderWidth: 0.6 });
}

function centred(page: PDFPage, text: string, font: PDFFont, size: number, y: number, color = INK) {
  page.drawText(text, { x: (A4.width - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color });
}

function drawHeading(page: PDFPage, fonts: Fonts, f: ContentFields): number {
  centred(page, '中 选 确 认 书', fonts.bold, 30, 752);
  centred(page, '网上中介服务超市 · Selection Certificate', fonts.regular, 10.5, 728, GREY);
  const number = `编号：${f.certificateNo}`;
  page.drawText(number, { x: A4.width - MARGIN - fonts.regular.widthOfTextAtSize(number, 10.5), y: 700, size: 10.5, font: fonts.regular, color: INK });
  return 672;
}

function drawBody(page: PDFPage, fonts: Fonts, f: ContentFields, p: CertificatePresentation, top: number): number {
  const size = 12.5;
  const width = A4.width - 2 * MARGIN;
  page.drawText(`${f.owner.name}：`, { x: MARGIN, y: top, size, font: fonts.bold, color: INK });
  const text = `　　经${p.issuerName}网上中介服务超市以${METHOD_NAMES_ZH[f.method]}方式选取并经中选公示，现确认${f.agency.name}为下列项目的中选中介服务机构。请双方据此签订服务合同。特此确认。`;
  let y = top - 24;
  for (const line of wrap(text, fonts.regular, size, width)) {
    page.drawText(line, { x: MARGIN, y, size, font: fonts.regular, color: INK, lineHeight: 21 });
    y -= 21;
  }
  return y - 8;
}

function drawTable(page: PDFPage, fonts: Fonts, rows: [string, string][], top: number) {
  const labelWidth = 112;
  const size = 10.5;
  const line = 15;
  const left = MARGIN;
  const right = A4.width - MARGIN;
  let y = top;
  page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.8, color: GREY });
  for (const [label, value] of rows) {
    // Hashes are long and carry no spaces: a smaller size keeps each on one line.
    const valueSize = /^[0-9a-f]{64}$/.test(value) ? 8.4 : size;
    const lines = wrap(value, fonts.regular, valueSize, right - left - labelWidth - 8);
    const height = Math.max(1, lines.length) * line + 8;
    page.drawText(label, { x: left + 4, y: y - 15, size, font: fonts.bold, color: INK });
    lines.forEach((text, i) => page.drawText(text, { x: left + labelWidth, y: y - 15 - i * line, size: valueSize, font: fonts.regular, color: INK }));
    y -= height;
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.4, color: GREY });
  }
}

function drawVerification(page: PDFPage, fonts: Fonts, f: ContentFields) {
  const x = QR_SQUARE.x + QR_SQUARE.size + 14;
  const width = 150;
  let y = QR_SQUARE.y + QR_SQUARE.size - 10;
  const write = (text: string, size: number, font = fonts.regular, color = INK) => {
    for (const l of wrap(text, font, size, width)) {
      page.drawText(l, { x, y, size, font, color });
      y -= size + 3.5;
    }
  };
  write('验证 / Verification', 10.5, fonts.bold);
  y -= 2;
  write('扫描左侧二维码，或访问：', 8.5);
  write(f.verificationUrl, 7, fonts.regular, GREY);
  y -= 3;
  write('本确认书经电子签名（ES256，ECDSA P-256），公钥见签发方 /.well-known/jwks.json；文件任何字节被改动，验证即失败。', 8.5);
  page.drawText('扫码验证', { x: QR_SQUARE.x + QR_SQUARE.size / 2 - fonts.regular.widthOfTextAtSize('扫码验证', 8) / 2, y: QR_SQUARE.y - 11, size: 8, font: fonts.regular, color: GREY });
}

function drawIssuer(page: PDFPage, fonts: Fonts, f: ContentFields, p: CertificatePresentation) {
  const name = `${p.issuerName}网上中介服务超市`;
  const date = beijingDateTime(f.issuedAt).split(' ')[0];
  const right = A4.width - MARGIN;
  page.drawText(name, { x: right - fonts.bold.widthOfTextAtSize(name, 11), y: 150, size: 11, font: fonts.bold, color: INK });
  page.drawText(date, { x: right - fonts.regular.widthOfTextAtSize(date, 11.5), y: 128, size: 11.5, font: fonts.regular, color: INK });
  drawSeal(page, { cx: right - 70, cy: 142, radius: 58, issuer: name, purpose: '中选确认专用章', font: fonts.bold });
}
