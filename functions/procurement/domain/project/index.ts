/** 采购项目: the purchase request, its checks at submission, operator review and the lifecycle table. */
export { type Project } from './project.ts';
export {
  PurchaseRequestDraft,
  parsePurchaseRequestDraft,
  submitPurchaseRequest,
  type SubmitContext,
  type QualificationRequirementInput,
  TRADING_MODES,
  OFFERED_TRADING_MODES,
  PRICE_METHODS,
  type TradingMode,
} from './purchase-request.ts';
export {
  PROJECT_STATUSES,
  PROJECT_STATUS_ZH,
  PROJECT_EVENTS,
  PROJECT_TRANSITIONS,
  TERMINAL_STATUSES,
  type ProjectStatus,
  type ProjectEvent,
  type ProjectTransition,
  type HasLifecycle,
  canTransition,
  nextStatus,
  transition,
} from './lifecycle.ts';
export { scheduleRegistration, type RegistrationSchedule, type TenantKind } from './registration-schedule.ts';
export { approvePurchaseRequest, returnPurchaseRequest, resubmitPurchaseRequest, type ReviewContext, type ReturnReason } from './review.ts';
