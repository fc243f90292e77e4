import { consistentGet } from '#shared/store/query.ts';
import { withoutKeys } from '#shared/store/table.ts';
import { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { AuditActor } from '#shared/audit/audit-chain.ts';
import type { CertificateFields } from '../domain/certificate.ts';
import type { CertificateStatus } from '../domain/jws.ts';

/**
 * The certificate register in the city table. Keys start with the tenant (DESIGN §2) and live here rather than
 * in functions/shared/store/keys.ts because no other context reads them: it asks the certificates context.
 *  - the certificate: `<tenant>#CERTIFICATE#<no>` / CURRENT, listed per tenant through gsi1;
 *  - the number counter: `<tenant>#CERTIFICATE-COUNTER` / `<year>` — numbers run per tenant and year, without gaps;
 *  - the issuance claim: `<tenant>#CERTIFICATE-ISSUANCE#<projectId>` / `<uscc>` — one certificate per project and
 *    winning agency: the number is taken with the claim, in one transaction, so a retried issuance finds it.
 */
export const certificateKeys = {
  record: (tenant: string, no: string) => ({ pk: `${tenant}#CERTIFICATE#${no}`, sk: 'CURRENT' }),
  listIndex: (tenant: string, no: string) => ({ gsi1pk: `${tenant}#CERTIFICATES`, gsi1sk: no }),
  counter: (tenant: string, year: number) => ({ pk: `${tenant}#CERTIFICATE-COUNTER`, sk: String(year) }),
  issuance: (tenant: string, projectId: string, uscc: string) => ({ pk: `${tenant}#CERTIFICATE-ISSUANCE#${projectId}`, sk: uscc }),
};

export interface CertificateRecord {
  certificateNo: string;
  tenant: string;
  status: CertificateStatus;
  fields: CertificateFields;
  jws: string;
  kid: string;
  pdfKey: string;
  /** S3 version of the PDF (the certificates bucket is versioned; absent where the store keeps no versions). */
  pdfVersionId?: string;
  pdfSha256: string;
  projectId: string;
  issuedAt: string;
  voided?: { at: string; reason: string; by: string };
}

/** A number taken for a project's winner; `issued` once the certificate is in the register. */
export interface IssuanceClaim {
  tenant: string;
  projectId: string;
  uscc: string;
  certificateNo: string;
  issuedAt: string;
  pdfKey: string;
  state: 'pending' | 'issued';
}

const consistentRecord = async <T>(key: { pk: string; sk: string }): Promise<T | undefined> => {
  const item = await consistentGet(key);
  return item ? (withoutKeys(item) as T) : undefined;
};

export const certificateStore = {
  get: (tenant: string, no: string) => consistentRecord<CertificateRecord>(certificateKeys.record(tenant, no)),

  claim: (tenant: string, projectId: string, uscc: string) => consistentRecord<IssuanceClaim>(certificateKeys.issuance(tenant, projectId, uscc)),

  /**
   * Takes the next number of the tenant's year together with the claim. Throws WriteConflict when another
   * issuance took a number (or this claim) first: the caller reads again and retries.
   */
  async takeNumber(
    actor: AuditActor, claim: Omit<IssuanceClaim, 'certificateNo' | 'pdfKey' | 'state'>, year: number,
    numbered: (sequence: number) => { certificateNo: string; pdfKey: string },
  ): Promise<IssuanceClaim> {
    const counterKey = certificateKeys.counter(claim.tenant, year);
    const current = (await consistentRecord<{ seq: number }>(counterKey))?.seq ?? 0;
    const taken: IssuanceClaim = { ...claim, ...numbered(current + 1), state: 'pending' };
    await new UnitOfWork(actor)
      .put({ ...counterKey, seq: current + 1, tenant: claim.tenant, year }, current === 0
        ? { expression: 'attribute_not_exists(pk)' }
        : { expression: 'seq = :seq', values: { ':seq': current } })
      .put({ ...certificateKeys.issuance(claim.tenant, claim.projectId, claim.uscc), ...taken }, { expression: 'attribute_not_exists(pk)' })
      .commit();
    return taken;
  },

  /** Stages the certificate and its claim, now issued, in `uow` (the caller adds the audit entry and the event). */
  stageIssued(uow: UnitOfWork, record: CertificateRecord, claim: IssuanceClaim): void {
    uow.put({ ...certificateKeys.record(record.tenant, record.certificateNo), ...certificateKeys.listIndex(record.tenant, record.certificateNo), ...record },
      { expression: 'attribute_not_exists(pk)' });
    uow.put({ ...certificateKeys.issuance(claim.tenant, claim.projectId, claim.uscc), ...claim, state: 'issued' },
      { expression: '#state = :pending', names: { '#state': 'state' }, values: { ':pending': 'pending' } });
  },

  /** Stages the voided record, guarded by the status it was read with. */
  stageVoided(uow: UnitOfWork, record: CertificateRecord): void {
    uow.put({ ...certificateKeys.record(record.tenant, record.certificateNo), ...certificateKeys.listIndex(record.tenant, record.certificateNo), ...record },
      { expression: '#status = :valid', names: { '#status': 'status' }, values: { ':valid': 'valid' } });
  },
};
