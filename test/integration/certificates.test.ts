// Strategy: a selection certificate end to end through the running local cloud. It is issued by the real
// `issueCertificate` in this process (the procurement timeline's call; see certificates-fixtures.ts) against the
// local cloud's DynamoDB, S3 (Object Lock) and KMS, then everything a citizen, an agency or an auditor would do is
// done through the public API and the standalone verifier: read it, download the PDF, follow the QR code's link,
// fetch the key set, verify online and offline, see a tampered copy fail, see a voided certificate answer
// "voided", and read the certificate's audit chain. Issuance is shown idempotent per project and agency (a retry,
// two at once, a resumption after a crash between storing the PDF and recording it), and numbers run without gaps
// per tenant and year.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PDFDict, PDFDocument, PDFName, PDFString, type PDFRef } from 'pdf-lib';
import { certificateKeys } from '../../functions/certificates/adapters/certificate-store.ts';
import { issueCertificate, voidCertificate, type IssuedCertificate } from '../../functions/certificates/issue.ts';
import { CertificateFieldsError, parseCertificateNo } from '../../functions/certificates/domain/certificate.ts';
import { sha256Hex } from '../../functions/certificates/domain/jws.ts';
import { verifyCertificatePdf } from '../../functions/certificates/pdf/verify-pdf.ts';
import { demoIssuance, useCityEnvironment } from './certificates-fixtures.ts';
import { apiOf, call, endpoint, JIEDONG, JIEYANG, localCloudOnly, operatorOf } from './helpers.ts';

