import type { FundingType, SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';
import type { QualificationRequirementInput, TradingMode } from './purchase-request.ts';
import type { ProjectStatus, ProjectTransition } from './lifecycle.ts';
import type { RegistrationSchedule } from './registration-schedule.ts';

/**
 * 采购项目: a purchase request once submitted, and everything the lifecycle adds to it. Money in fen (分), periods
 * in working days. The item is copied at its catalogue version so that a later change of the catalogue does not
 * change a project already under way.
 */
export interface Project {
  id: string;
  /** The tenant (county) whose supermarket runs the project. */
  tenant: string;
  sandbox: boolean;
  status: ProjectStatus;
  serviceItem: { tenant: string; code: string; version: number; name: string };
  ownerId: string;
  fundingType: FundingType;
  budgetFen: number;
  serviceContent: string;
  serviceTimeLimitWorkingDays: number;
  /** As the agencies must meet them: the item's, possibly tightened where policy allows. */
  qualificationRequirements: QualificationRequirementInput[];
  tradingMode: TradingMode;
  selectionMethod: SelectionMethod;
  /** Absent for 直购 (direct purchase): no window. */
  registrationWindowWorkingDays?: number;
  priceFloorFen?: number;
  /** 直购: the agency whose published offer is bought. */
  directOffer?: { agencyUscc: string };
  /** Whether the tenant's policy obliged this purchase to use the supermarket (fiscal funds below the limit). */
  supermarketMandatory: boolean;
  /** Whether agencies submit sealed quotes (密封报价): the price methods. */
  sealedQuotes: boolean;
  /** Counted from submission as an indication; recounted from `publishedAt` at approval, which is the one enforced. */
  registration?: RegistrationSchedule;
  submittedAt: string;
  publishedAt?: string;
  returns: { at: string; by: string; reasons: { zh: string; en: string }[] }[];
  history: ProjectTransition[];
}
