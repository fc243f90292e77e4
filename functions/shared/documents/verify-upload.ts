/**
 * Checks an uploaded document before the product accepts it. The POST policy already limits size and
 * type, but the policy only binds what the client *declares* (its Content-Type field, its hash
 * metadata), emulators may store what AWS would refuse (DESIGN §9), and a client may lie: so the
 * product reads each object itself — size, type by its first bytes, SHA-256 of the bytes — and
 * deletes what fails, so that nothing unreviewed lingers in the bucket.
 *
 * The documents bucket is versioned: the version HEAD saw is the one read, the one deleted on
 * refusal (a plain delete would only hide it behind a delete marker), and the one to pin downloads to.
 */
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { s3 } from '#shared/aws-clients.ts';
import { DomainError } from '#shared/http/problems.ts';
import { logger } from '#shared/observability.ts';
import { MAX_DOCUMENT_BYTES, sniffContentType, SNIFF_BYTES } from './document-kinds.ts';

export interface ExpectedDocument {
  contentType: string;
  size: number;
  /** Hex SHA-256 the client declared when it asked for the upload. */
  sha256: string;
}

export interface VerifyUploadInput {
  bucket: string;
  key: string;
  expected: ExpectedDocument;
  /** The kind's limit (`createUpload`'s `maxBytes`); defaults to the largest of any kind. */
  maxBytes?: number;
}

export interface VerifiedUpload {
  ok: true;
  sha256: string;
  size: number;
  contentType: string;
  etag?: string;
  /** The S3 version verified (versioned buckets): record it and download that version only. */
  versionId?: string;
}

export type DocumentRefusalCode = 'document.missing' | 'document.size-mismatch' | 'document.type-mismatch' | 'document.hash-mismatch';

function refusal(code: DocumentRefusalCode, zh: string, en: string, extra?: Record<string, unknown>): DomainError {
  return new DomainError(422, code, zh, en, undefined, extra);
}

export const documentRefusals = {
  missing: () => refusal('document.missing', '未找到已上传的文件，请重新上传', 'No uploaded file was found; upload it again'),
  tooLarge: (actualSize: number, maxBytes: number) => refusal('document.size-mismatch',
    `文件大小 ${actualSize} 字节超过上限 ${maxBytes} 字节，已删除，请重新上传`,
    `The file's ${actualSize} bytes exceed the ${maxBytes}-byte limit; it was deleted, upload it again`, { actualSize, maxBytes }),
  sizeMismatch: (actualSize: number, declaredSize: number) => refusal('document.size-mismatch',
    `文件大小 ${actualSize} 字节与申报的 ${declaredSize} 字节不符，已删除，请重新上传`,
    `The file has ${actualSize} bytes, not the ${declaredSize} declared; it was deleted, upload it again`, { actualSize, declaredSize }),
  typeMismatch: (detected: string, declared: string) => refusal('document.type-mismatch',
    `文件实际类型（${detected}）与申报的 ${declared} 不符，已删除，请上传真实的 ${declared} 文件`,
    `The file is ${detected}, not the ${declared} declared; it was deleted, upload a real ${declared} file`, { detected, declared }),
  hashMismatch: (actual: string, declared: string) => refusal('document.hash-mismatch',
    '文件的 SHA-256 与申报值不符（文件在传输中损坏或被替换），已删除，请重新上传',
    'The file\'s SHA-256 differs from the declared one (corrupted or replaced in transit); it was deleted, upload it again', { actual, declared }),
  replacedWhileVerifying: () => refusal('document.hash-mismatch',
    '文件在核验过程中被再次上传替换，已删除，请只上传一次',
    'The file was replaced by another upload while it was being verified; it was deleted, upload it once'),
};

/** What HEAD tells, checked before a byte is downloaded. */
export function checkStoredHead(head: { size: number; contentType: string | undefined }, expected: ExpectedDocument, maxBytes = MAX_DOCUMENT_BYTES): DomainError | undefined {
  if (head.size > maxBytes) return documentRefusals.tooLarge(head.size, maxBytes);
  if (head.size !== expected.size) return documentRefusals.sizeMismatch(head.size, expected.size);
  // S3 stores the form's Content-Type field verbatim; parameters (`; charset=`) are not a different type.
  const stored = (head.contentType ?? 'binary/octet-stream').split(';')[0].trim().toLowerCase();
  if (stored !== expected.contentType.toLowerCase()) return documentRefusals.typeMismatch(stored, expected.contentType);
  return undefined;
}

