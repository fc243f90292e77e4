import type { InstantInput, LocalDate } from '#functions/tenancy/domain/calendar/index.ts';
import type { Agency, AgencyServiceItem, ItemSuspension } from './agency.ts';
import { type CatalogItemLike, type ServiceItemRef, catalogueIndex, itemKey } from './offered-item.ts';
import { type DatedQualification, requirementsMet, validityOn } from './qualification-coverage.ts';
import { daysBetween, shanghaiInstant } from './shanghai-dates.ts';

/**
 * The daily qualification job's rule (资质到期预警与暂停), pure: for one agency on one (Shanghai) date,
 *  - warn 30 days ahead of each certificate's expiry, once per certificate per expiry date (the key names the
 *    date, so an extension to a new date warns again when that one approaches, and a re-run warns no more);
 *  - suspend the service items whose requirements only the expired certificates met (seed 000 §四(三)2: 如情况
 *    变化不再符合进驻条件的…), and restore the items it suspended once a certificate makes them valid again.
 * Idempotent: run it twice on the same day and the second run changes nothing.
 *
 * Items whose requirements are unmet for another reason (e.g. the catalogue raised a grade) are not suspended
 * here: that is not an expiry, and matching refuses them live anyway.
 */
export const EXPIRY_WARNING_DAYS = 30;
export const EXPIRY_JOB_ACTOR = 'system:qualification-expiry';

export interface ExpiryWarning {
  /** Stable: `qualification-expiry/<uscc>/<qualificationId>/<validTo>`; store it to send each warning once. */
  key: string;
  uscc: string;
  qualificationId: string;
  type: string;
  number: string;
  validTo: LocalDate;
  /** 0 on the last valid day. */
  daysLeft: number;
}

export interface ExpiredQualification {
  qualificationId: string;
  type: string;
  number: string;
  validTo: LocalDate;
}

export interface ItemToSuspend extends ServiceItemRef {
  /** The expired certificates that used to meet the item's requirements. */
  qualificationIds: string[];
}

export interface ExpiryAssessment {
  date: LocalDate;
  warnings: ExpiryWarning[];
  expired: ExpiredQualification[];
  suspend: ItemToSuspend[];
  restore: ServiceItemRef[];
}

export function expiryWarningKey(uscc: string, qualificationId: string, validTo: LocalDate): string {
  return `qualification-expiry/${uscc}/${qualificationId}/${validTo}`;
}

/** As if no certificate had expired: the expiry alone is then the cause when the item is uncovered today. */
function ignoringExpiry(qualifications: readonly DatedQualification[], date: LocalDate): DatedQualification[] {
  return qualifications.map((q) => (validityOn(q, date) === 'expired' ? { ...q, validTo: date } : q));
}

export function assessQualificationExpiry(agency: Agency, date: LocalDate, catalogue: readonly CatalogItemLike[], warnDays: number = EXPIRY_WARNING_DAYS): ExpiryAssessment {
  const empty: ExpiryAssessment = { date, warnings: [], expired: [], suspend: [], restore: [] };
  if (agency.status === 'cleared') return empty;
  const warnings: ExpiryWarning[] = [];
  const expired: ExpiredQualification[] = [];
  for (const q of agency.qualifications) {
    const daysLeft = daysBetween(date, q.validTo);
    if (daysLeft < 0) expired.push({ qualificationId: q.id, type: q.type, number: q.number, validTo: q.validTo });
    else if (daysLeft <= warnDays && q.validFrom <= date) {
      warnings.push({ key: expiryWarningKey(agency.uscc, q.id, q.validTo), uscc: agency.uscc, qualificationId: q.id, type: q.type, number: q.number, validTo: q.validTo, daysLeft });
    }
  }
  const index = catalogueIndex(catalogue);
  const expiredIds = new Set(expired.map((e) => e.qualificationId));
  const suspend: ItemToSuspend[] = [];
  const restore: ServiceItemRef[] = [];
  for (const item of agency.serviceItems) {
    const entry = index.get(itemKey(item));
    if (!entry || entry.qualificationRequirements.length === 0) continue;
    const requirements = entry.qualificationRequirements;
    const coveredToday = requirementsMet(agency.qualifications, requirements, date);
    if (item.status === 'active' && !coveredToday && requirementsMet(ignoringExpiry(agency.qualifications, date), requirements, date)) {
      const used = agency.qualifications.filter((q) => expiredIds.has(q.id) && requirements.some((r) => r.type === q.type));
      suspend.push({ tenant: item.tenant, code: item.code, qualificationIds: used.map((q) => q.id) });
    } else if (item.status === 'suspended' && item.suspension?.cause === 'qualification-expired' && coveredToday) {
      restore.push({ tenant: item.tenant, code: item.code });
    }
  }
  return { date, warnings, expired, suspend, restore };
}

/**
 * Apply an assessment's suspensions and restorations. Returns the same object (same version) when there is nothing
 * to do, so the job writes — and publishes `AgencyChanged` — only on a real change.
 */
export function applyExpiryAssessment(agency: Agency, assessment: ExpiryAssessment, at: InstantInput, by: string = EXPIRY_JOB_ACTOR): Agency {
  if (assessment.suspend.length === 0 && assessment.restore.length === 0) return agency;
  const since = shanghaiInstant(at);
  const suspend = new Map(assessment.suspend.map((s) => [itemKey(s), s]));
  const restore = new Set(assessment.restore.map(itemKey));
  const serviceItems = agency.serviceItems.map((item): AgencyServiceItem => {
    const s = suspend.get(itemKey(item));
    if (s && item.status === 'active') {
      const suspension: ItemSuspension = {
        cause: 'qualification-expired',
        reason: `资质证书已过期（${s.qualificationIds.join('、')}），事项暂停，延期后恢复`,
        since,
        by,
        qualificationIds: s.qualificationIds,
      };
      return { tenant: item.tenant, code: item.code, status: 'suspended', suspension };
    }
    if (restore.has(itemKey(item)) && item.status === 'suspended') return { tenant: item.tenant, code: item.code, status: 'active' };
    return item;
  });
  return { ...agency, serviceItems, version: agency.version + 1, updatedAt: since, updatedBy: by };
}

/** Assess and apply in one go (the daily job, and right after an approved extension). */
export function reconcileItemSuspensions(agency: Agency, date: LocalDate, catalogue: readonly CatalogItemLike[], at: InstantInput, by: string = EXPIRY_JOB_ACTOR): { agency: Agency; assessment: ExpiryAssessment } {
  const assessment = assessQualificationExpiry(agency, date, catalogue);
  return { agency: applyExpiryAssessment(agency, assessment, at, by), assessment };
}
