// Strategy: s3rver runs in-process behind the local S3 front and a Gateway on a random port, with a
// temporary state folder, driven by the real SDK v3 S3Client (path style, checksums WHEN_REQUIRED,
// as the product's client factory sets them). Presigned URLs and POSTs come from the SDK's own
// presigners and are sent with fetch, as a browser would. Each refusal is checked twice: the answer
// S3 would give, and that nothing was stored. One bucket has Object Lock (COMPLIANCE, 1 day).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, GetObjectLockConfigurationCommand, GetObjectRetentionCommand,
  HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { arn, LOCAL_REGION, type BucketSpec } from '../../lib/local-cloud/model.ts';
import { startS3, type LocalS3 } from '../../lib/local-cloud/s3.ts';

jest.setTimeout(30_000);

const bucket = (name: string, o: Partial<BucketSpec> = {}): BucketSpec => ({ stack: 'test', logicalId: name, name, arn: arn.bucket(name), versioned: false, ...o });
const BUCKETS = [bucket('uploads'), bucket('certificates', { versioned: true, objectLock: { mode: 'COMPLIANCE', days: 1 } })];

let stateDir: string;
let gateway: Gateway;
let s3: LocalS3;
let client: S3Client;
let endpoint: string;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-s3-'));
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  await gateway.listen();
  endpoint = `http://127.0.0.1:${gateway.port}`;
  s3 = await startS3({ stateDir, buckets: BUCKETS, reset: true });
  gateway.register(s3.service);
  client = new S3Client({
    endpoint, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  client.destroy();
  await s3.stop();
  await gateway.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

const exists = (Bucket: string, Key: string) => client.send(new HeadObjectCommand({ Bucket, Key })).then(() => true, (e: S3ServiceException) => (e.$metadata.httpStatusCode === 404 ? false : Promise.reject(e)));
const text = async (Bucket: string, Key: string) => (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal'); }, (e: S3ServiceException) => ({ name: e.name, status: e.$metadata.httpStatusCode, message: e.message }));

async function presignedPost(Key: string, conditions: Parameters<typeof createPresignedPost>[1]['Conditions'], fields: Record<string, string>, expires = 300) {
  return createPresignedPost(client, { Bucket: 'uploads', Key, Conditions: conditions, Fields: fields, Expires: expires });
}
async function submit(post: { url: string; fields: Record<string, string> }, file: Buffer, extra: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...post.fields, ...extra })) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)]), 'upload.bin');
  return fetch(post.url, { method: 'POST', body: form });
}

test('ListBuckets shows the synthesized buckets (aws s3 ls)', async () => {
  const { Buckets } = await client.send(new ListBucketsCommand({}));
  expect(Buckets?.map((b) => b.Name).sort()).toEqual(['certificates', 'uploads']);
});

test('put, get, head, list and delete objects', async () => {
  await client.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'reports/揭阳 2025.txt', Body: '中介服务', ContentType: 'text/plain; charset=utf-8', Metadata: { tenant: '445200' } }));
  expect(await text('uploads', 'reports/揭阳 2025.txt')).toBe('中介服务');
  const head = await client.send(new HeadObjectCommand({ Bucket: 'uploads', Key: 'reports/揭阳 2025.txt' }));
  expect(head).toMatchObject({ ContentType: 'text/plain; charset=utf-8', Metadata: { tenant: '445200' }, ContentLength: Buffer.byteLength('中介服务') });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'uploads', Prefix: 'reports/' }));
  expect(listed.Contents?.map((o) => o.Key)).toEqual(['reports/揭阳 2025.txt']);
  await client.send(new DeleteObjectCommand({ Bucket: 'uploads', Key: 'reports/揭阳 2025.txt' }));
  expect(await exists('uploads', 'reports/揭阳 2025.txt')).toBe(false);
});

