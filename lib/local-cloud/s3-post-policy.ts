/**
 * Browser uploads through a presigned POST (multipart/form-data to `/bucket`), checked as S3 checks
 * them. s3rver 3.x stores whatever is posted, whatever the policy says (DESIGN §9: a file over the
 * size range or of the wrong type answers 204), so the local S3 front decides here, before s3rver
 * ever sees the request, and answers refusals in S3's words.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */

export interface PostForm {
  /** Form fields by lower-cased name (S3 matches field names case-insensitively). */
  fields: Map<string, string>;
  file?: { data: Buffer; filename: string };
}

export type PolicyVerdict =
  | { ok: true; key: string }
  | { ok: false; status: number; code: string; message: string; details?: Record<string, string> };

type Condition = Record<string, unknown> | unknown[];

// Fields S3 does not require the policy to mention.
const EXEMPT = new Set(['policy', 'x-amz-signature', 'signature', 'awsaccesskeyid', 'file']);

export function parsePostForm(body: Buffer, contentType: string): PostForm | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) return undefined;
  const boundary = match[1] ?? match[2].trim();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const form: PostForm = { fields: new Map() };
  // Prepend CRLF so that the first delimiter looks like every other one.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  let pos = data.indexOf(delimiter);
  while (pos >= 0) {
    pos += delimiter.length;
    if (data.toString('latin1', pos, pos + 2) === '--') break;
    const headerStart = data.indexOf('\r\n', pos) + 2;
    const headerEnd = data.indexOf('\r\n\r\n', headerStart);
    const next = data.indexOf(delimiter, headerEnd + 4);
    if (headerEnd < 0 || next < 0) return undefined;
    const headers = data.toString('utf8', headerStart, headerEnd);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    const content = data.subarray(headerEnd + 4, next);
    if (name?.toLowerCase() === 'file') {
      form.file = { data: content, filename: filename ?? '' };
      break; // S3 ignores every field after the file.
    }
    if (name !== undefined) form.fields.set(name.toLowerCase(), content.toString('utf8'));
    pos = next;
  }
  return form;
}

/** Checks the form against its policy; on success returns the object key (with `${filename}` filled in). */
export function checkPostPolicy(form: PostForm, bucket: string, now = new Date()): PolicyVerdict {
  const refuse = (status: number, code: string, message: string, details?: Record<string, string>): PolicyVerdict => ({ ok: false, status, code, message, details });
  const encoded = form.fields.get('policy');
  if (encoded === undefined) return refuse(403, 'AccessDenied', 'Access Denied');
  if (!form.file) return refuse(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
  const rawKey = form.fields.get('key');
  if (rawKey === undefined) return refuse(400, 'InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
  const key = rawKey.replaceAll('${filename}', form.file.filename);

  let policy: { expiration?: string; conditions?: Condition[] };
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  if (!policy.expiration) return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  if (!Array.isArray(policy.conditions)) return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.');
  if (!(new Date(policy.expiration).getTime() > now.getTime())) return refuse(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');

  // What each `$field` stands for: the form's fields, the bucket from the URL, the key as stored.
  const values = new Map(form.fields);
  values.set('bucket', bucket);
  values.set('key', key);
  const covered = new Set<string>();
  const size = form.file.data.length;

  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as [string, unknown, unknown];
      if (String(op).toLowerCase() === 'content-length-range') {
        const [min, max] = [Number(a), Number(b)];
        if (size > max) return refuse(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: String(size), MaxSizeAllowed: String(max) });
        if (size < min) return refuse(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', { ProposedSize: String(size), MinSizeAllowed: String(min) });
        continue;
      }
      const field = String(a).replace(/^\$/, '').toLowerCase();
      covered.add(field);
      const actual = values.get(field) ?? '';
      const expected = String(b);
      const holds = String(op).toLowerCase() === 'eq' ? actual === expected
        : String(op).toLowerCase() === 'starts-with'
          // Content-Type may list several types; each must start with the prefix.
          ? (field === 'content-type' ? actual.split(',').every((t) => t.trim().startsWith(expected)) : actual.startsWith(expected))
          : undefined;
      if (holds === undefined) return refuse(400, 'InvalidPolicyDocument', `Invalid Policy: Invalid Simple-Condition: unknown operation ${JSON.stringify(op)}.`);
      if (!holds) return refuse(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${render(condition)}`);
    } else if (condition && typeof condition === 'object') {
      for (const [name, expected] of Object.entries(condition)) {
        const field = name.toLowerCase();
        covered.add(field);
        if ((values.get(field) ?? '') !== String(expected)) {
          return refuse(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${render(['eq', `$${name}`, expected])}`);
        }
      }
    }
  }

  // Every field the browser sent must be allowed by the policy, or S3 refuses the whole POST.
  const extra = [...form.fields.keys()].filter((f) => !EXEMPT.has(f) && !f.startsWith('x-ignore-') && !covered.has(f));
  if (extra.length) return refuse(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return { ok: true, key };
}

// S3 quotes the failed condition as JSON with a space after each comma.
function render(condition: unknown[]): string {
  return `[${condition.map((c) => JSON.stringify(c)).join(', ')}]`;
}

/** The headers a PutObject needs to store the posted file as S3 would. */
export function storedHeaders(form: PostForm): Record<string, string> {
  // S3 does not use the file part's own type: without a Content-Type field it stores binary/octet-stream.
  const headers: Record<string, string> = { 'content-type': form.fields.get('content-type') ?? 'binary/octet-stream' };
  for (const [name, value] of form.fields) {
    if (['cache-control', 'content-disposition', 'content-encoding', 'expires'].includes(name) || name.startsWith('x-amz-meta-')
      || name === 'x-amz-storage-class' || name.startsWith('x-amz-object-lock-')) headers[name] = value;
  }
  return headers;
}
