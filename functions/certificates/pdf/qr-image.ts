import QRCode from 'qrcode';

/**
 * The QR code of a certificate as PDF content: an inline 1-bit image (`BI … ID … EI`), ASCII-hex encoded so
 * that the bytes are plain text and the same on every machine. Nothing here is left to an encoder's taste —
 * byte mode, error correction level L, the smallest version that holds the link, mask pattern 0 — so the
 * image is a function of the link alone, as ISO/IEC 18004 defines it; a verifier regenerates it byte for byte
 * (./signature-update.ts). Level L: the link carries the whole JWS (about 1.5–2 KB), and a higher level would
 * push the code past version 40.
 */
export const QR_QUIET_ZONE = 4; // modules of white border ISO/IEC 18004 asks for
/** What a QR code holds in byte mode at level L: version 40-L, 2953 bytes. */
export const QR_MAX_BYTES = 2953;

/** The modules, row by row from the top, quiet zone included: true = dark. */
export function qrModules(text: string): boolean[][] {
  const code = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'L', maskPattern: 0 });
  const size = code.modules.size;
  const total = size + 2 * QR_QUIET_ZONE;
  const rows: boolean[][] = [];
  for (let y = 0; y < total; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < total; x++) {
      const inside = x >= QR_QUIET_ZONE && y >= QR_QUIET_ZONE && x < size + QR_QUIET_ZONE && y < size + QR_QUIET_ZONE;
      row.push(inside && Boolean(code.modules.get(y - QR_QUIET_ZONE, x - QR_QUIET_ZONE)));
    }
    rows.push(row);
  }
  return rows;
}

/** A PDF number as this scheme writes it: at most 3 decimals, no trailing zeros, no exponent. */
export function pdfNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a PDF number: ${value}`);
  const fixed = value.toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/**
 * Content-stream operators that paint `text` as a QR code filling the square at (x, y) with side `size`
 * (PDF user space, origin bottom left). DeviceGray 1 bit: 0 is black, so a dark module is a 0 bit; each row
 * is padded to whole bytes, one row per line of hex.
 */
export function qrOperators(text: string, square: { x: number; y: number; size: number }): string {
  const rows = qrModules(text);
  const n = rows.length;
  const hex = rows.map((row) => {
    const bytes = new Uint8Array(Math.ceil(n / 8)).fill(0xff);
    row.forEach((dark, i) => {
      if (dark) bytes[i >> 3] &= ~(0x80 >> (i & 7));
    });
    return Buffer.from(bytes).toString('hex');
  });
  const s = pdfNumber(square.size);
  return [
    'q',
    `${s} 0 0 ${s} ${pdfNumber(square.x)} ${pdfNumber(square.y)} cm`,
    `BI /W ${n} /H ${n} /BPC 1 /CS /G /F /AHx ID`,
    ...hex,
    '>',
    'EI',
    'Q',
  ].join('\n');
}
