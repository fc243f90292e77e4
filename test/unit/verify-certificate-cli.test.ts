/**
 * Strategy: the standalone verifier as a person runs it — spawned with tsx on files in a temporary folder, no
 * network (--jwks) — against a certificate signed here with a local key: the signed PDF passes (exit 0, VALID
 * and the fields printed in Chinese), a copy with one byte changed fails (exit 1, INVALID), a key set without
 * the signing key fails, and bad usage exits 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateFonts } from '#functions/certificates/adapters/certificate-fonts.ts';
import { LocalSigner } from '#functions/certificates/adapters/local-signer.ts';
import { jwksOf } from '#functions/certificates/domain/jwks.ts';
import { sha256Hex, signCertificate } from '#functions/certificates/domain/jws.ts';
import { certificateFields } from '#functions/certificates/domain/test-fixtures.ts';
import { renderContentPdf } from '#functions/certificates/pdf/certificate-pdf.ts';
import { appendSignatureUpdate } from '#functions/certificates/pdf/signature-update.ts';

jest.setTimeout(60_000);
const dir = mkdtempSync(join(tmpdir(), 'ism-verify-cert-'));
const file = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => {
  const r = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['bin/verify-certificate.ts', ...args], { cwd: process.cwd(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(async () => {
  const signer = await LocalSigner.create();
  const { pdfSha256, ...fields } = certificateFields();
  void pdfSha256;
  const content = await renderContentPdf(fields, { issuerName: '广东省揭阳市' }, await certificateFonts());
  const pdf = await appendSignatureUpdate(content, await signCertificate({ ...fields, pdfSha256: sha256Hex(content) }, signer));
  writeFileSync(file('certificate.pdf'), pdf);
  const changed = new Uint8Array(pdf);
  changed[Math.floor(content.length / 3)] ^= 0x20;
  writeFileSync(file('changed.pdf'), changed);
  writeFileSync(file('jwks.json'), JSON.stringify(await jwksOf([signer])));
  writeFileSync(file('other-jwks.json'), JSON.stringify(await jwksOf([await LocalSigner.create()])));
});

describe('bin/verify-certificate.ts', () => {
  it('accepts the signed certificate, offline, and says what it certifies', () => {
    const r = run(file('certificate.pdf'), '--jwks', file('jwks.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('结果 Result: 有效 VALID');
    expect(r.stdout).toContain('ZXQR-445203-2026-000123');
    expect(r.stdout).toContain('揭阳市某环境咨询有限公司');
    expect(r.stdout).toContain('随机选取 (random)');
  });

  it('refuses a copy with one byte changed', () => {
    const r = run(file('changed.pdf'), '--jwks', file('jwks.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('结果 Result: 无效 INVALID');
    expect(r.stdout).toContain('失败 FAIL');
  });

  it('refuses a certificate whose key is not in the given key set', () => {
    const r = run(file('certificate.pdf'), '--jwks', file('other-jwks.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('the key set lacks the signing key');
  });

  it('exits 2 on bad usage or an unreadable file', () => {
    expect(run().status).toBe(2);
    expect(run(file('certificate.pdf')).status).toBe(2);
    expect(run(file('missing.pdf'), '--jwks', file('jwks.json')).status).toBe(2);
  });
});
