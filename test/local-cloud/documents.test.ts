// Strategy: the product's document module (functions/shared/documents) against the local S3 — s3rver
// behind the local S3 front and a Gateway on a random port, as the local cloud runs it. The module
// builds its client through the one client factory, so the test only sets what a Lambda would have:
// AWS_ENDPOINT_URL, a region and (dummy) credentials, before the first call. Uploads are multipart
// POSTs sent with fetch exactly as a browser sends them. Each refusal is checked twice: the answer
// (S3's for the POST policy, the product's 422 for verification) and that nothing is left stored.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { s3 } from '#shared/aws-clients.ts';
import { DomainError } from '#shared/http/problems.ts';
import { DOCUMENT_KINDS } from '#shared/documents/document-kinds.ts';
import { downloadUrl } from '#shared/documents/presigned-download.ts';
import { createUpload, type PresignedUpload } from '#shared/documents/presigned-upload.ts';
import { verifyUpload } from '#shared/documents/verify-upload.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { arn, LOCAL_REGION, type BucketSpec } from '../../lib/local-cloud/model.ts';
import { startS3, type LocalS3 } from '../../lib/local-cloud/s3.ts';

jest.setTimeout(30_000);

const BUCKET = 'ism-documents-445200';
const SPEC: BucketSpec = { stack: 'Ism-City-445200', logicalId: 'Documents', name: BUCKET, arn: arn.bucket(BUCKET), versioned: true };
const TENANT = '445200';
const OWNER = { kind: 'agency-application' as const, id: 'app-01JX7Q3M' };

let stateDir: string;
let gateway: Gateway;
let localS3: LocalS3;
let pdf: Buffer;
// A real 1×1 PNG (signature, IHDR, IDAT, IEND).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'documents-'));
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  await gateway.listen();
  localS3 = await startS3({ stateDir, buckets: [SPEC], reset: true });
  gateway.register(localS3.service);
  // What the Lambda environment provides; set before the client factory builds the S3 client.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${gateway.port}`, AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
  });

  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Qualification certificate (demo) No. 44503127', { x: 50, y: 780, size: 14, font });
  pdf = Buffer.from(await doc.save());
});

afterAll(async () => {
  s3().destroy();
  await localS3.stop();
  await gateway.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function post(upload: Pick<PresignedUpload, 'url' | 'fields'>, file: Buffer, override: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...upload.fields, ...override })) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)]), 'scan.pdf');
  return fetch(upload.url, { method: 'POST', body: form });
}

const stored = (Key: string) =>
  s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key })).then(() => true, (e: S3ServiceException) => (e.$metadata.httpStatusCode === 404 ? false : Promise.reject(e)));

async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const request = (file: Buffer, o: Partial<Parameters<typeof createUpload>[0]> = {}) =>
  createUpload({ bucket: BUCKET, tenant: TENANT, owner: OWNER, kind: 'qualification-scan', contentType: 'application/pdf', size: file.length, sha256: sha256(file), ...o });

test('a real PDF within the limits uploads with a presigned POST, verifies, and downloads', async () => {
  const upload = await request(pdf);
  expect(upload.key).toBe(`${TENANT}/agency-applications/${OWNER.id}/${upload.documentId}`);
  expect(upload.maxBytes).toBe(DOCUMENT_KINDS['qualification-scan'].maxBytes);
  expect(Date.parse(upload.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
  expect(upload.fields).toMatchObject({ key: upload.key, 'Content-Type': 'application/pdf', 'x-amz-meta-sha256': sha256(pdf) });

  expect((await post(upload, pdf)).status).toBe(204);
  const verified = await verifyUpload({ bucket: BUCKET, key: upload.key, expected: { contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) }, maxBytes: upload.maxBytes });
  expect(verified).toMatchObject({ ok: true, sha256: sha256(pdf), size: pdf.length, contentType: 'application/pdf' });

  const link = await downloadUrl({ bucket: BUCKET, key: upload.key, filename: '揭阳绿源 资质证书.pdf' });
  expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  const got = await fetch(link.url);
  expect(got.status).toBe(200);
  expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
  expect(got.headers.get('content-type')).toBe('application/pdf');
  expect(got.headers.get('content-disposition')).toBe(`attachment; filename="____ ____.pdf"; filename*=UTF-8''${encodeURIComponent('揭阳绿源 资质证书.pdf')}`);
});

describe('refused before anything is presigned (400 with field problems)', () => {
  test('an unknown kind, a type the kind does not accept, a size over its limit, a malformed hash', async () => {
    const error = await refusalOf(request(pdf, { kind: 'passport', contentType: 'text/html', size: 0, sha256: 'abc' }));
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => [e.path, e.code])).toEqual([
      ['body.kind', 'document.kind-unknown'], ['body.contentType', 'document.type-not-allowed'],
      ['body.size', 'document.size-invalid'], ['body.sha256', 'document.sha256-invalid'],
    ]);
    const tooLarge = await refusalOf(request(pdf, { kind: 'id-card-copy', size: 5 * 1024 * 1024 + 1 }));
    expect(tooLarge.errors).toEqual([expect.objectContaining({ path: 'body.size', code: 'document.too-large' })]);
    expect(tooLarge.errors?.[0].message.zh).toContain('身份证复印件不得超过 5 MB');
  });
});

