/**
 * Issuing and voiding selection certificates (电子中选确认书, DESIGN §5) — what the procurement timeline calls
 * when an award is confirmed, and when a confirmed winner is replaced.
 *
 * issueCertificate: takes the tenant's next number for the year (with a claim on project + agency, in one
 * transaction), renders the content PDF, signs the fields with the city's KMS key, appends the signature
 * update (ISM-CERT-PDF-1), stores the PDF write-once in the certificates bucket (Object Lock, retention from
 * the tenant policy), then records the certificate, its audit entry and a CertificateIssued event in one
 * transaction. Idempotent per project + agency: a retry — after a crash at any step, or a concurrent twin —
 * finds the claim and ends with the same number and the same PDF, never a second certificate.
 *
 * voidCertificate (void.ts): marks a valid certificate voided with its reason (audit entry, CertificateVoided
 * event); voiding a voided certificate again changes nothing.
 */
import { canonicalJson } from '#shared/audit/canonical-json.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import type { AuditActor } from '#shared/audit/audit-chain.ts';
import { effectivePolicy } from '#functions/tenancy/effective-policy.ts';
import { epochMsOf, shanghaiDayNumberOf, yearOf } from '#functions/tenancy/domain/calendar/local-date.ts';
import type { SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';
import { certificateFonts } from './adapters/certificate-fonts.ts';
import { certificatePdfKey, getCertificatePdf, putCertificatePdf } from './adapters/certificate-pdfs.ts';
import { certificateSigner, publishedKeys } from './adapters/certificate-signer.ts';
import { certificateStore, type CertificateRecord, type IssuanceClaim } from './adapters/certificate-store.ts';
import { beijingNow, CertificateFieldsError, certificateFieldProblems, formatCertificateNo, verificationPath, type CertificateFields } from './domain/certificate.ts';
import { certificateJwsLength, sha256Hex, signCertificate } from './domain/jws.ts';
import { renderContentPdf, type ContentFields } from './pdf/certificate-pdf.ts';
import { QR_MAX_BYTES } from './pdf/qr-image.ts';
import { appendSignatureUpdate, verificationLink } from './pdf/signature-update.ts';
import { verifyCertificatePdf } from './pdf/verify-pdf.ts';
import { issued, type IssuedCertificate } from './issued.ts';

// Voiding needs none of the PDF stack (pdf-lib, fontkit): it lives apart so that the projects API, which only voids,
// does not bundle it; re-exported here for the callers that do both.
export { voidCertificate } from './void.ts';
export type { IssuedCertificate };

export interface CertificateIssuance {
  tenant: string;
  project: { id: string; name: string };
  owner: { id: string; name: string };
  agency: { uscc: string; name: string };
  serviceItem: { code: string; name: string };
  method: SelectionMethod;
  /** 中选价格 in fen; required for the price methods. */
  priceFen?: number;
  /** ISM-DRAW-1 commitment and pool hash: required for `random`, and for a price method whose tie was drawn. */
  draw?: { commitment: string; poolHash: string };
  /** ISO 8601 instants with an offset (any); the certificate states them in Beijing time. */
  awardedAt: string;
  confirmedAt: string;
  issuer: { province: string; city: string };
}


export const CERTIFICATE_ACTOR: AuditActor = { sub: 'system:certificates', role: 'system' };
const DEFAULT_RETENTION_YEARS = 15; // DESIGN §5, when the tenant policy says nothing


function contentFields(input: CertificateIssuance, number: { certificateNo: string; issuedAt: string }): ContentFields {
  const beijing = (at: string) => beijingNow(epochMsOf(at));
  return {
    certificateNo: number.certificateNo,
    project: input.project,
    tenant: input.tenant,
    owner: input.owner,
    agency: input.agency,
    serviceItem: input.serviceItem,
    method: input.method,
    ...(input.priceFen !== undefined ? { priceFen: input.priceFen } : {}),
    ...(input.draw ? { draw: input.draw } : {}),
    awardedAt: beijing(input.awardedAt),
    confirmedAt: beijing(input.confirmedAt),
    issuedAt: number.issuedAt,
    issuer: input.issuer,
    verificationUrl: `${requireEnv(ENV.publicApiUrl).replace(/\/+$/, '')}${verificationPath(number.certificateNo)}`,
  };
}

/** Issued now, but never before the confirmation it certifies; the number's year is the issue's (Beijing time). */
function issueMoment(input: CertificateIssuance): { issuedAt: string; year: number } {
  const issuedAt = beijingNow(Math.max(Date.now(), epochMsOf(input.confirmedAt)));
  return { issuedAt, year: yearOf(shanghaiDayNumberOf(epochMsOf(issuedAt))) };
}

/** Fields that cannot make a certificate are the caller's bug: refused before a number is taken. */
function assertIssuable(input: CertificateIssuance) {
  const { issuedAt, year } = issueMoment(input);
  const fields = contentFields(input, { certificateNo: formatCertificateNo({ tenant: input.tenant, year, sequence: 1 }), issuedAt });
  const issues = certificateFieldProblems({ ...fields, pdfSha256: '0'.repeat(64) });
  if (issues.length > 0) throw new CertificateFieldsError(issues);
  // The QR code carries the whole JWS: names so long that it would not fit are refused now, not after signing.
  const linkBytes = Buffer.byteLength(verificationLink(fields.verificationUrl, 'j'.repeat(certificateJwsLength({ ...fields, pdfSha256: '0'.repeat(64) }))));
  if (linkBytes > QR_MAX_BYTES) {
    throw new CertificateFieldsError([`(fields): the verification link would be ${linkBytes} bytes, more than a QR code holds (${QR_MAX_BYTES}); shorten the names`]);
  }
}

function takeClaim(input: CertificateIssuance): Promise<IssuanceClaim> {
  const { issuedAt, year } = issueMoment(input);
  return certificateStore.takeNumber({ ...CERTIFICATE_ACTOR, tenant: input.tenant }, { tenant: input.tenant, projectId: input.project.id, uscc: input.agency.uscc, issuedAt }, year, (sequence) => {
    const certificateNo = formatCertificateNo({ tenant: input.tenant, year, sequence });
    return { certificateNo, pdfKey: certificatePdfKey(input.tenant, year, certificateNo) };
  });
}

async function retentionUntil(tenant: string, issuedAt: string): Promise<Date> {
  const years = (await effectivePolicy(tenant)).policy.certificateRetentionYears ?? DEFAULT_RETENTION_YEARS;
  const until = new Date(epochMsOf(issuedAt));
  until.setUTCFullYear(until.getUTCFullYear() + years);
  return until;
}

/**
 * The signed PDF of a claim: the one already stored under its key (a previous attempt, or a concurrent twin, got
 * that far), checked against our key and the fields we would sign; or a new one, rendered, signed and stored.
 */
async function signedPdf(fields: ContentFields, claim: IssuanceClaim): Promise<{ jws: string; pdfSha256: string; kid: string; versionId?: string }> {
  const stored = await getCertificatePdf(claim.pdfKey);
  if (stored) return adopt(stored, fields, claim);
  const [fonts, signer] = await Promise.all([certificateFonts(), certificateSigner()]);
  const content = await renderContentPdf(fields, { issuerName: `${requireEnv(ENV.provinceName)}${requireEnv(ENV.cityName)}` }, fonts);
  const pdfSha256 = sha256Hex(content);
  const jws = await signCertificate({ ...fields, pdfSha256 }, signer);
  const pdf = await appendSignatureUpdate(content, jws);
  try {
    const { versionId } = await putCertificatePdf(claim.pdfKey, pdf, await retentionUntil(fields.tenant, fields.issuedAt), claim.certificateNo);
    return { jws, pdfSha256, kid: signer.kid, versionId };
  } catch (error) {
    // A twin stored its PDF first, and a locked key refuses a second write (where the store keeps no versions).
    const raced = await getCertificatePdf(claim.pdfKey);
    if (raced) return adopt(raced, fields, claim);
    throw error;
  }
}

async function adopt(stored: Uint8Array, fields: ContentFields, claim: IssuanceClaim): Promise<{ jws: string; pdfSha256: string; kid: string }> {
  const check = await verifyCertificatePdf(stored, await publishedKeys());
  const same = check.fields && canonicalJson({ ...check.fields, pdfSha256: undefined }) === canonicalJson(fields);
  if (check.result !== 'valid' || !same || !check.jws || !check.kid) {
    throw new Error(`certificate ${claim.certificateNo}: the PDF already stored at ${claim.pdfKey} is not this certificate (${check.reasons.join('; ') || 'other fields'})`);
  }
  return { jws: check.jws, pdfSha256: check.fields!.pdfSha256, kid: check.kid };
}

export async function issueCertificate(input: CertificateIssuance): Promise<IssuedCertificate> {
  assertIssuable(input);
  return withConflictRetry(async () => {
    const existing = await certificateStore.claim(input.tenant, input.project.id, input.agency.uscc);
    if (existing?.state === 'issued') {
      const record = await certificateStore.get(input.tenant, existing.certificateNo);
      if (record) return issued(record);
    }
    const claim = existing ?? (await takeClaim(input));
    const fields = contentFields(input, claim);
    const { jws, pdfSha256, kid, versionId } = await signedPdf(fields, claim);
    const record: CertificateRecord = {
      certificateNo: claim.certificateNo, tenant: input.tenant, status: 'valid', fields: { ...fields, pdfSha256 }, jws, kid,
      pdfKey: claim.pdfKey, ...(versionId ? { pdfVersionId: versionId } : {}), pdfSha256, projectId: input.project.id, issuedAt: claim.issuedAt,
    };
    const uow = new UnitOfWork({ ...CERTIFICATE_ACTOR, tenant: input.tenant });
    certificateStore.stageIssued(uow, record, claim);
    await uow.audit(input.tenant, 'certificate', record.certificateNo, 'certificate.issued', { ...record, jws: undefined });
    uow.event('CertificateIssued', input.tenant, {
      certificateNo: record.certificateNo, projectId: input.project.id, agency: input.agency, pdfSha256, kid,
      issuedAt: record.issuedAt, verificationUrl: fields.verificationUrl,
    });
    await uow.commit();
    return issued(record);
  });
}
