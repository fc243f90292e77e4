// Strategy: the Content-Disposition of a download link is built from a user-chosen filename; the
// tests check RFC 6266/8187 output on Chinese names and, by property, that no filename can break the
// header (quotes, CR/LF, path parts, lone surrogates) or lose its UTF-8 name.
import fc from 'fast-check';
import { contentDisposition } from './presigned-download.ts';

test('a Chinese name: an ASCII fallback and the exact UTF-8 name', () => {
  expect(contentDisposition('资质证书.pdf')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''%E8%B5%84%E8%B4%A8%E8%AF%81%E4%B9%A6.pdf`);
  expect(contentDisposition('scan (1).png', 'inline')).toBe(`inline; filename="scan (1).png"; filename*=UTF-8''scan%20%281%29.png`);
});

test('path parts, quotes and control characters are dropped; nothing left names a default', () => {
  expect(contentDisposition('..\\..\\etc/passwd')).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
  expect(contentDisposition('a"b\r\nSet-Cookie: x.pdf')).toBe(`attachment; filename="abSet-Cookie: x.pdf"; filename*=UTF-8''abSet-Cookie%3A%20x.pdf`);
  expect(contentDisposition('"\r\n')).toBe(`attachment; filename="document"; filename*=UTF-8''document`);
});

test('property: any filename gives one header line with a quoted ASCII name and a decodable UTF-8 name', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => {
    const value = contentDisposition(name);
    expect(value).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    const quoted = /filename="([^"]*)"/.exec(value)![1];
    expect(quoted).not.toMatch(/["\\]/);
    const decoded = decodeURIComponent(value.split("UTF-8''")[1]);
    expect(decoded).not.toMatch(/[/\\"\r\n]/);
  }));
});
