/**
 * The two wire protocols of SQS, reduced to one shape: operations take and return the AWS JSON 1.0
 * shapes (`X-Amz-Target: AmazonSQS.<Op>`, what SDK v3 and recent CLIs send); the query protocol
 * (form `Action=...`, XML answers; older CLIs, SDKs and curl) is translated to and from them here.
 * Also the checksums clients verify: MD5OfMessageBody and MD5OfMessageAttributes.
 */
import { createHash, randomUUID } from 'node:crypto';
import type http from 'node:http';

export type SqsProtocol = 'json' | 'query';
export type SqsInput = Record<string, unknown>;
export interface SqsCall { protocol: SqsProtocol; action: string; input: SqsInput }

/** A message attribute as on the JSON wire (BinaryValue base64). */
export interface WireAttribute { DataType: string; StringValue?: string; BinaryValue?: string }

/** A received message as on the JSON wire. */
export interface WireMessage {
  MessageId: string; ReceiptHandle: string; MD5OfBody: string; Body: string;
  Attributes?: Record<string, string>; MessageAttributes?: Record<string, WireAttribute>; MD5OfMessageAttributes?: string;
}

export class SqsError extends Error {
  /** `type` is the JSON error shape; `queryCode` what the query protocol (and x-amzn-query-error) calls it. */
  constructor(readonly type: string, readonly queryCode: string, message: string, readonly status = 400, readonly fault: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
  }
}

export const sqsErrors = {
  noQueue: () => new SqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.'),
  invalid: (message: string) => new SqsError('InvalidParameterValueException', 'InvalidParameterValue', message),
  missing: (name: string) => new SqsError('MissingParameter', 'MissingParameter', `The request must contain the parameter ${name}.`),
  receiptHandle: (handle: string) => new SqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404),
  notInflight: () => new SqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.'),
  unsupported: (action: string) => new SqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', `${action} is not supported by the local SQS.`),
  resourceNotFound: (message: string) => new SqsError('ResourceNotFoundException', 'ResourceNotFoundException', message),
  queueExists: (name: string) => new SqsError('QueueNameExists', 'QueueAlreadyExists', `A queue already exists with the same name and a different value for attributes: ${name}`),
  emptyBatch: () => new SqsError('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one entry in the request.'),
  tooManyEntries: () => new SqsError('TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10.'),
  idsNotDistinct: () => new SqsError('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.'),
};

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * MD5OfMessageAttributes as SQS computes it: over the attributes sorted by name, each encoded as
 * length-prefixed (4-byte big-endian) name, data type, a transport byte (1 string/number, 2 binary)
 * and length-prefixed value.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
export function md5OfMessageAttributes(attributes: Record<string, WireAttribute>): string {
  const parts: Buffer[] = [];
  const field = (b: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length);
    parts.push(length, b);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name];
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(a.DataType, 'utf8'));
    const binary = a.BinaryValue !== undefined;
    parts.push(Buffer.from([binary ? 2 : 1]));
    field(binary ? Buffer.from(a.BinaryValue!, 'base64') : Buffer.from(a.StringValue ?? '', 'utf8'));
  }
  return md5Hex(Buffer.concat(parts));
}

/** Batch operations answer per entry, Successful or Failed; only request-level faults fail the call. */
export function answerBatch(entries: unknown, run: (entry: SqsInput) => Record<string, unknown>): { Successful: Record<string, unknown>[]; Failed: Record<string, unknown>[] } {
  const list = (entries ?? []) as SqsInput[];
  if (!list.length) throw sqsErrors.emptyBatch();
  if (list.length > 10) throw sqsErrors.tooManyEntries();
  if (new Set(list.map((e) => e.Id)).size !== list.length) throw sqsErrors.idsNotDistinct();
  const Successful: Record<string, unknown>[] = [];
  const Failed: Record<string, unknown>[] = [];
  for (const e of list) {
    try {
      Successful.push({ Id: e.Id, ...run(e) });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      Failed.push({ Id: e.Id, SenderFault: error.fault === 'Sender', Code: error.queryCode, Message: error.message });
    }
  }
  return { Successful, Failed };
}

export function decodeSqsRequest(req: http.IncomingMessage, body: Buffer): SqsCall {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith('AmazonSQS.')) {
    return { protocol: 'json', action: target.slice('AmazonSQS.'.length), input: body.length ? JSON.parse(body.toString('utf8')) : {} };
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const form = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) form.append(k, v);
  const input = normalize(nest(form)) as SqsInput;
  const action = String(input.Action ?? '');
  delete input.Action;
  delete input.Version;
  // Query clients may post to the queue's URL instead of naming it.
  if (!input.QueueUrl && /^\/\d{12}\/[^/]+$/.test(url.pathname)) input.QueueUrl = `http://${req.headers.host}${url.pathname}`;
  return { protocol: 'query', action, input };
}

