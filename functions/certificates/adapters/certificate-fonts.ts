import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CertificateFonts } from '../pdf/certificate-pdf.ts';

/**
 * The certificate's Chinese font: Noto Sans Hans (SIL OFL 1.1, GB 2312 coverage) from the npm package
 * `@embedpdf/fonts-sc`. In a Lambda bundle the files sit in `fonts/` beside the handler — the function
 * construct copies them there for functions that sign certificates (lib/constructs/ism-function.ts) — and
 * LAMBDA_TASK_ROOT, which Lambda and the local cloud's runtime both set, is that folder. Run from the source
 * tree (tests, scripts), they are read from the package itself.
 */
export const CERTIFICATE_FONT_PACKAGE = '@embedpdf/fonts-sc';
export const CERTIFICATE_FONT_FILES = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } as const;

function fontDir(): string {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  if (taskRoot) return join(taskRoot, 'fonts');
  const entry = createRequire(join(process.cwd(), 'package.json')).resolve(CERTIFICATE_FONT_PACKAGE);
  return join(dirname(entry), '..', 'fonts');
}

let loaded: Promise<CertificateFonts> | undefined;

/** Read once per container: 16 MB that every certificate of the container shares. */
export function certificateFonts(): Promise<CertificateFonts> {
  loaded ??= (async () => {
    const dir = fontDir();
    const [regular, bold] = await Promise.all([readFile(join(dir, CERTIFICATE_FONT_FILES.regular)), readFile(join(dir, CERTIFICATE_FONT_FILES.bold))]);
    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
