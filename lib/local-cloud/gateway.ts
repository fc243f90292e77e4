/**
 * The one LocalStack-style endpoint (default http://localhost:4566): every AWS service the product
 * uses answers on the same port, so the AWS CLI and SDK work with a single `--endpoint-url` /
 * `AWS_ENDPOINT_URL`. A request is routed to a service the way AWS's own front ends would know it:
 * by the SigV4 credential scope, else by the JSON protocol's target, else by the query protocol's
 * form; whatever is left (presigned POST uploads, unsigned GETs) is S3. Signatures are not checked:
 * local credentials are dummies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsServiceHandler } from './model.ts';

export type ControlHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL) => Promise<void>;

// Bodies are buffered before dispatch (the emulators need them whole); S3's single PUT limit is far
// larger, but nothing the product uploads comes near this.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

// JSON-protocol services name themselves in X-Amz-Target (`DynamoDB_20120810.PutItem`).
const TARGET_PREFIXES: [string, string][] = [
  ['DynamoDB', 'dynamodb'],
  ['AmazonSQS', 'sqs'],
  ['AWSEvents', 'events'],
  ['AWSStepFunctions', 'states'],
];

export class Gateway {
  private readonly services = new Map<string, AwsServiceHandler>();
  private readonly controls: { method: string; prefix: string; handler: ControlHandler }[] = [];
  private readonly server: http.Server;

  constructor(private readonly opts: { port: number; host?: string }) {
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
    // SQS long polls hold a request for up to 20 s; never let Node's defaults cut them short.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = 65_000;
  }

  register(service: AwsServiceHandler): void {
    this.services.set(service.signingName, service);
  }

  /** A `/_local/...` route; the longest matching prefix wins. `method` may be `*`. */
  control(method: string, pathPrefix: string, handler: ControlHandler): void {
    this.controls.push({ method: method.toUpperCase(), prefix: pathPrefix, handler });
    this.controls.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host ?? '0.0.0.0', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops listening and drops open connections (long polls included). Services are stopped by their owners. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  get port(): number {
    const address = this.server.address() as AddressInfo | null;
    return address?.port ?? this.opts.port;
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { message: `Request body exceeds ${MAX_BODY_BYTES} bytes` });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/_local/')) return await this.dispatchControl(req, res, body, url);
      const name = serviceOf(req, url, body);
      const service = this.services.get(name);
      if (!service) return sendJson(res, 501, { message: `The local cloud does not emulate the AWS service '${name}'` });
      await service.handle(req, res, body);
    } catch (error) {
      // One failing request must never take the whole local cloud down.
      if (!res.headersSent) sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    }
  }

  private async dispatchControl(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL): Promise<void> {
    const route = this.controls.find((c) => (c.method === '*' || c.method === req.method) && url.pathname.startsWith(c.prefix));
    if (!route) return sendJson(res, 404, { message: `No local route for ${req.method} ${url.pathname}` });
    await route.handler(req, res, body, url);
  }
}

/** The AWS signing name a request is meant for. */
export function serviceOf(req: http.IncomingMessage, url: URL, body: Buffer): string {
  const scope = /Credential=[^/]*\/\d{8}\/[^/]*\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  if (scope) return scope[1];
  const presigned = url.searchParams.get('X-Amz-Credential')?.split('/');
  if (presigned && presigned.length >= 5) return presigned[3];
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const hit = TARGET_PREFIXES.find(([prefix]) => target.startsWith(prefix));
    if (hit) return hit[1];
  }
  // The query protocol (older CLIs and SDKs): a form with Action= and SQS's API version.
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.has('Action') && form.get('Version') === '2012-11-05') return 'sqs';
  }
  if (url.searchParams.has('Action') && url.searchParams.get('Version') === '2012-11-05') return 'sqs';
  return 's3';
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ---- relaying to an emulator that runs on an internal port (DynamoDB Local, s3rver) ----

export interface Upstream {
  host: string;
  port: number;
  agent: http.Agent;
}

export interface RelayOptions {
  method?: string;
  path?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: Buffer;
  /** Called with the emulator's status before the client sees it; may return headers to add. */
  beforeRespond?: (status: number) => Record<string, string> | void;
}

// Hop-by-hop headers, and the ones whose value the relay recomputes.
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'expect', 'upgrade']);

export function relayHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !DROPPED.has(name)) out[name] = value;
  return out;
}

/** Sends a request to the emulator and answers the client with its response, streamed. Resolves with the status. */
export async function relay(upstream: Upstream, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, o: RelayOptions = {}): Promise<number> {
  const response = await requestUpstream(upstream, { method: o.method ?? req.method ?? 'GET', path: o.path ?? req.url ?? '/', headers: o.headers ?? relayHeaders(req.headers), body: o.body ?? body });
  const status = response.statusCode ?? 502;
  const extra = o.beforeRespond?.(status) ?? {};
  const headers = relayHeaders(response.headers);
  if (response.headers['content-length'] !== undefined) headers['content-length'] = response.headers['content-length'];
  res.writeHead(status, { ...headers, ...extra });
  await new Promise<void>((resolve, reject) => {
    response.pipe(res);
    response.on('end', resolve);
    response.on('error', reject);
  });
  return status;
}

export function requestUpstream(upstream: Upstream, r: { method: string; path: string; headers: http.OutgoingHttpHeaders; body: Buffer }): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: upstream.host, port: upstream.port, agent: upstream.agent, method: r.method, path: r.path, headers: { ...r.headers, 'content-length': r.body.length } }, resolve);
    request.on('error', reject);
    request.end(r.body);
  });
}

export async function readAll(message: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