// `MessageAttribute.1.Value.StringValue=x` → nested objects; numeric segments become arrays.
function nest(form: URLSearchParams): unknown {
  const root: Record<string, unknown> = {};
  for (const [key, value] of form) {
    const path = key.split('.');
    let node = root;
    path.slice(0, -1).forEach((segment) => (node = (node[segment] ??= {}) as Record<string, unknown>));
    node[path.at(-1)!] = value;
  }
  const arrays = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length && entries.every(([k]) => /^\d+$/.test(k))) return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => arrays(x));
    return Object.fromEntries(entries.map(([k, x]) => [k, arrays(x)]));
  };
  return arrays(root);
}

const QUERY_LISTS: Record<string, string> = {
  AttributeName: 'AttributeNames', MessageAttributeName: 'MessageAttributeNames', MessageSystemAttributeName: 'MessageSystemAttributeNames',
  SendMessageBatchRequestEntry: 'Entries', DeleteMessageBatchRequestEntry: 'Entries', ChangeMessageVisibilityBatchRequestEntry: 'Entries',
};
const NUMBERS = new Set(['MaxNumberOfMessages', 'VisibilityTimeout', 'WaitTimeSeconds', 'DelaySeconds', 'MaxResults', 'MaxNumberOfMessagesPerSecond']);

// The query protocol's flattened lists and Name/Value maps, in the JSON protocol's names.
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const list = Array.isArray(v) ? v : [v];
    if (k === 'Attribute') out.Attributes = Object.fromEntries(list.map((a) => [(a as { Name: string }).Name, (a as { Value: string }).Value]));
    else if (k === 'MessageAttribute') out.MessageAttributes = Object.fromEntries(list.map((a) => [(a as { Name: string }).Name, (a as { Value: WireAttribute }).Value]));
    else if (QUERY_LISTS[k]) out[QUERY_LISTS[k]] = list.map(normalize);
    else if (NUMBERS.has(k)) out[k] = Number(v);
    else out[k] = normalize(v);
  }
  return out;
}

export function sendSqsResult(res: http.ServerResponse, call: SqsCall, output: Record<string, unknown>): void {
  const requestId = randomUUID();
  if (call.protocol === 'json') return send(res, 200, 'application/x-amz-json-1.0', JSON.stringify(output), { 'x-amzn-requestid': requestId });
  const result = Object.keys(output).length ? `<${call.action}Result>${toXml(output, call.action)}</${call.action}Result>` : '';
  const text = `<?xml version="1.0"?><${call.action}Response xmlns="http://queue.amazonaws.com/doc/2012-11-05/">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${call.action}Response>`;
  send(res, 200, 'text/xml', text, { 'x-amzn-requestid': requestId });
}

export function sendSqsError(res: http.ServerResponse, protocol: SqsProtocol, e: SqsError): void {
  const requestId = randomUUID();
  if (protocol === 'json') {
    // x-amzn-query-error lets SDKs in query-compatible mode map the error to its old code.
    const body = JSON.stringify({ __type: `com.amazonaws.sqs#${e.type}`, message: e.message });
    return send(res, e.status, 'application/x-amz-json-1.0', body, { 'x-amzn-query-error': `${e.queryCode};${e.fault}`, 'x-amzn-requestid': requestId });
  }
  const text = `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>${e.fault}</Type><Code>${e.queryCode}</Code><Message>${escape(e.message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  send(res, e.status, 'text/xml', text, { 'x-amzn-requestid': requestId });
}

// Element names of list members in the query protocol's (flattened) XML answers.
const MEMBERS: Record<string, (action: string) => string> = {
  QueueUrls: () => 'QueueUrl', queueUrls: () => 'QueueUrl', Messages: () => 'Message',
  Successful: (action) => `${action}ResultEntry`, Failed: () => 'BatchResultErrorEntry', Results: () => 'ListMessageMoveTasksResultEntry',
};

function toXml(value: Record<string, unknown>, action: string): string {
  let out = '';
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (k === 'Attributes') {
      for (const [name, x] of Object.entries(v as Record<string, string>)) out += `<Attribute><Name>${escape(name)}</Name><Value>${escape(x)}</Value></Attribute>`;
    } else if (k === 'MessageAttributes') {
      for (const [name, a] of Object.entries(v as Record<string, WireAttribute>)) out += `<MessageAttribute><Name>${escape(name)}</Name><Value>${toXml({ ...a }, action)}</Value></MessageAttribute>`;
    } else if (Array.isArray(v)) {
      const member = MEMBERS[k]?.(action) ?? k;
      for (const x of v) out += `<${member}>${typeof x === 'object' ? toXml(x as Record<string, unknown>, action) : escape(String(x))}</${member}>`;
    } else if (typeof v === 'object') out += `<${k}>${toXml(v as Record<string, unknown>, action)}</${k}>`;
    else out += `<${k}>${escape(String(v))}</${k}>`;
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/\r/g, '&#xD;');
}

function send(res: http.ServerResponse, status: number, type: string, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
