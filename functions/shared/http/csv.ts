/**
 * CSV downloads (RFC 4180) that Excel opens with the Chinese intact: UTF-8 with a byte-order mark, CRLF line ends,
 * every field quoted when it holds a comma, a quote, a line break or leading/trailing space; a field starting with
 * = + - @ (or a tab/CR) is prefixed with an apostrophe so that a spreadsheet does not run it as a formula.
 */
export type Cell = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  return `\uFEFF${[headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Fen as yuan with two decimals (the CSV is for people): 5000000 → "50000.00". */
export const yuanText = (fen: number | undefined): string => (fen === undefined ? '' : (fen / 100).toFixed(2));

/** A CSV download as a handler answers it: an attachment, cacheable for a minute like the public lists it copies. */
export const csvAnswer = (csv: string, filename: string) => ({
  binary: { contentType: 'text/csv; charset=utf-8', data: new TextEncoder().encode(csv) },
  headers: { 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'public, max-age=60' },
});
