import type { FundingType, SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';
import type { QualificationRequirementInput, TradingMode } from './purchase-request.ts';
import type { ProjectStatus, ProjectTransition } from './lifecycle.ts';
import type { RegistrationSchedule, ScheduledPeriod } from './registration-schedule.ts';
import type { Award, Evaluation } from '../award/award.ts';
import type { ExcludedRegistrant } from '../registration/close.ts';
import type { BestValueWeights } from '../selection/best-value.ts';

/**
 * 采购项目: a purchase request once submitted, and everything the lifecycle adds to it. Money in fen (分), periods
 * in working days. The item is copied at its catalogue version so that a later change of the catalogue does not
 * change a project already under way.
 */
export interface Project {
  id: string;
  /** 项目名称, as the owner names it in the announcement. */
  name: string;
  /** Optimistic concurrency: every stored change increments it and is written only over the version it read. */
  version: number;
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
  /** 择优选取: the weights (whole percentages) the scores are combined with. */
  bestValueWeights?: BestValueWeights;
  /** ISM-DRAW-1 step 1, published in the announcement; the seed itself is kept apart until the award. */
  draw?: { commitment: string; beacon: string };
  /** The timeline execution running this project (one per project, named after it). */
  timeline?: { executionName: string; startedAt: string };
  /**
   * Set by the close before it reads the registrations: a registration stored after this instant may or may not be
   * in the close's read, so its handler waits for the close and answers by what the close saw (registrations-handler.ts).
   */
  registrationFence?: string;
  /** 报名截止: the frozen pool and who was excluded, with reasons (published). */
  closing?: { closedAt: string; pool: string[]; poolHash: string; excluded: ExcludedRegistrant[]; minEligible: number; revealBy?: string };
  /** 择优选取 scorers (drawn from the expert pool) and 直接选取 choice, when the method needs them. */
  scoring?: { scorers: string[]; drawnAt: string; dueAt: string; transcript: unknown };
  choice?: { code: string; reason: string; by: string; at: string };
  award?: Award;
  service?: { startedAt: string; completedAt?: string; lateRecordedAt?: string };
  evaluationDue?: ScheduledPeriod;
  evaluation?: Evaluation;
  /** The human step the timeline is waiting for, with the task token its callback answers. Never public. */
  pendingTask?: { step: string; token: string; since: string };
  /** Flags a regulator should see: an overdue decision, a late evaluation … */
  flags?: { code: string; at: string; zh: string; en: string }[];
}
