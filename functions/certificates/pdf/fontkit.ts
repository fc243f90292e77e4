import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

/**
 * fontkit 2 in the shape pdf-lib 1.17 expects of `@pdf-lib/fontkit`. pdf-lib's own fork subsets CJK fonts
 * wrongly — glyphs of Noto Sans SC/Hans go missing from TrueType and CFF subsets alike (seen with poppler:
 * "Embedded font file may be invalid") — while fontkit 2's subsets are whole. The only difference pdf-lib
 * meets is how a subset is written: the fork streams it (`encodeStream()`), fontkit 2 returns the bytes
 * (`encode()`); this adapter answers the former with the latter.
 */
type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

interface StreamLike {
  on(event: 'data' | 'end' | 'error', listener: (data: Uint8Array) => void): StreamLike;
}

function bytesAsStream(encode: () => Uint8Array): StreamLike {
  const listeners: Record<string, ((data: Uint8Array) => void)[]> = {};
  let scheduled = false;
  const stream: StreamLike = {
    on(event, listener) {
      (listeners[event] ??= []).push(listener);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(() => {
          try {
            const bytes = encode();
            for (const l of listeners.data ?? []) l(bytes);
            for (const l of listeners.end ?? []) l(new Uint8Array(0));
          } catch (error) {
            for (const l of listeners.error ?? []) l(error as Uint8Array);
          }
        });
      }
      return stream;
    },
  };
  return stream;
}

export const pdfLibFontkit: PdfLibFontkit = {
  create(buffer: Uint8Array) {
    const font = fontkit.create(Buffer.from(buffer)) as fontkit.Font;
    const createSubset = font.createSubset.bind(font);
    return Object.assign(font, {
      createSubset: () => {
        const subset = createSubset();
        return Object.assign(subset, { encodeStream: () => bytesAsStream(() => subset.encode()) });
      },
    }) as unknown as ReturnType<PdfLibFontkit['create']>;
  },
};
