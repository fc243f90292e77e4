import { verifyCertificateJws, type CertificateStatus, type CertificateVerification, type JsonWebKeySet } from '../domain/jws.ts';
import { contentOfSignedPdf, jwsOfPdf } from './signature-update.ts';

export interface PdfVerification extends CertificateVerification {
  /** The JWS the file carries, when one was found. */
  jws?: string;
}

/**
 * Verifies a certificate from its PDF alone (ISM-CERT-PDF-1, ./signature-update.ts): the JWS it carries must
 * verify with the published key set, the signed `pdfSha256` must be the hash of the file's content part, and
 * the rest of the file must be exactly the signature update that JWS makes of that content. `status` is the
 * register's word (the API knows it; a standalone check does not, and then cannot see a voiding).
 */
export async function verifyCertificatePdf(pdf: Uint8Array, jwks: JsonWebKeySet, options: { status?: CertificateStatus } = {}): Promise<PdfVerification> {
  const jws = jwsOfPdf(pdf);
  if (!jws) return { result: 'invalid', reasons: ['the PDF carries no certificate signature (/ISMCertificateJWS)'] };
  const signature = await verifyCertificateJws(jws, jwks);
  if (!signature.fields || (signature.result !== 'valid' && signature.result !== 'voided')) return { ...signature, jws };
  const { content, reason } = await contentOfSignedPdf(pdf, jws, signature.fields.pdfSha256);
  if (!content) return { result: 'invalid', kid: signature.kid, fields: signature.fields, reasons: [reason ?? 'the PDF does not match its signature'], jws };
  return { ...(await verifyCertificateJws(jws, jwks, { pdfBytes: content, status: options.status })), jws };
}
