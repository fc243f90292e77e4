/**
 * `npx tsx bin/verify-certificate.ts <certificate.pdf> (--jwks jwks.json | --jwks-url URL)`
 *
 * Checks a selection certificate (中选确认书) from its PDF alone (ISM-CERT-PDF-1): the JWS the PDF carries must
 * verify with a key of the given key set, the signed SHA-256 must be that of the file's content part, and the
 * rest of the file must be exactly the signature update made from that JWS — so any changed, cut or appended
 * byte fails. With --jwks nothing goes over the network. The key set is the trust anchor: take it from the
 * issuing city's `/.well-known/jwks.json` (or a copy you trust), never from the certificate itself.
 * A file cannot tell whether it was voided later: the verification page it links to can.
 * Prints each check in Chinese and English. Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { METHOD_NAMES_ZH } from '../functions/certificates/domain/certificate.ts';
import type { JsonWebKeySet } from '../functions/certificates/domain/jws.ts';
import { yuanFigures } from '../functions/certificates/pdf/amount.ts';
import { verifyCertificatePdf } from '../functions/certificates/pdf/verify-pdf.ts';

const USAGE = `Usage: npx tsx bin/verify-certificate.ts <certificate.pdf> (--jwks <jwks.json> | --jwks-url <URL>)

验证电子中选确认书（PDF），输出“有效 VALID”或“无效 INVALID”。
Verifies a selection certificate PDF (ISM-CERT-PDF-1) with the issuing city's public keys.
Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function keySet(values: { jwks?: string; 'jwks-url'?: string }): Promise<JsonWebKeySet> {
  const text = values.jwks
    ? readFileSync(values.jwks, 'utf8')
    : await fetch(values['jwks-url']!).then(async (r) => {
      if (!r.ok) throw new Error(`${values['jwks-url']} answered ${r.status}`);
      return r.text();
    });
  const parsed = JSON.parse(text) as JsonWebKeySet;
  if (!Array.isArray(parsed?.keys)) throw new Error('not a JWK Set (no "keys" array)');
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { jwks: { type: 'string' }, 'jwks-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1 || Boolean(values.jwks) === Boolean(values['jwks-url'])) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let pdf: Uint8Array;
  let jwks: JsonWebKeySet;
  try {
    pdf = new Uint8Array(readFileSync(positionals[0]));
  } catch (error) {
    process.stderr.write(`无法读取文件 cannot read ${positionals[0]}: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    jwks = await keySet(values);
  } catch (error) {
    process.stderr.write(`无法读取公钥集 cannot read the key set: ${(error as Error).message}\n`);
    return 2;
  }

  const v = await verifyCertificatePdf(pdf, jwks);
  const f = v.fields;
  if (f) {
    out(`确认书编号 Certificate:     ${f.certificateNo}`);
    out(`项目 Project:               ${f.project.name}（${f.project.id}）`);
    out(`项目业主 Owner:             ${f.owner.name}`);
    out(`中选机构 Agency:            ${f.agency.name}（${f.agency.uscc}）`);
    out(`选取方式 Method:            ${METHOD_NAMES_ZH[f.method]} (${f.method})${f.priceFen !== undefined ? `，${yuanFigures(f.priceFen)} 元` : ''}`);
    out(`出具时间 Issued:            ${f.issuedAt}`);
  }
  const signed = v.result === 'valid' || Boolean(f);
  out(`${signed ? '通过 ok  ' : '失败 FAIL'}  签名 signature (ES256${v.kid ? `, kid ${v.kid}` : ''})`);
  if (signed) out(`${v.result === 'valid' ? '通过 ok  ' : '失败 FAIL'}  文件内容 PDF bytes (SHA-256 ${f?.pdfSha256 ?? '?'}, ISM-CERT-PDF-1)`);
  for (const reason of v.reasons) out(`          ${reason}`);
  if (v.result === 'valid') {
    out('结果 Result: 有效 VALID');
    out(`是否已作废以登记为准 / whether it was voided since is told by the register: ${f!.verificationUrl}`);
    return 0;
  }
  out(`结果 Result: 无效 INVALID${v.result === 'unknown-key' ? '（公钥集中没有签名所用的密钥 / the key set lacks the signing key）' : ''}`);
  return 1;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code), (error: Error) => {
  process.stderr.write(`verify-certificate: ${error.message}\n`);
  process.exitCode = 2;
});
