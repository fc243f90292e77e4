/**
 * The event catalogue (DESIGN §7), in one place: every detail-type, who forwards what to whom, and how
 * buses and sources are named (the sbt-aws pattern: one DetailType enum, one place that maps types to
 * routes). Plain data with no CDK import, so that handlers can share it.
 *
 * Envelope: `source` = `ism.<cityCode>` (a city) or `ism.province.<provinceCode>` (the province);
 * `detail` = { eventId, tenant, city, province, occurredAt, schemaVersion, data }.
 */
export const DetailType = {
  AgencyAdmitted: 'AgencyAdmitted',
  AgencyChanged: 'AgencyChanged',
  /** 清退: an agency removed from the supermarket province-wide. */
  AgencyCleared: 'AgencyCleared',
  ProjectPublished: 'ProjectPublished',
  RegistrationClosed: 'RegistrationClosed',
  /** 流标: too few eligible registrants. */
  ProcurementFailed: 'ProcurementFailed',
  SelectionMade: 'SelectionMade',
  /** 中选公示 */
  AwardPublished: 'AwardPublished',
  AwardConfirmed: 'AwardConfirmed',
  /** 中选确认书 */
  CertificateIssued: 'CertificateIssued',
  /** A certificate voided (e.g. its confirmed winner replaced): its verification now answers "voided". */
  CertificateVoided: 'CertificateVoided',
  ContractSigned: 'ContractSigned',
  ServiceEvaluated: 'ServiceEvaluated',
  /**
   * 统计分析: a project's statistics summary changed (functions/disclosure/statistics/domain/summary.ts); data
   * `{ summary }` with `summary.version` (the project's version: keep the newest). The province folds them with the
   * same pure fold (functions/disclosure/statistics/domain/fold.ts).
   */
  ProjectSummarized: 'ProjectSummarized',
  CreditRecorded: 'CreditRecorded',
  CreditChanged: 'CreditChanged',
  /**
   * Something in a project that the credit context turns into a credit record (DESIGN §6): an abandoned award, a
   * contract not signed in time, a late service, an upheld objection. Kept in the city; the record it leads to is
   * the CreditRecorded that travels.
   */
  ProcurementIncident: 'ProcurementIncident',
  TenantOnboarded: 'TenantOnboarded',
  TenantPolicyChanged: 'TenantPolicyChanged',
  /** 事项库: a catalogued service item added, changed or withdrawn. */
  ServiceItemChanged: 'ServiceItemChanged',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

export const ALL_DETAIL_TYPES: readonly DetailType[] = Object.values(DetailType);

/** Agencies are admitted once and valid everywhere (一地入驻、全省通行). */
const agencyEvents = [DetailType.AgencyAdmitted, DetailType.AgencyChanged, DetailType.AgencyCleared];
/** Dishonesty anywhere restricts everywhere (一地失信、全省受限). */
const creditEvents = [DetailType.CreditRecorded, DetailType.CreditChanged];
/** Tenants and their policy: a city keeps the others' tenants for province-wide statistics and rules. */
const tenantEvents = [DetailType.TenantOnboarded, DetailType.TenantPolicyChanged];
/**
 * Catalogues are kept per city, but an agency admitted anywhere offers every city's items (一地入驻、全省通行):
 * its admitting city checks their requirements and calls their industry's regulator, so it keeps a copy.
 */
const catalogueEvents = [DetailType.ServiceItemChanged];
/** Results the province publishes and counts (交易结果信息). */
const awardEvents = [DetailType.AwardPublished, DetailType.AwardConfirmed];
/** Province-wide statistics: every project summary of every city. */
const statisticsEvents = [DetailType.ProjectSummarized];

/** The project stages a city discloses (OCDS releases, statistics): its disclosure projector consumes them from its own bus. */
export const PROJECT_STAGE_EVENTS: readonly DetailType[] = [
  DetailType.ProjectPublished, DetailType.RegistrationClosed, DetailType.ProcurementFailed, DetailType.SelectionMade, DetailType.AwardPublished,
  DetailType.AwardConfirmed, DetailType.CertificateIssued, DetailType.CertificateVoided, DetailType.ContractSigned, DetailType.ServiceEvaluated,
];

/** What every city keeps a local replica of, whoever published it (its own events included). */
export const REPLICATED_BY_CITIES: readonly DetailType[] = [...agencyEvents, ...creditEvents, ...tenantEvents, ...catalogueEvents];

/** What the credit context of a city turns into credit records (kept in the city: the records travel). */
export const CREDIT_SOURCE_EVENTS: readonly DetailType[] = [DetailType.ProcurementIncident, DetailType.ServiceEvaluated];

/** What a city forwards from its bus to the province bus (only events that originated in the city). */
export const FORWARDED_TO_PROVINCE: readonly DetailType[] = [...agencyEvents, ...creditEvents, ...tenantEvents, ...catalogueEvents, ...awardEvents, ...statisticsEvents];

/** What the province fans out to every city bus except the one it came from. */
export const FANNED_OUT_TO_CITIES: readonly DetailType[] = REPLICATED_BY_CITIES;

/**
 * What the province's read models (agency directory, credit, statistics) consume; the province policy too, whose
 * credit rules the province's credit replica computes profiles with as every city does.
 */
export const PROVINCE_READ_MODEL: readonly DetailType[] = [...awardEvents, ...agencyEvents, ...creditEvents, ...statisticsEvents, DetailType.TenantPolicyChanged];

export const citySource = (cityCode: string) => `ism.${cityCode}`;
export const provinceSource = (provinceCode: string) => `ism.province.${provinceCode}`;

/**
 * Bus names are explicit and deterministic, so that stacks address each other by ARN built from the name:
 * the province fans out to cities and cities forward to the province, so references would be a cycle.
 */
export const cityBusName = (cityCode: string) => `ism-city-${cityCode}`;
export const provinceBusName = (provinceCode: string) => `ism-province-${provinceCode}`;