describe('refused by the POST policy (S3 answers), nothing stored', () => {
  test('a file over the kind\'s limit: 400 EntityTooLarge', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(DOCUMENT_KINDS.other.maxBytes, 0x20)]);
    const upload = await request(pdf, { kind: 'other' });
    const answer = await post(upload, big);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<Code>EntityTooLarge</Code>');
    expect(await stored(upload.key)).toBe(false);
    expect((await refusalOf(verifyUpload({ bucket: BUCKET, key: upload.key, expected: { contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) } }))).code).toBe('document.missing');
  });

  test('another Content-Type than presigned: 403 AccessDenied', async () => {
    const upload = await request(pdf);
    const answer = await post(upload, Buffer.from('<html><script>alert(1)</script></html>'), { 'Content-Type': 'text/html' });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('Policy Condition failed: [&quot;eq&quot;, &quot;$Content-Type&quot;, &quot;application/pdf&quot;]');
    expect(await stored(upload.key)).toBe(false);
  });

  test('another declared hash or another key than presigned: 403 AccessDenied', async () => {
    const upload = await request(pdf);
    expect((await post(upload, pdf, { 'x-amz-meta-sha256': '0'.repeat(64) })).status).toBe(403);
    expect((await post(upload, pdf, { key: `440500/agency-applications/${OWNER.id}/${upload.documentId}` })).status).toBe(403);
    expect(await stored(upload.key)).toBe(false);
    expect(await stored(`440500/agency-applications/${OWNER.id}/${upload.documentId}`)).toBe(false);
  });
});

describe('refused by verification (422), and the object deleted', () => {
  test('bytes whose SHA-256 is not the declared one: document.hash-mismatch', async () => {
    const other = Buffer.concat([pdf.subarray(0, pdf.length - 8), Buffer.from('%%EOF\n\n\n')]);
    const upload = await request(other); // declares the hash of `other`, uploads `pdf` of the same length
    expect(other.length).toBe(pdf.length);
    expect((await post(upload, pdf)).status).toBe(204);
    const error = await refusalOf(verifyUpload({ bucket: BUCKET, key: upload.key, expected: { contentType: 'application/pdf', size: other.length, sha256: sha256(other) } }));
    expect(error).toMatchObject({ status: 422, code: 'document.hash-mismatch', extra: { actual: sha256(pdf), declared: sha256(other) } });
    expect(await stored(upload.key)).toBe(false);
  });

  test('a PNG uploaded as application/pdf: document.type-mismatch', async () => {
    const upload = await request(PNG);
    expect((await post(upload, PNG)).status).toBe(204);
    const error = await refusalOf(verifyUpload({ bucket: BUCKET, key: upload.key, expected: { contentType: 'application/pdf', size: PNG.length, sha256: sha256(PNG) } }));
    expect(error).toMatchObject({ status: 422, code: 'document.type-mismatch', extra: { detected: 'image/png', declared: 'application/pdf' } });
    expect(await stored(upload.key)).toBe(false);
  });

  test('fewer bytes than declared (within the policy\'s range): document.size-mismatch', async () => {
    const upload = await request(pdf, { size: pdf.length + 100 });
    expect((await post(upload, pdf)).status).toBe(204);
    const error = await refusalOf(verifyUpload({ bucket: BUCKET, key: upload.key, expected: { contentType: 'application/pdf', size: pdf.length + 100, sha256: sha256(pdf) } }));
    expect(error).toMatchObject({ status: 422, code: 'document.size-mismatch', extra: { actualSize: pdf.length, declaredSize: pdf.length + 100 } });
    expect(await stored(upload.key)).toBe(false);
  });

  test('an object stored around the policy (emulator or another writer) over the limit: document.size-mismatch', async () => {
    const Key = `${TENANT}/agency-applications/${OWNER.id}/stray`;
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20)]);
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: big, ContentType: 'application/pdf' }));
    const error = await refusalOf(verifyUpload({ bucket: BUCKET, key: Key, expected: { contentType: 'application/pdf', size: big.length, sha256: sha256(big) }, maxBytes: 1024 }));
    expect(error).toMatchObject({ status: 422, code: 'document.size-mismatch', extra: { actualSize: big.length, maxBytes: 1024 } });
    expect(await stored(Key)).toBe(false);
  });

  test('nothing uploaded: document.missing', async () => {
    const error = await refusalOf(verifyUpload({ bucket: BUCKET, key: `${TENANT}/agency-applications/${OWNER.id}/never`, expected: { contentType: 'application/pdf', size: 10, sha256: '0'.repeat(64) } }));
    expect(error).toMatchObject({ status: 422, code: 'document.missing' });
  });
});
