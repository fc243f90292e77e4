/**
 * Payload format 2.0 of an HTTP API Lambda integration, both ways: the event API Gateway sends the
 * function, and how it reads the function's answer (structured with `statusCode`, or "inferred").
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { APIGatewayEventRequestContextJWTAuthorizer, APIGatewayEventRequestContextV2, APIGatewayProxyEventV2WithRequestContext } from 'aws-lambda';
import { LOCAL_ACCOUNT } from './model.ts';
import type { JwtContext } from './http-api-jwt.ts';

export type HttpApiEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: Pick<APIGatewayEventRequestContextJWTAuthorizer, 'jwt'> }
>;

export interface EventInput {
  req: IncomingMessage;
  apiId: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  body: Buffer;
  requestId: string;
  /** ms since the epoch, when the request arrived */
  receivedAt: number;
  pathParameters?: Record<string, string>;
  jwt?: JwtContext;
}

// Bodies of these types reach the function as text; anything else is base64 with isBase64Encoded.
const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript|x-javascript|graphql)\b|[^;]*\+(json|xml)\b)/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function buildEvent(input: EventInput): HttpApiEvent {
  const { req } = input;
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    // Format 2.0 moves cookies out of the headers into `cookies`.
    if (name === 'cookie') {
      (cookies ??= []).push(...value.split(';').map((c) => c.trim()).filter(Boolean));
      continue;
    }
    // Repeated headers are combined with commas (no space) in format 2.0.
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId(input.receivedAt);

  const host = headers.host ?? 'localhost';
  const body = input.body.length ? input.body : undefined;
  const isText = body !== undefined && TEXT_TYPES.test(headers['content-type'] ?? '');
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    ...(cookies && { cookies }),
    headers,
    ...(input.rawQueryString && { queryStringParameters: parseQuery(input.rawQueryString) }),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: input.apiId,
      ...(input.jwt && { authorizer: { jwt: input.jwt } }),
      domainName: host,
      domainPrefix: host.split('.')[0].split(':')[0],
      http: {
        method: req.method ?? 'GET',
        path: input.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: formatTime(input.receivedAt),
      timeEpoch: input.receivedAt,
    },
    ...(input.pathParameters && { pathParameters: input.pathParameters }),
    ...(body !== undefined && { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body !== undefined && !isText,
  };
  return event;
}

/** Repeated parameters are combined with commas; names and values are decoded. */
function parseQuery(rawQueryString: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) out[name] = name in out ? `${out[name]},${value}` : value;
  return out;
}

/** `12/Mar/2020:19:03:58 +0000`, the CLF time API Gateway puts in requestContext.time. */
function formatTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function traceId(ms: number): string {
  return `Root=1-${Math.floor(ms / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** An `apigw-requestid`-style id: 16 base64 characters. */
export function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

export interface HttpApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

// Hop-by-hop and framing headers are the front end's business, not the function's.
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/**
 * Reads a function's result as format 2.0 does. An object with `statusCode` is a structured response;
 * anything else is "inferred": status 200, `application/json`, the result as the body. A structured
 * response API Gateway could not use is an Error (the gateway answers 500).
 */
export function mapResponse(result: unknown): HttpApiResponse {
  if (!result || typeof result !== 'object' || Array.isArray(result) || !('statusCode' in result)) {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(JSON.stringify(result ?? null)) };
  }
  const r = result as Record<string, unknown>;
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) throw new Error(`malformed Lambda proxy response: statusCode ${JSON.stringify(r.statusCode)}`);
  const headers: Record<string, string> = {};
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== 'object') throw new Error('malformed Lambda proxy response: headers must be an object');
    for (const [name, value] of Object.entries(r.headers)) {
      if (value === undefined || value === null) continue;
      if (typeof value === 'object') throw new Error(`malformed Lambda proxy response: header ${name} must be a string`);
      if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = String(value);
    }
  }
  const cookies = r.cookies ?? [];
  if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== 'string')) throw new Error('malformed Lambda proxy response: cookies must be strings');
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') throw new Error('malformed Lambda proxy response: body must be a string');
  const text = (r.body as string | undefined) ?? '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, cookies: cookies as string[], body };
}
