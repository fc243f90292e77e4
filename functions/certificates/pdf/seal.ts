import { degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * The issuer's seal (电子印章), drawn as vector graphics in the style of a Chinese official seal: a red ring,
 * a five-pointed star in the middle, the issuer's name along the upper arc and the seal's purpose
 * (中选确认专用章) straight below the star. It is a picture of a seal, not the signature: what makes the
 * certificate authentic is the ES256 signature over the fields and the PDF (ISM-CERT-PDF-1).
 */
export const SEAL_RED = rgb(0.82, 0.1, 0.1);

export interface SealOptions {
  /** Centre of the seal in page coordinates. */
  cx: number;
  cy: number;
  radius: number;
  /** Along the upper arc, e.g. 广东省揭阳市网上中介服务超市. */
  issuer: string;
  /** Under the star. */
  purpose: string;
  font: PDFFont;
}

export function drawSeal(page: PDFPage, o: SealOptions): void {
  const style = { color: SEAL_RED, opacity: 0.88 };
  page.drawCircle({ x: o.cx, y: o.cy, size: o.radius, borderColor: SEAL_RED, borderWidth: o.radius * 0.055, borderOpacity: 0.88 });
  page.drawSvgPath(starPath(o.radius * 0.3), { x: o.cx, y: o.cy, ...style });

  // The name runs clockwise over the top, from lower left to lower right, each character upright to the rim,
  // as large as the arc between two characters allows.
  const chars = [...o.issuer];
  const span = Math.min(220, 17 * chars.length);
  const step = chars.length > 1 ? span / (chars.length - 1) : 0;
  const size = Math.min(o.radius * 0.19, chars.length > 1 ? 0.86 * o.radius * 0.8 * ((step * Math.PI) / 180) : Infinity);
  const textRadius = o.radius * 0.91 - size * 0.55;
  chars.forEach((char, i) => {
    const phi = ((90 + span / 2 - step * i) * Math.PI) / 180;
    const up = { x: Math.cos(phi), y: Math.sin(phi) };
    const along = { x: Math.sin(phi), y: -Math.cos(phi) };
    const width = o.font.widthOfTextAtSize(char, size);
    // (x, y) is the glyph's origin: half a width back along the baseline, and down from its visual centre.
    const x = o.cx + textRadius * up.x - (width / 2) * along.x - size * 0.38 * up.x;
    const y = o.cy + textRadius * up.y - (width / 2) * along.y - size * 0.38 * up.y;
    page.drawText(char, { x, y, size, font: o.font, rotate: degrees((phi * 180) / Math.PI - 90), ...style });
  });

  const purposeSize = o.radius * 0.15;
  const purposeWidth = o.font.widthOfTextAtSize(o.purpose, purposeSize);
  page.drawText(o.purpose, { x: o.cx - purposeWidth / 2, y: o.cy - o.radius * 0.58, size: purposeSize, font: o.font, ...style });
}

/** A five-pointed star centred on the origin, in SVG path syntax (y down, as drawSvgPath expects). */
function starPath(outer: number): string {
  const inner = outer * 0.382;
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${(r * Math.cos(angle)).toFixed(2)} ${(r * Math.sin(angle)).toFixed(2)}`);
  }
  return `M ${points.join(' L ')} Z`;
}