test('presigned GET and PUT URLs work through the front; virtual-hosted requests too', async () => {
  const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'uploads', Key: 'signed/a.txt', ContentType: 'text/plain' }), { expiresIn: 60 });
  expect((await fetch(putUrl, { method: 'PUT', body: 'signed body', headers: { 'content-type': 'text/plain' } })).status).toBe(200);
  const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'uploads', Key: 'signed/a.txt' }), { expiresIn: 60 });
  const got = await fetch(getUrl);
  expect(got.status).toBe(200);
  expect(await got.text()).toBe('signed body');

  const viaHost = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: gateway.port, path: '/signed/a.txt', headers: { host: `uploads.localhost:${gateway.port}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
  expect(viaHost).toBe('signed body');
});

describe('presigned POST: the policy is enforced before anything is stored', () => {
  const policy: Parameters<typeof createPresignedPost>[1]['Conditions'] = [['content-length-range', 10, 1024], ['starts-with', '$Content-Type', 'application/pdf']];

  test('an upload within the policy is stored with its content type (204)', async () => {
    const post = await presignedPost('bids/ok.pdf', policy, { 'Content-Type': 'application/pdf' });
    const answer = await submit(post, Buffer.from('%PDF-1.7 a small bid document'));
    expect(answer.status).toBe(204);
    expect(await text('uploads', 'bids/ok.pdf')).toBe('%PDF-1.7 a small bid document');
    expect((await client.send(new HeadObjectCommand({ Bucket: 'uploads', Key: 'bids/ok.pdf' }))).ContentType).toBe('application/pdf');
  });

  test('a file over the size range is refused (EntityTooLarge) and not stored', async () => {
    const post = await presignedPost('bids/big.pdf', policy, { 'Content-Type': 'application/pdf' });
    const answer = await submit(post, Buffer.alloc(2048, 1));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<Code>EntityTooLarge</Code>');
    expect(await exists('uploads', 'bids/big.pdf')).toBe(false);
  });

  test('a file under the size range is refused (EntityTooSmall)', async () => {
    const post = await presignedPost('bids/tiny.pdf', policy, { 'Content-Type': 'application/pdf' });
    const answer = await submit(post, Buffer.from('%PDF'));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<Code>EntityTooSmall</Code>');
    expect(await exists('uploads', 'bids/tiny.pdf')).toBe(false);
  });

  test('a content type outside the policy is refused (AccessDenied) and not stored', async () => {
    const post = await presignedPost('bids/evil.pdf', [['eq', '$Content-Type', 'application/pdf']], {});
    const answer = await submit(post, Buffer.from('<script>alert(1)</script>'), { 'Content-Type': 'text/html' });
    expect(answer.status).toBe(403);
    const body = await answer.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('Invalid according to Policy: Policy Condition failed: [&quot;eq&quot;, &quot;$Content-Type&quot;, &quot;application/pdf&quot;]');
    expect(await exists('uploads', 'bids/evil.pdf')).toBe(false);
  });

  test('another key than signed, a field the policy does not cover, or an expired policy are refused', async () => {
    const post = await presignedPost('bids/mine.pdf', [], {});
    const otherKey = await submit(post, Buffer.from('x'), { key: 'bids/theirs.pdf' });
    expect(otherKey.status).toBe(403);
    expect(await otherKey.text()).toContain('Policy Condition failed: [&quot;eq&quot;, &quot;$key&quot;, &quot;bids/mine.pdf&quot;]');
    const extra = await submit(post, Buffer.from('x'), { 'x-amz-meta-owner': 'someone' });
    expect(await extra.text()).toContain('Extra input fields: x-amz-meta-owner');
    const expired = await submit(await presignedPost('bids/late.pdf', [], {}, -60), Buffer.from('x'));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Invalid according to Policy: Policy expired.');
    for (const key of ['bids/mine.pdf', 'bids/theirs.pdf', 'bids/late.pdf']) expect(await exists('uploads', key)).toBe(false);
  });
});

describe('Object Lock (COMPLIANCE, default retention 1 day)', () => {
  beforeAll(() => client.send(new PutObjectCommand({ Bucket: 'certificates', Key: 'cert/445200-001.pdf', Body: 'original', ContentType: 'application/pdf' })));

  test('a stored object carries its retention', async () => {
    const head = await client.send(new HeadObjectCommand({ Bucket: 'certificates', Key: 'cert/445200-001.pdf' }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const { Retention } = await client.send(new GetObjectRetentionCommand({ Bucket: 'certificates', Key: 'cert/445200-001.pdf' }));
    expect(Retention?.Mode).toBe('COMPLIANCE');
    expect(Retention?.RetainUntilDate?.toISOString()).toBe(head.ObjectLockRetainUntilDate!.toISOString());
    const { ObjectLockConfiguration } = await client.send(new GetObjectLockConfigurationCommand({ Bucket: 'certificates' }));
    expect(ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } });
  });

  test('delete, overwrite, batch delete and presigned-POST overwrite of a locked object are refused', async () => {
    const Key = 'cert/445200-001.pdf';
    expect(await refusal(client.send(new DeleteObjectCommand({ Bucket: 'certificates', Key })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await refusal(client.send(new PutObjectCommand({ Bucket: 'certificates', Key, Body: 'forged' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    const batch = await client.send(new DeleteObjectsCommand({ Bucket: 'certificates', Delete: { Objects: [{ Key }] } }));
    expect(batch.Errors).toEqual([expect.objectContaining({ Key, Code: 'AccessDenied' })]);
    const post = await createPresignedPost(client, { Bucket: 'certificates', Key, Expires: 60 });
    expect((await submit(post, Buffer.from('forged'))).status).toBe(403);
    expect(await text('certificates', Key)).toBe('original');
  });

  test('explicit GOVERNANCE retention is recorded and may be bypassed; buckets without Object Lock refuse lock headers', async () => {
    const retainUntil = new Date(Date.now() + 3600_000);
    await client.send(new PutObjectCommand({ Bucket: 'certificates', Key: 'draft.pdf', Body: 'draft', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: retainUntil }));
    const { Retention } = await client.send(new GetObjectRetentionCommand({ Bucket: 'certificates', Key: 'draft.pdf' }));
    expect(Retention).toEqual({ Mode: 'GOVERNANCE', RetainUntilDate: new Date(Math.floor(retainUntil.getTime())) });
    expect(await refusal(client.send(new DeleteObjectCommand({ Bucket: 'certificates', Key: 'draft.pdf' })))).toMatchObject({ name: 'AccessDenied' });
    await client.send(new DeleteObjectCommand({ Bucket: 'certificates', Key: 'draft.pdf', BypassGovernanceRetention: true }));
    expect(await exists('certificates', 'draft.pdf')).toBe(false);

    const unlocked = client.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'x', Body: 'x', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: retainUntil }));
    expect(await refusal(unlocked)).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(await refusal(client.send(new GetObjectLockConfigurationCommand({ Bucket: 'uploads' })))).toMatchObject({ name: 'ObjectLockConfigurationNotFoundError', status: 404 });
  });

  test('locks survive a restart of the local S3', async () => {
    await s3.stop();
    s3 = await startS3({ stateDir, buckets: BUCKETS, reset: false });
    gateway.register(s3.service);
    expect(await refusal(client.send(new DeleteObjectCommand({ Bucket: 'certificates', Key: 'cert/445200-001.pdf' })))).toMatchObject({ name: 'AccessDenied' });
    expect(await text('certificates', 'cert/445200-001.pdf')).toBe('original');
  });
});
