/**
 * Voiding a selection certificate (电子中选确认书, DESIGN §5): when its confirmed winner is replaced, the register answers
 * "voided" from then on. No PDF is touched (the signed PDF stays as issued, under Object Lock), so this module needs none
 * of the PDF stack.
 */
import { DomainError, problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { certificateStore, type CertificateRecord } from './adapters/certificate-store.ts';
import { issued, type IssuedCertificate } from './issued.ts';

/** Voids a certificate (e.g. its confirmed winner was replaced). `by` is who decided: a user's sub or `system:timeline`. */
export async function voidCertificate(certificateNo: string, reason: string, by: string): Promise<IssuedCertificate> {
  const tenant = /^ZXQR-(\d{6})-/.exec(certificateNo)?.[1];
  if (!tenant) throw problems.notFound({ zh: `中选确认书 ${certificateNo}`, en: `Certificate ${certificateNo}` });
  if (reason.trim().length < 2) throw new DomainError(400, 'certificate.void-reason-required', '作废中选确认书须说明理由', 'Voiding a certificate needs a reason');
  return withConflictRetry(async () => {
    const record = await certificateStore.get(tenant, certificateNo);
    if (!record) throw problems.notFound({ zh: `中选确认书 ${certificateNo}`, en: `Certificate ${certificateNo}` });
    if (record.status === 'voided') return issued(record);
    const at = new Date().toISOString();
    const voided: CertificateRecord = { ...record, status: 'voided', voided: { at, reason: reason.trim(), by } };
    const uow = new UnitOfWork({ sub: by, role: by.startsWith('system:') ? 'system' : 'operator', tenant });
    certificateStore.stageVoided(uow, voided);
    await uow.audit(tenant, 'certificate', certificateNo, 'certificate.voided', voided.voided);
    uow.event('CertificateVoided', tenant, { certificateNo, projectId: record.projectId, agency: record.fields.agency, reason: voided.voided!.reason, voidedAt: at });
    await uow.commit();
    return issued(voided);
  });
}
