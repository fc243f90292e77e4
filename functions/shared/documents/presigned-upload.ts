/**
 * A presigned POST for one document: the browser uploads straight to S3 (DESIGN §5), and S3 itself
 * refuses a file of another size range, another content type, another key or another declared hash
 * (the policy's conditions). The declared SHA-256 travels as `x-amz-meta-sha256` so that the object
 * carries what the client claimed; `verifyUpload` then checks the claim against the bytes.
 */
import { randomUUID } from 'node:crypto';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { s3 } from '#shared/aws-clients.ts';
import { problems } from '#shared/http/problems.ts';
import { DOCUMENT_KINDS, type DocumentKind } from './document-kinds.ts';
import { checkUploadRequest, documentKey, type UploadRequestInput } from './upload-request.ts';

/** Long enough to pick a file and upload 10 MB on a slow county line, short enough that a leaked form is soon useless. */
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;

export interface CreateUploadInput extends UploadRequestInput {
  bucket: string;
}

export interface PresignedUpload {
  documentId: string;
  key: string;
  /** Where the browser POSTs the multipart form. */
  url: string;
  /** Form fields to send, in this order, before the `file` field. */
  fields: Record<string, string>;
  expiresAt: string;
  maxBytes: number;
}

/** Validates the request (400 with field problems) and only then presigns. */
export async function createUpload(input: CreateUploadInput, now = new Date()): Promise<PresignedUpload> {
  const found = checkUploadRequest(input);
  if (found.length) throw problems.validation(found);

  const { maxBytes } = DOCUMENT_KINDS[input.kind as DocumentKind];
  const sha256 = input.sha256.toLowerCase();
  const documentId = randomUUID();
  const key = documentKey(input.tenant, input.owner, documentId);
  const { url, fields } = await createPresignedPost(s3(), {
    Bucket: input.bucket,
    Key: key,
    // The SDK also adds each field below as an exact-match condition; they are spelled out here so the
    // policy reads as the rules it enforces.
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$key', key],
      ['eq', '$Content-Type', input.contentType],
      ['eq', '$x-amz-meta-sha256', sha256],
    ],
    Fields: { 'Content-Type': input.contentType, 'x-amz-meta-sha256': sha256 },
    Expires: UPLOAD_URL_TTL_SECONDS,
  });
  return { documentId, key, url, fields, expiresAt: new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(), maxBytes };
}
