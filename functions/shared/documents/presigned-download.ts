/**
 * Short-lived download links for documents. The bucket blocks all public access; a presigned GET is
 * the only way a browser reads a document.
 *
 * AUTHORIZATION IS THE CALLER'S JOB: this module signs whatever key it is given. Only the agency
 * itself, its reviewers (operator, regulator of the industry concerned) and operators may be given a
 * link (issue 3); the handler decides that from the caller's claims and the document's owner before
 * calling `downloadUrl`, and never takes the key from the request.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from '#shared/aws-clients.ts';

/** Five minutes: enough to start a download, short enough that a link pasted into a chat is soon dead. */
export const DOWNLOAD_URL_TTL_SECONDS = 5 * 60;

export interface DownloadUrlInput {
  bucket: string;
  key: string;
  /** The name the browser saves the file under (the uploader's original name, Chinese welcome). */
  filename: string;
  /** The verified version (`verifyUpload`'s `versionId`): a later overwrite of the key is never served. */
  versionId?: string;
  /** `attachment` (default) saves the file; `inline` lets a reviewer's browser show a PDF or image. */
  disposition?: 'attachment' | 'inline';
}

export interface DownloadUrl {
  url: string;
  expiresAt: string;
}

export async function downloadUrl(input: DownloadUrlInput, now = new Date()): Promise<DownloadUrl> {
  const command = new GetObjectCommand({
    Bucket: input.bucket,
    Key: input.key,
    VersionId: input.versionId,
    ResponseContentDisposition: contentDisposition(input.filename, input.disposition),
  });
  const url = await getSignedUrl(s3(), command, { expiresIn: DOWNLOAD_URL_TTL_SECONDS });
  return { url, expiresAt: new Date(now.getTime() + DOWNLOAD_URL_TTL_SECONDS * 1000).toISOString() };
}

/**
 * A Content-Disposition value for any filename (RFC 6266): an ASCII `filename` for old clients and
 * the exact UTF-8 name in `filename*` (RFC 8187). Path parts, quotes and control characters are
 * dropped so that the name can neither break the header nor choose a folder.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    // A lone surrogate is no character at all (and encodeURIComponent throws on one).
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .trim() || 'document';
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/[\\%]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
