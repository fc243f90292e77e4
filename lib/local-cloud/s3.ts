/**
 * S3 for the local cloud: s3rver 3.x runs in-process on an internal port (objects under
 * `<stateDir>/s3`), behind a front that speaks for it on the gateway and closes its known gaps
 * (DESIGN §9): presigned POST policies are enforced (s3-post-policy.ts), Object Lock is honoured
 * (s3-object-lock.ts), virtual-hosted requests are rewritten to path style, SigV4 is accepted
 * without checking (s3rver would refuse any access key but its own), presigned URLs expire, and the
 * `aws-chunked` bodies that recent AWS CLIs send are decoded before s3rver stores them.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readAll, relay, relayHeaders, requestUpstream, type Upstream } from './gateway.ts';
import type { AwsServiceHandler, BucketSpec } from './model.ts';
import { checkPostPolicy, parsePostForm, storedHeaders } from './s3-post-policy.ts';
import { deleteErrorsXml, deleteRequestXml, escapeXml, ObjectLocks, xml, type S3Refusal } from './s3-object-lock.ts';

export interface LocalS3 {
  service: AwsServiceHandler;
  stop(): Promise<void>;
}

// s3rver ships no types; this is the part of its API used here.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;

// Query parameters of a presigned URL: the front accepts them; s3rver must not try to verify them.
const SIGNING_PARAMS = new Set(['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token']);

export async function startS3(opts: { stateDir: string; buckets: BucketSpec[]; reset: boolean; log?: (m: string) => void }): Promise<LocalS3> {
  const directory = path.join(opts.stateDir, 's3');
  const journal = path.join(opts.stateDir, 's3-object-lock.jsonl');
  if (opts.reset) for (const p of [directory, journal]) fs.rmSync(p, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  const S3rver = createRequire(path.join(process.cwd(), 'package.json'))('s3rver') as S3rverClass;
  const server = new S3rver({
    address: '127.0.0.1', port: 0, silent: true, directory,
    // The front already turned virtual-hosted requests into path style.
    vhostBuckets: false,
    configureBuckets: opts.buckets.map((b) => ({ name: b.name })),
  });
  const { port } = await server.run();
  const upstream: Upstream = { host: '127.0.0.1', port, agent: new http.Agent({ keepAlive: true }) };
  const front = new S3Front(upstream, new ObjectLocks(journal, opts.buckets), new Map(opts.buckets.map((b) => [b.name, b])));
  opts.log?.(`s3rver on 127.0.0.1:${port} (${opts.buckets.length} buckets, objects in ${directory})`);
  return {
    service: { signingName: 's3', handle: (req, res, body) => front.handle(req, res, body) },
    stop: async () => {
      upstream.agent.destroy();
      await server.close();
    },
  };
}

class S3Front {
  constructor(private readonly upstream: Upstream, private readonly locks: ObjectLocks, private readonly specs: Map<string, BucketSpec>) {}

  async handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Browsers upload straight to S3 from the local web app; LocalStack's permissive CORS, locally.
    if (req.headers.origin) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', 'ETag, Location, x-amz-request-id, x-amz-version-id, x-amz-object-lock-mode, x-amz-object-lock-retain-until-date');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { 'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*', 'access-control-max-age': '3000' });
      return void res.end();
    }
    if (presignedUrlExpired(url)) return this.refuse(req, res, { status: 403, code: 'AccessDenied', message: 'Request has expired' });

    const vhost = /^(.+?)\.(?:s3\.)?localhost(?:\.localstack\.cloud)?$/.exec((req.headers.host ?? '').replace(/:\d+$/, ''))?.[1];
    const rawPath = vhost && vhost !== 's3' ? `/${vhost}${url.pathname}` : url.pathname;
    const [, rawBucket = '', ...rawKey] = rawPath.split('/');
    const bucket = decodeURIComponent(rawBucket);
    const key = decodeURIComponent(rawKey.join('/'));
    // s3rver refuses response-* overrides on requests it takes for anonymous (the front drops the
    // signature), so for a signed request the front applies them itself, as S3 does.
    const signed = url.searchParams.has('X-Amz-Signature') || req.headers.authorization !== undefined;
    const overrides = signed ? responseOverrides(url) : {};
    const query = url.search.slice(1).split('&').filter((p) => {
      const name = decodeURIComponent(p.split('=')[0]);
      return p && !SIGNING_PARAMS.has(name) && !(signed && OVERRIDE_PARAMS.has(name));
    });
    const has = (name: string) => query.some((p) => p.split('=')[0] === name);
    const { headers, body } = unchunk(req.headers, rawBody);
    const forward = { path: rawPath + (query.length ? `?${query.join('&')}` : ''), headers, body };
    const method = req.method ?? 'GET';

    if (!bucket) return void (await relay(this.upstream, req, res, body, forward));
    if (!key) {
      if (method === 'POST' && has('delete')) return this.deleteObjects(req, res, bucket, forward);
      if (method === 'POST' && String(req.headers['content-type']).startsWith('multipart/form-data')) return this.postObject(req, res, bucket, body);
      if (method === 'GET' && has('object-lock')) {
        const config = this.locks.configurationXml(bucket);
        return config ? sendXml(res, 200, config) : this.refuse(req, res, { status: 404, code: 'ObjectLockConfigurationNotFoundError', message: 'Object Lock configuration does not exist for this bucket' });
      }
      // s3rver answers NotImplemented; tools ask before using Object Lock buckets.
      if (method === 'GET' && has('versioning') && this.specs.has(bucket)) {
        const status = this.specs.get(bucket)!.versioned ? '<Status>Enabled</Status>' : '';
        return sendXml(res, 200, xml(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${status}</VersioningConfiguration>`));
      }
      return void (await relay(this.upstream, req, res, body, forward));
    }

    if (has('retention')) {
      if (method === 'PUT') {
        const refusal = this.locks.putRetention(bucket, key, body.toString('utf8'), req.headers);
        return refusal ? this.refuse(req, res, refusal) : void res.writeHead(200, { 'content-length': 0 }).end();
      }
      const lock = this.locks.retention(bucket, key);
      if (lock) return sendXml(res, 200, this.locks.retentionXml(lock));
      return this.refuse(req, res, this.locks.isLockEnabled(bucket)
        ? { status: 404, code: 'NoSuchObjectLockConfiguration', message: 'The specified object does not have a ObjectLock configuration' }
        : { status: 400, code: 'InvalidRequest', message: 'Bucket is missing Object Lock Configuration' });
    }
    const isWrite = (method === 'PUT' && !has('uploadId') && !has('tagging') && !has('acl')) || (method === 'POST' && (has('uploads') || has('uploadId')));
    if (method === 'DELETE' && !has('uploadId')) {
      const refusal = this.locks.refusal(bucket, key, req.headers);
      if (refusal) return this.refuse(req, res, refusal);
      await relay(this.upstream, req, res, body, { ...forward, beforeRespond: (s) => void (s < 300 && this.locks.forget(bucket, key)) });
      return;
    }
    if (isWrite) {
      const refusal = this.locks.checkWrite(bucket, req.headers) ?? this.locks.refusal(bucket, key, req.headers);
      if (refusal) return this.refuse(req, res, refusal);
      // Record on PutObject / CopyObject / CompleteMultipartUpload, before the client hears of success.
      const stores = !has('uploads');
      await relay(this.upstream, req, res, body, { ...forward, beforeRespond: (s) => void (stores && s < 300 && this.locks.record(bucket, key, req.headers)) });
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      await relay(this.upstream, req, res, body, { ...forward, beforeRespond: (s) => (s < 400 ? { ...this.locks.headers(bucket, key), ...overrides } : {}) });
      return;
    }
    await relay(this.upstream, req, res, body, forward);
  }

  /** A presigned POST: checked against its policy here, then stored with a PutObject to s3rver. */
  private async postObject(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, body: Buffer): Promise<void> {
    const form = parsePostForm(body, String(req.headers['content-type']));
    if (!form) return this.refuse(req, res, { status: 400, code: 'MalformedPOSTRequest', message: 'The body of your POST request is not well-formed multipart/form-data.' });
    const verdict = checkPostPolicy(form, bucket);
    if (!verdict.ok) return this.refuse(req, res, verdict, verdict.details);
    const key = verdict.key;
    const headers = storedHeaders(form);
    const refusal = this.locks.checkWrite(bucket, headers) ?? this.locks.refusal(bucket, key, req.headers);
    if (refusal) return this.refuse(req, res, refusal);

    const objectPath = `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const stored = await requestUpstream(this.upstream, { method: 'PUT', path: objectPath, headers, body: form.file!.data });
    const answer = await readAll(stored);
    if ((stored.statusCode ?? 500) >= 300) {
      res.writeHead(stored.statusCode ?? 500, { 'content-type': 'application/xml', 'content-length': answer.length });
      return void res.end(answer);
    }
    this.locks.record(bucket, key, headers);
    const etag = String(stored.headers.etag ?? '');
    const location = `http://${req.headers.host ?? 'localhost'}${objectPath}`;
    const redirect = form.fields.get('success_action_redirect');
    if (redirect) {
      const target = new URL(redirect);
      Object.entries({ bucket, key, etag }).forEach(([k, v]) => target.searchParams.set(k, v));
      return void res.writeHead(303, { location: target.toString(), etag, 'content-length': 0 }).end();
    }
    const status = form.fields.get('success_action_status');
    if (status === '201') {
      const text = xml(`<PostResponse><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag></PostResponse>`);
      return sendXml(res, 201, text, { etag, location });
    }
    res.writeHead(status === '200' ? 200 : 204, { etag, location, 'content-length': 0 }).end();
  }

  /** DeleteObjects: locked keys are answered as per-key errors, the rest deleted by s3rver. */
  private async deleteObjects(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, forward: { path: string; headers: http.OutgoingHttpHeaders; body: Buffer }): Promise<void> {
    const { allowed, refused, quiet } = this.locks.splitDelete(bucket, forward.body.toString('utf8'), req.headers);
    const forgetAllowed = () => allowed.forEach((k) => this.locks.forget(bucket, k));
    if (!refused.length) return void (await relay(this.upstream, req, res, forward.body, { ...forward, beforeRespond: (s) => void (s < 300 && forgetAllowed()) }));
    let result = `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>`;
    if (allowed.length) {
      const body = Buffer.from(deleteRequestXml(allowed, quiet));
      // The request's checksum covered the original list; the shortened one needs its own.
      const headers = Object.fromEntries(Object.entries(forward.headers).filter(([h]) => !/^(content-md5|x-amz-checksum-|x-amz-sdk-checksum)/.test(h)));
      headers['content-md5'] = createHash('md5').update(body).digest('base64');
      const answer = await requestUpstream(this.upstream, { method: 'POST', path: forward.path, headers, body });
      const text = (await readAll(answer)).toString('utf8');
      if ((answer.statusCode ?? 500) >= 300) return sendXml(res, answer.statusCode ?? 500, text);
      forgetAllowed();
      result = text.slice(text.indexOf('<DeleteResult'));
    }
    sendXml(res, 200, xml(result.replace('</DeleteResult>', `${deleteErrorsXml(refused)}</DeleteResult>`)));
  }

  private refuse(req: http.IncomingMessage, res: http.ServerResponse, e: S3Refusal, details: Record<string, string> = {}): void {
    const requestId = randomUUID();
    const extra = Object.entries(details).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
    const text = xml(`<Error><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>local</HostId></Error>`);
    // HEAD answers carry no body, in S3 as in HTTP.
    if (req.method === 'HEAD') return void res.writeHead(e.status, { 'x-amz-request-id': requestId }).end();
    sendXml(res, e.status, text, { 'x-amz-request-id': requestId });
  }
}

