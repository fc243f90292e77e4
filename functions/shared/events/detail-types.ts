/**
 * Every event type of the product, in ONE place (the sbt-aws pattern): functions publish with these
 * names and lib/ builds its EventBridge rules from the same lists, so a new type cannot be forwarded
 * by one side and forgotten by the other. DESIGN section 7.
 */
export const DetailType = {
  AgencyAdmitted: 'AgencyAdmitted',
  AgencyChanged: 'AgencyChanged',
  AgencyCleared: 'AgencyCleared',
  ProjectPublished: 'ProjectPublished',
  RegistrationClosed: 'RegistrationClosed',
  ProcurementFailed: 'ProcurementFailed',
  SelectionMade: 'SelectionMade',
  AwardPublished: 'AwardPublished',
  AwardConfirmed: 'AwardConfirmed',
  CertificateIssued: 'CertificateIssued',
  ContractSigned: 'ContractSigned',
  ServiceEvaluated: 'ServiceEvaluated',
  CreditRecorded: 'CreditRecorded',
  CreditChanged: 'CreditChanged',
  TenantOnboarded: 'TenantOnboarded',
  TenantPolicyChanged: 'TenantPolicyChanged',
  ServiceItemChanged: 'ServiceItemChanged',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

/** Types a city forwards to its province bus (events that originated in the city). */
export const FORWARDED_TO_PROVINCE: DetailType[] = [
  'AgencyAdmitted', 'AgencyChanged', 'AgencyCleared',
  'ProjectPublished', 'ProcurementFailed', 'AwardPublished', 'AwardConfirmed', 'CertificateIssued',
  'ContractSigned', 'ServiceEvaluated', 'CreditRecorded', 'CreditChanged',
  'TenantOnboarded', 'TenantPolicyChanged',
];

/** Types the province fans out to every other city: agencies and credit are province-wide (一地入驻、全省通行; 一地失信、全省受限). */
export const FANNED_OUT_TO_CITIES: DetailType[] = [
  'AgencyAdmitted', 'AgencyChanged', 'AgencyCleared', 'CreditRecorded', 'CreditChanged', 'TenantOnboarded', 'TenantPolicyChanged',
];

/** Types each city replicates into its own table through its inbox queue (from any source). */
export const REPLICATED_BY_CITIES: DetailType[] = FANNED_OUT_TO_CITIES;

/** Types the province read models consume (directory, credit, statistics). */
export const PROVINCE_READ_MODEL: DetailType[] = [
  'AgencyAdmitted', 'AgencyChanged', 'AgencyCleared', 'CreditRecorded', 'CreditChanged',
  'ProjectPublished', 'ProcurementFailed', 'AwardPublished', 'AwardConfirmed', 'ServiceEvaluated', 'TenantOnboarded',
];

/** `source` of events published by a city stack / a province stack. */
export const citySource = (cityCode: string) => `ism.${cityCode}`;
export const provinceSource = (provinceCode: string) => `ism.province.${provinceCode}`;