/** What the bytes are, checked against the declaration: signature first (a wrong type says more than a wrong hash). */
export function checkStoredBody(body: { head: Uint8Array; size: number; sha256: string }, expected: ExpectedDocument): DomainError | undefined {
  const detected = sniffContentType(body.head);
  if (detected !== expected.contentType.toLowerCase()) return documentRefusals.typeMismatch(detected ?? 'unknown', expected.contentType);
  if (body.size !== expected.size) return documentRefusals.sizeMismatch(body.size, expected.size);
  if (body.sha256 !== expected.sha256.toLowerCase()) return documentRefusals.hashMismatch(body.sha256, expected.sha256.toLowerCase());
  return undefined;
}

/** Verifies the object against the declaration; on refusal deletes it and throws a 422 `DomainError`. */
export async function verifyUpload(input: VerifyUploadInput): Promise<VerifiedUpload> {
  const { bucket: Bucket, key: Key, expected } = input;
  const maxBytes = input.maxBytes ?? MAX_DOCUMENT_BYTES;
  let head;
  try {
    head = await s3().send(new HeadObjectCommand({ Bucket, Key }));
  } catch (error) {
    if (isNotFound(error)) throw documentRefusals.missing();
    throw error;
  }
  // "null" is the version id of objects stored while versioning was off.
  const versionId = head.VersionId && head.VersionId !== 'null' ? head.VersionId : undefined;
  const etag = head.ETag;

  try {
    const headProblem = checkStoredHead({ size: head.ContentLength ?? 0, contentType: head.ContentType }, expected, maxBytes);
    if (headProblem) throw headProblem;
    // Read the very object HEAD saw: by version where there are versions, else only while its ETag holds.
    const object = await s3().send(new GetObjectCommand({ Bucket, Key, VersionId: versionId, IfMatch: versionId ? undefined : etag }))
      .catch((error: unknown) => {
        if (status(error) === 412) throw documentRefusals.replacedWhileVerifying();
        if (isNotFound(error)) throw documentRefusals.missing();
        throw error;
      });
    const body = await digest(object.Body as AsyncIterable<Uint8Array> | undefined, expected.size);
    const bodyProblem = checkStoredBody(body, expected);
    if (bodyProblem) throw bodyProblem;
    return { ok: true, sha256: body.sha256, size: body.size, contentType: expected.contentType, etag, versionId };
  } catch (error) {
    if (error instanceof DomainError && error.code !== 'document.missing') await discard(Bucket, Key, versionId, error.code);
    throw error;
  }
}

/**
 * SHA-256 and first bytes of a body, streamed (never the whole file in memory). Stops reading one
 * byte past the declared size: a longer body is already refused, whatever else it holds.
 */
async function digest(body: AsyncIterable<Uint8Array> | undefined, declaredSize: number): Promise<{ head: Uint8Array; size: number; sha256: string }> {
  const hash = createHash('sha256');
  const head = new Uint8Array(SNIFF_BYTES);
  let size = 0;
  for await (const chunk of body ?? []) {
    if (size < SNIFF_BYTES) head.set(chunk.subarray(0, SNIFF_BYTES - size), size);
    size += chunk.length;
    hash.update(chunk);
    if (size > declaredSize) {
      (body as { destroy?: () => void }).destroy?.();
      break;
    }
  }
  return { head: head.subarray(0, Math.min(size, SNIFF_BYTES)), size, sha256: hash.digest('hex') };
}

async function discard(Bucket: string, Key: string, VersionId: string | undefined, reason: string): Promise<void> {
  try {
    await s3().send(new DeleteObjectCommand({ Bucket, Key, VersionId }));
  } catch (error) {
    // The refusal still stands; the object stays unreferenced (never public: the bucket blocks public access).
    logger.warn('refused document could not be deleted', { bucket: Bucket, key: Key, versionId: VersionId, reason, error: String(error) });
  }
}

function status(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  return status(error) === 404 || (error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey'));
}
