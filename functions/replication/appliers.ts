import type { DetailType } from '#shared/events/detail-types.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { applyAgencyEvent } from '../agencies/replica.ts';
import { applyServiceItemChanged } from '../catalog/replica.ts';
import { applyCreditEvent } from '../credit/replica.ts';
import { applyTenantOnboarded, applyTenantPolicyChanged } from '../tenancy/replica.ts';

/** What each replicated event type does to this city's table. Contexts add theirs here. */
export type Applier = (detail: EventDetail, uow: UnitOfWork, source: string) => Promise<void>;

export const appliers: Partial<Record<DetailType, Applier>> = {
  TenantOnboarded: applyTenantOnboarded,
  TenantPolicyChanged: applyTenantPolicyChanged,
  AgencyAdmitted: applyAgencyEvent,
  AgencyChanged: applyAgencyEvent,
  AgencyCleared: applyAgencyEvent,
  ServiceItemChanged: applyServiceItemChanged,
  CreditRecorded: applyCreditEvent,
  CreditChanged: applyCreditEvent,
};
