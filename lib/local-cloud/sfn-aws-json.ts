/**
 * The AWS JSON protocol as the SDK v3 speaks it (Step Functions: `awsJson1_0`, EventBridge:
 * `awsJson1_1`): POST /, the operation in `X-Amz-Target: <Prefix>.<Operation>`, JSON in and out,
 * errors as HTTP 400 with `{"__type": "<Code>", "message": "…"}` and the code repeated in
 * `x-amzn-ErrorType` (the SDK reads either). Timestamps travel as epoch seconds. Shared by the local
 * Step Functions and EventBridge fronts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error the API returns to the caller under an AWS error code. */
export class AwsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export type Operation = (input: Record<string, unknown>) => unknown;

export interface AwsJsonService {
  /** `AWSStepFunctions` or `AWSEvents`. */
  targetPrefix: string;
  /** `application/x-amz-json-1.0` or `…-1.1`. */
  contentType: string;
  operations: Record<string, Operation>;
  log?(m: string): void;
}

/** Epoch seconds with milliseconds, as the JSON protocols carry timestamps. */
export const epochSeconds = (ms: number | Date): number => (typeof ms === 'number' ? ms : ms.getTime()) / 1000;

function send(res: ServerResponse, status: number, contentType: string, payload: unknown, errorCode?: string): void {
  const body = JSON.stringify(payload ?? {});
  const headers: Record<string, string | number> = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': crypto.randomUUID(),
  };
  if (errorCode) headers['x-amzn-errortype'] = errorCode;
  res.writeHead(status, headers);
  res.end(body);
}

/** Serves one request: dispatch by X-Amz-Target, map thrown AwsApiErrors to AWS error bodies. */
export async function serveAwsJson(
  service: AwsJsonService,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, name] = target.split('.');
  const operation = prefix === service.targetPrefix && name ? service.operations[name] : undefined;
  try {
    if (!operation) throw new AwsApiError('UnknownOperationException', `Operation ${target || '(none)'} is not supported by the local cloud`);
    let input: Record<string, unknown>;
    try {
      input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      throw new AwsApiError('SerializationException', 'Request body is not valid JSON');
    }
    const output = await operation(input ?? {});
    send(res, 200, service.contentType, output);
  } catch (err) {
    if (err instanceof AwsApiError) {
      send(res, err.status, service.contentType, { __type: err.code, message: err.message }, err.code);
    } else {
      service.log?.(`${target} failed: ${(err as Error)?.stack ?? err}`);
      send(res, 500, service.contentType, { __type: 'InternalFailure', message: String((err as Error)?.message ?? err) }, 'InternalFailure');
    }
  }
}

/** A required string member, or `ValidationException` as AWS answers a missing one. */
export function requireString(input: Record<string, unknown>, member: string): string {
  const v = input[member];
  if (typeof v !== 'string' || v === '') throw new AwsApiError('ValidationException', `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return v;
}

/** Simple offset pagination: AWS tokens are opaque, so a base64 offset is as good as any. */
export function paginate<T>(items: T[], maxResults: unknown, nextToken: unknown, limit = 100): { page: T[]; nextToken?: string } {
  const start = typeof nextToken === 'string' && nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) || 0 : 0;
  const size = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : limit;
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { page, nextToken: next };
}