function sendXml(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// GetObject's response header overrides (query parameter → header).
const OVERRIDE_PARAMS = new Map(['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'].map((h) => [`response-${h}`, h]));

function responseOverrides(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (OVERRIDE_PARAMS.has(name)) out[OVERRIDE_PARAMS.get(name)!] = value;
  return out;
}

function presignedUrlExpired(url: URL, now = Date.now()): boolean {
  const date = url.searchParams.get('X-Amz-Date');
  const expires = Number(url.searchParams.get('X-Amz-Expires'));
  if (!date || !expires) return false;
  const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  return signedAt + expires * 1000 < now;
}

/**
 * Recent AWS CLIs upload with `Content-Encoding: aws-chunked` (checksum trailers, chunk signatures);
 * s3rver would store the chunk framing as the object. Decode to the plain bytes first.
 */
function unchunk(incoming: http.IncomingHttpHeaders, body: Buffer): { headers: http.OutgoingHttpHeaders; body: Buffer } {
  const headers = relayHeaders(incoming);
  // Signatures are not verified locally, and s3rver would refuse every access key but its own.
  delete headers.authorization;
  const encoding = String(incoming['content-encoding'] ?? '');
  const sha = String(incoming['x-amz-content-sha256'] ?? '');
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return { headers, body };
  const parts: Buffer[] = [];
  for (let pos = 0; ;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(body.toString('latin1', pos, eol).split(';')[0], 16);
    if (!size) break; // the final chunk; trailers (checksums) follow and are not needed
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  const rest = encoding.split(',').map((e) => e.trim()).filter((e) => e && e !== 'aws-chunked');
  if (rest.length) headers['content-encoding'] = rest.join(', ');
  else delete headers['content-encoding'];
  for (const h of ['x-amz-decoded-content-length', 'x-amz-trailer', 'x-amz-content-sha256']) delete headers[h];
  return { headers, body: Buffer.concat(parts) };
}
