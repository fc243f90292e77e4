import type { CertificateRecord } from './adapters/certificate-store.ts';
import type { CertificateFields } from './domain/certificate.ts';

/** A certificate as issueCertificate and voidCertificate answer it. */
export interface IssuedCertificate {
  certificateNo: string;
  jws: string;
  /** Key of the PDF in the certificates bucket (CERTIFICATES_BUCKET). */
  pdfKey: string;
  pdfSha256: string;
  fields: CertificateFields;
  status: CertificateRecord['status'];
}

export const issued = (r: CertificateRecord): IssuedCertificate => ({
  certificateNo: r.certificateNo, jws: r.jws, pdfKey: r.pdfKey, pdfSha256: r.pdfSha256, fields: r.fields, status: r.status,
});
