import { certificateStore, type CertificateRecord } from './adapters/certificate-store.ts';
import { getCertificatePdf } from './adapters/certificate-pdfs.ts';
import { publishedKeys } from './adapters/certificate-signer.ts';
import { parseCertificateNo, type CertificateFields } from './domain/certificate.ts';
import { verifyCertificateJws, type CertificateVerification } from './domain/jws.ts';
import { verifyCertificatePdf } from './pdf/verify-pdf.ts';

/**
 * What `GET /v1/certificates/{no}/verification` answers, in the words a citizen scanning the QR code needs:
 *  - `valid`   the signature verifies with this city's published key, the certificate is in the register and
 *              not voided, and what was checked (the QR code's JWS, or else the PDF kept) is the one on record;
 *  - `voided`  all of that, but the register says it was voided (作废) — with when and why;
 *  - `unknown` no certificate of that number was issued here;
 *  - `invalid` anything else: a forged or altered JWS, a JWS of another certificate, a key we never published.
 */
export type PublicResult = 'valid' | 'voided' | 'unknown' | 'invalid';

export interface PublicVerification {
  certificateNo: string;
  result: PublicResult;
  reasons: string[];
  message: { zh: string; en: string };
  checked: 'jws' | 'pdf' | 'register';
  fields?: CertificateFields;
  kid?: string;
  voided?: { at: string; reason: string };
}

export const tenantOfCertificate = (no: string): string | undefined => parseCertificateNo(no)?.tenant;

export const publicVoided = (r: CertificateRecord) => (r.voided ? { at: r.voided.at, reason: r.voided.reason } : undefined);

function messageOf(no: string, result: PublicResult, record?: CertificateRecord): { zh: string; en: string } {
  switch (result) {
    case 'valid':
      return { zh: `中选确认书 ${no} 有效：签名、内容与登记一致`, en: `Certificate ${no} is valid: its signature, content and register entry agree` };
    case 'voided':
      return { zh: `中选确认书 ${no} 已作废（${record?.voided?.reason ?? ''}）`, en: `Certificate ${no} has been voided (${record?.voided?.reason ?? ''})` };
    case 'unknown':
      return { zh: `本市未出具编号为 ${no} 的中选确认书`, en: `No certificate numbered ${no} was issued here` };
    default:
      return { zh: `中选确认书 ${no} 无效：签名或内容与登记不符，可能被篡改`, en: `Certificate ${no} is invalid: its signature or content does not match; it may have been altered` };
  }
}

function answer(no: string, checked: PublicVerification['checked'], v: CertificateVerification, record: CertificateRecord | undefined, extra: string[] = []): PublicVerification {
  const reasons = [...v.reasons, ...extra];
  let result: PublicResult = v.result === 'valid' || v.result === 'voided' ? v.result : 'invalid';
  if (extra.length > 0) result = 'invalid';
  return {
    certificateNo: no, result, reasons, message: messageOf(no, result, record), checked,
    ...(v.fields ? { fields: v.fields } : {}), ...(v.kid ? { kid: v.kid } : {}),
    ...(result === 'voided' && record ? { voided: publicVoided(record) } : {}),
  };
}

export async function verifyRegistered(no: string, jws?: string): Promise<PublicVerification> {
  const tenant = tenantOfCertificate(no);
  const record = tenant ? await certificateStore.get(tenant, no) : undefined;
  const jwks = await publishedKeys();
  if (jws !== undefined) {
    const v = await verifyCertificateJws(jws, jwks, { status: record?.status });
    const extra: string[] = [];
    if (v.fields && v.fields.certificateNo !== no) extra.push(`the JWS is of certificate ${v.fields.certificateNo}, not ${no}`);
    else if (v.fields && (v.result === 'valid' || v.result === 'voided')) {
      if (!record) return { certificateNo: no, result: 'unknown', reasons: ['the signature verifies, but no such certificate is in the register'], message: messageOf(no, 'unknown'), checked: 'jws', fields: v.fields, kid: v.kid };
      if (record.jws !== jws) extra.push('the JWS is not the one on record for this certificate');
    }
    return answer(no, 'jws', v, record, extra);
  }
  if (!record) return { certificateNo: no, result: 'unknown', reasons: ['no such certificate in the register'], message: messageOf(no, 'unknown'), checked: 'register' };
  const pdf = await getCertificatePdf(record.pdfKey, record.pdfVersionId);
  if (!pdf) return answer(no, 'pdf', { result: 'invalid', reasons: ['the certificate\'s PDF is missing from the store'] }, record);
  const v = await verifyCertificatePdf(pdf, jwks, { status: record.status });
  return answer(no, 'pdf', v, record, v.jws !== undefined && v.jws !== record.jws ? ['the stored PDF carries another JWS than the register'] : []);
}