jest.setTimeout(60_000);
const run = localCloudOnly();
const dir = mkdtempSync(join(tmpdir(), 'ism-it-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const project = `CERT-${Date.now().toString(36).toUpperCase()}`;
let issued: IssuedCertificate;
let pdf: Uint8Array;

async function download(path: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const res = await fetch(`${apiOf(JIEYANG)}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}
const verifier = (...args: string[]) => spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['bin/verify-certificate.ts', ...args], { cwd: process.cwd(), encoding: 'utf8' });

beforeAll(async () => {
  if (process.env.ISM_TEST_TARGET === 'external') return;
  useCityEnvironment(JIEYANG);
  issued = await issueCertificate(demoIssuance(project));
});

describe('a selection certificate (中选确认书), issued and verified', () => {
  run('is issued once per project and agency: a retry returns the same certificate', async () => {
    expect(issued.certificateNo).toMatch(new RegExp(`^ZXQR-${JIEDONG}-\\d{4}-\\d{6}$`));
    expect(issued.status).toBe('valid');
    expect(issued.pdfKey).toBe(`${JIEDONG}/certificates/${parseCertificateNo(issued.certificateNo)!.year}/${issued.certificateNo}.pdf`);
    const again = await issueCertificate(demoIssuance(project));
    expect(again).toEqual(issued);
  });

  run('numbers run on without gaps; fields that cannot make a certificate are refused before a number is taken', async () => {
    await expect(issueCertificate(demoIssuance(`${project}-BAD`, { draw: undefined }))).rejects.toBeInstanceOf(CertificateFieldsError);
    const second = await issueCertificate(demoIssuance(project, { agency: { uscc: '91445202MA52B6LT5P', name: '揭阳市榕城区安居房屋安全鉴定有限公司' } }));
    expect(parseCertificateNo(second.certificateNo)!.sequence).toBe(parseCertificateNo(issued.certificateNo)!.sequence + 1);
  });

  run('two issuances of the same award at once end with one certificate', async () => {
    const input = demoIssuance(`${project}-TWIN`);
    const [a, b] = await Promise.all([issueCertificate(input), issueCertificate(input)]);
    expect(b).toEqual(a);
  });

  run('an issuance that stopped after storing the PDF resumes with the same number and the same signed PDF', async () => {
    const input = demoIssuance(`${project}-RESUME`);
    const first = await issueCertificate(input);
    // Undo the last transaction, as if the function had died just before it: the claim pending, no record.
    const table = process.env.TABLE_NAME!;
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    await db.send(new UpdateCommand({ TableName: table, Key: certificateKeys.issuance(JIEDONG, input.project.id, input.agency.uscc), UpdateExpression: 'SET #s = :p', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':p': 'pending' } }));
    await db.send(new DeleteCommand({ TableName: table, Key: certificateKeys.record(JIEDONG, first.certificateNo) }));
    expect((await call(JIEYANG, 'GET', `/v1/certificates/${first.certificateNo}`)).status).toBe(404);
    expect(await issueCertificate(input)).toEqual(first);
    expect((await call(JIEYANG, 'GET', `/v1/certificates/${first.certificateNo}/verification`)).body.result).toBe('valid');
  });

  run('GET /v1/certificates/{no} answers the fields, the JWS and the links, to anyone', async () => {
    const r = await call(JIEYANG, 'GET', `/v1/certificates/${issued.certificateNo}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ certificateNo: issued.certificateNo, status: 'valid', jws: issued.jws, pdfSha256: issued.pdfSha256, fields: issued.fields });
    expect(r.body.links).toEqual({
      self: `/v1/certificates/${issued.certificateNo}`, pdf: `/v1/certificates/${issued.certificateNo}.pdf`,
      verification: `/v1/certificates/${issued.certificateNo}/verification`, jwks: '/.well-known/jwks.json',
    });
    expect(r.body.fields.verificationUrl).toBe(`${apiOf(JIEYANG)}/v1/certificates/${issued.certificateNo}/verification`);
    const missing = await call(JIEYANG, 'GET', `/v1/certificates/ZXQR-${JIEDONG}-2026-999999`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.body.message.zh).toContain('不存在');
    expect((await call(JIEYANG, 'GET', '/v1/certificates/not-a-number')).status).toBe(400);
  });

  run('GET /v1/certificates/{no}.pdf answers the signed PDF, byte for byte as stored, and it verifies with /.well-known/jwks.json', async () => {
    const r = await download(`/v1/certificates/${issued.certificateNo}.pdf`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    pdf = r.bytes;
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const jwks = await call(JIEYANG, 'GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
    const verification = await verifyCertificatePdf(pdf, jwks.body);
    expect(verification).toMatchObject({ result: 'valid', jws: issued.jws });
    expect(sha256Hex(pdf)).not.toBe(issued.pdfSha256); // pdfSha256 covers the content part (ISM-CERT-PDF-1)
    writeFileSync(join(dir, 'certificate.pdf'), pdf);
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks.body));
  });

  run('its QR code\'s link (the link annotation) opens the verification, which says valid — as JSON, or as a page', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const annot = doc.context.lookup(doc.getPage(0).node.Annots()!.get(0) as PDFRef, PDFDict);
    const link = (annot.lookup(PDFName.of('A'), PDFDict).get(PDFName.of('URI')) as PDFString).asString();
    expect(link).toBe(`${issued.fields.verificationUrl}?jws=${issued.jws}`);
    const byQr = await fetch(link, { headers: { accept: 'application/json' } });
    expect(await byQr.json()).toMatchObject({ certificateNo: issued.certificateNo, result: 'valid', checked: 'jws', reasons: [] });
    const page = await fetch(link, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('✓ 有效');
    const stored = await call(JIEYANG, 'GET', `/v1/certificates/${issued.certificateNo}/verification`);
    expect(stored.body).toMatchObject({ result: 'valid', checked: 'pdf', message: { zh: expect.stringContaining('有效') } });
  });

  run('the verification refuses a tampered JWS, another certificate\'s JWS, and knows no unknown number', async () => {
    const [h, p, s] = issued.jws.split('.');
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BA' : 'AA'}`;
    const path = (no: string, jws?: string) => `/v1/certificates/${no}/verification${jws ? `?jws=${encodeURIComponent(jws)}` : ''}`;
    expect((await call(JIEYANG, 'GET', path(issued.certificateNo, tampered))).body.result).toBe('invalid');
    const other = `ZXQR-${JIEDONG}-${parseCertificateNo(issued.certificateNo)!.year}-999998`;
    const mismatch = await call(JIEYANG, 'GET', path(other, issued.jws));
    expect(mismatch.body).toMatchObject({ result: 'invalid', reasons: [expect.stringContaining(`not ${other}`)] });
    const unknown = await call(JIEYANG, 'GET', path(other));
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ result: 'unknown', message: { zh: expect.stringContaining('未出具') } });
  });

  run('the standalone verifier accepts the downloaded PDF offline and by URL, and refuses a one-byte-changed copy', () => {
    const ok = verifier(join(dir, 'certificate.pdf'), '--jwks', join(dir, 'jwks.json'));
    expect({ status: ok.status, out: ok.stdout }).toEqual({ status: 0, out: expect.stringContaining('有效 VALID') });
    const byUrl = verifier(join(dir, 'certificate.pdf'), '--jwks-url', `${apiOf(JIEYANG)}/.well-known/jwks.json`);
    expect(byUrl.status).toBe(0);
    const changed = new Uint8Array(pdf);
    changed[2000] ^= 0x01;
    writeFileSync(join(dir, 'changed.pdf'), changed);
    const bad = verifier(join(dir, 'changed.pdf'), '--jwks', join(dir, 'jwks.json'));
    expect({ status: bad.status, out: bad.stdout }).toEqual({ status: 1, out: expect.stringContaining('无效 INVALID') });
  });

  run('the stored PDF is write-once: the certificates bucket refuses to delete it (Object Lock, compliance)', async () => {
    const s3 = new S3Client({ endpoint: endpoint(), region: 'cn-northwest-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await expect(s3.send(new DeleteObjectCommand({ Bucket: process.env.CERTIFICATES_BUCKET!, Key: issued.pdfKey }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  run('a voided certificate verifies as voided, with its reason; the audit chain holds issue and voiding', async () => {
    const voided = await voidCertificate(issued.certificateNo, '原中选机构放弃中选，依次递补', 'system:timeline');
    expect(voided.status).toBe('voided');
    expect((await voidCertificate(issued.certificateNo, '再次作废', 'system:timeline')).status).toBe('voided');
    const v = await call(JIEYANG, 'GET', `/v1/certificates/${issued.certificateNo}/verification`);
    expect(v.body).toMatchObject({ result: 'voided', voided: { reason: '原中选机构放弃中选，依次递补' }, message: { zh: expect.stringContaining('已作废') } });
    const byQr = await call(JIEYANG, 'GET', `/v1/certificates/${issued.certificateNo}/verification?jws=${issued.jws}`);
    expect(byQr.body.result).toBe('voided');
    const record = await call(JIEYANG, 'GET', `/v1/certificates/${issued.certificateNo}`);
    expect(record.body).toMatchObject({ status: 'voided', voided: { reason: '原中选机构放弃中选，依次递补' } });
    expect(JSON.stringify(record.body)).not.toContain('system:timeline');

    const audit = await call(JIEYANG, 'GET', `/v1/tenants/${JIEDONG}/audit/certificate/${issued.certificateNo}`, { as: operatorOf(JIEDONG) });
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['certificate.issued', 'certificate.voided']);
    expect(audit.body.verification.verified).toBe(true);
  });
});
