import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';

/**
 * Certificate PDFs in the city's certificates bucket (S3 Object Lock, lib/constructs/document-buckets.ts),
 * under the tenant's prefix: `<tenant>/certificates/<year>/<no>.pdf`. Each is written once with a COMPLIANCE
 * retention of the tenant policy's `certificateRetentionYears` from its issue: nobody, the root user included,
 * can delete or shorten it before then. S3 wants a Content-MD5 (or a checksum) on any write that sets a lock.
 */
export const certificatePdfKey = (tenant: string, year: number, no: string) => `${tenant}/certificates/${year}/${no}.pdf`;

const bucket = () => requireEnv(ENV.certificatesBucket);

export async function putCertificatePdf(key: string, pdf: Uint8Array, retainUntil: Date, certificateNo: string): Promise<{ versionId?: string }> {
  const answer = await s3().send(new PutObjectCommand({
    Bucket: bucket(), Key: key, Body: pdf, ContentType: 'application/pdf',
    ContentMD5: createHash('md5').update(pdf).digest('base64'),
    ContentDisposition: `inline; filename="${certificateNo}.pdf"`,
    ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: retainUntil,
    Metadata: { 'certificate-no': certificateNo },
  }));
  return { versionId: answer.VersionId };
}

/** The PDF's bytes, or undefined when no object has that key (yet). */
export async function getCertificatePdf(key: string, versionId?: string): Promise<Uint8Array | undefined> {
  try {
    const answer = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
    return answer.Body ? await answer.Body.transformToByteArray() : undefined;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}
