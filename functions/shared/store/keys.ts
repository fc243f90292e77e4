import { pad } from './table.ts';

/**
 * Every key of a tenant-owned record starts with the tenant code (DESIGN section 2), so a tenant's data
 * is one key prefix: IAM `dynamodb:LeadingKeys` can fence it and an export can select it.
 */
export const tenantKeys = {
  tenant: (code: string) => ({ pk: `${code}#TENANT`, sk: 'TENANT' }),
  /** Counties of a city, listed through gsi1. */
  childrenIndex: (parent: string, code: string) => ({ gsi1pk: `${parent}#TENANTS`, gsi1sk: code }),
  policy: (code: string) => ({ pk: `${code}#POLICY`, sk: 'CURRENT' }),
  policyVersion: (code: string, version: number) => ({ pk: `${code}#POLICY`, sk: `V#${pad(version, 6)}` }),
  account: (code: string, sub: string) => ({ pk: `${code}#ACCOUNT#${sub}`, sk: 'ACCOUNT', gsi1pk: `${code}#ACCOUNTS`, gsi1sk: sub }),
};

export const catalogKeys = {
  /** An item's current state; in every other city's table, the same key holds that city's replica of it (functions/catalog/replica.ts). */
  current: (tenant: string, code: string) => ({ pk: `${tenant}#ITEM#${code}`, sk: 'CURRENT' }),
  version: (tenant: string, code: string, version: number) => ({ pk: `${tenant}#ITEM#${code}`, sk: `V#${pad(version, 6)}` }),
  /** Items of one tenant through gsi1, by code. */
  listIndex: (tenant: string, code: string) => ({ gsi1pk: `${tenant}#ITEMS`, gsi1sk: code }),
};

export const ownerKeys = {
  current: (tenant: string, id: string) => ({ pk: `${tenant}#OWNER#${id}`, sk: 'CURRENT' }),
  version: (tenant: string, id: string, version: number) => ({ pk: `${tenant}#OWNER#${id}`, sk: `V#${pad(version, 6)}` }),
  /** Owners of one tenant through gsi1, by id. */
  listIndex: (tenant: string, id: string) => ({ gsi1pk: `${tenant}#OWNERS`, gsi1sk: id }),
  /** One organisation is one owner per tenant: a claim on its 统一社会信用代码, written with the owner. */
  usccClaim: (tenant: string, uscc: string) => ({ pk: `${tenant}#OWNER-USCC#${uscc}`, sk: 'OWNER' }),
  /** Clerk accounts of one owner through gsi2 (on the account row, whose gsi1 lists the tenant's accounts). */
  clerkIndex: (tenant: string, ownerId: string, subject: string) => ({ gsi2pk: `${tenant}#OWNER#${ownerId}#CLERKS`, gsi2sk: subject }),
};

export function auditKeys(tenant: string, entity: string, entityId: string) {
  const pk = `${tenant}#AUDIT#${entity}#${entityId}`;
  return { pk, head: { pk, sk: 'HEAD' }, entry: (seq: number) => ({ pk, sk: `E#${pad(seq)}` }) };
}

export const platformKeys = {
  heartbeat: (city: string, job: string) => ({ pk: `${city}#PLATFORM`, sk: `HEARTBEAT#${job}` }),
  /** Replicated events already applied (idempotency on eventId). */
  appliedEvent: (city: string, eventId: string) => ({ pk: `${city}#APPLIED#${eventId}`, sk: 'APPLIED' }),
};

/**
 * Agencies (入驻). Applications are tenant-owned (the tenant they were filed in); admitted agencies are
 * province-wide (一地入驻、全省通行): the same key in every city's table, the admitting city's row being the
 * record and the others' rows its replicas (functions/agencies/replica.ts).
 */
export const agencyKeys = {
  application: (tenant: string, id: string) => ({ pk: `${tenant}#APPLICATION#${id}`, sk: 'CURRENT' }),
  /** A tenant's applications through gsi1, by status then filing time (the reviewers' worklist). */
  applicationIndex: (tenant: string, status: string, createdAt: string, id: string) => ({ gsi1pk: `${tenant}#AGENCY-APPLICATIONS`, gsi1sk: `${status}#${createdAt}#${id}` }),
  /** One open application per 统一社会信用代码 in a city: written with the application, released when it closes. */
  applicationClaim: (province: string, uscc: string) => ({ pk: `${province}#APPLICATION-CLAIM#${uscc}`, sk: 'CLAIM' }),
  /** An uploaded document of an application, in the application's partition. */
  document: (tenant: string, applicationId: string, documentId: string) => ({ pk: `${tenant}#APPLICATION#${applicationId}`, sk: `DOC#${documentId}` }),
  agency: (province: string, uscc: string) => ({ pk: `${province}#AGENCY#${uscc}`, sk: 'CURRENT' }),
  /** Every admitted agency of the province through gsi1 (the public directory, matching). */
  directoryIndex: (province: string, uscc: string) => ({ gsi1pk: `${province}#AGENCIES`, gsi1sk: uscc }),
  /** Agencies a city admitted and still has to look after (sparse gsi2: cleared ones drop out) — the expiry job's list. */
  admittedByCityIndex: (city: string, uscc: string) => ({ gsi2pk: `${city}#ADMITTED-AGENCIES`, gsi2sk: uscc }),
  /** A change (变更) or extension (延期) request, kept in the admitting city beside the agency. */
  changeRequest: (province: string, uscc: string, requestId: string) => ({ pk: `${province}#AGENCY#${uscc}`, sk: `CHANGE#${requestId}` }),
  /** A qualification-expiry warning sent (or being sent): each warning key once. */
  expiryWarning: (city: string, key: string) => ({ pk: `${city}#EXPIRY-WARNING#${key}`, sk: 'WARNING' }),
};

/**
 * Notices to agencies (主动推送), in the city whose queue received them. A notice's id is derived from its message
 * key, so one key is one row; rejected messages are kept once per SQS message id for an operator to look at.
 */
export const noticeKeys = {
  notice: (city: string, id: string) => ({ pk: `${city}#NOTICE#${id}`, sk: 'NOTICE' }),
  /** An agency's notices in this city through gsi1, by receipt time (its inbox). */
  agencyIndex: (city: string, uscc: string, receivedAt: string, id: string) => ({ gsi1pk: `${city}#AGENCY-NOTICES#${uscc}`, gsi1sk: `${receivedAt}#${id}` }),
  rejected: (city: string, messageId: string) => ({ pk: `${city}#NOTICE-REJECTED#${messageId}`, sk: 'REJECTED' }),
  /** Rejected messages of the city through gsi1, by receipt time. */
  rejectedIndex: (city: string, receivedAt: string, messageId: string) => ({ gsi1pk: `${city}#REJECTED-NOTICES`, gsi1sk: `${receivedAt}#${messageId}` }),
};

/**
 * Procurement (采购项目). A project's rows share one partition: the project, each registration (one row per party,
 * keyed by the code that stands for it, so a second registration of the same party is the same row), the draw
 * secret kept apart from the public record, objections and expert scores.
 */
export const projectKeys = {
  current: (tenant: string, id: string) => ({ pk: `${tenant}#PROJECT#${id}`, sk: 'CURRENT' }),
  /** A tenant's projects through gsi1, by id (ids start with the tenant and the submission date). */
  listIndex: (tenant: string, id: string) => ({ gsi1pk: `${tenant}#PROJECTS`, gsi1sk: id }),
  registration: (tenant: string, id: string, code: string) => ({ pk: `${tenant}#PROJECT#${id}`, sk: `REG#${code}` }),
  /** How many registration requests are being handled right now: the close waits for them (registrations-handler.ts). */
  inFlight: (tenant: string, id: string) => ({ pk: `${tenant}#PROJECT#${id}`, sk: 'IN-FLIGHT' }),
  /** ISM-DRAW-1's seed: only its commitment is public until the award notice reveals it. */
  drawSecret: (tenant: string, id: string) => ({ pk: `${tenant}#PROJECT#${id}`, sk: 'DRAW-SECRET' }),
  objection: (tenant: string, id: string, objectionId: string) => ({ pk: `${tenant}#PROJECT#${id}`, sk: `OBJ#${objectionId}` }),
  scores: (tenant: string, id: string, expertId: string) => ({ pk: `${tenant}#PROJECT#${id}`, sk: `SCORE#${expertId}` }),
  /** 服务评价 by owners, per agency: one row per project, read back as the agency's record (public aggregate, best-value). */
  agencyEvaluation: (province: string, uscc: string, projectId: string) => ({ pk: `${province}#AGENCY-EVALUATIONS#${uscc}`, sk: projectId }),
};

/**
 * What the credit context (信用) keeps per agency for the rest of the product to read: whether it is restricted
 * now (一地失信、全省受限). Procurement reads it at registration and at close; the credit context writes it.
 */
export const creditKeys = {
  /** { restricted, reason (zh), until?, level: 'general' | 'serious', measures } — read by procurement at registration and close. */
  restriction: (province: string, uscc: string) => ({ pk: `${province}#CREDIT#${uscc}`, sk: 'RESTRICTION' }),
  /**
   * 信用脸谱 summary, recomputed on every change: { uscc, score, grade ('AAA'…'D'), level ('good' | 'general' | 'serious'),
   * restricted, blacklisted, updatedAt }. Absent = no record yet. Read by the portal, spot checks and statistics.
   */
  profile: (province: string, uscc: string) => ({ pk: `${province}#CREDIT#${uscc}`, sk: 'PROFILE' }),
  /** A credit record, beside its agency's profile: the issuing city's row is the record, the others' its replicas. */
  record: (province: string, uscc: string, id: string) => ({ pk: `${province}#CREDIT#${uscc}`, sk: `RECORD#${id}` }),
  /** Profiles with a restriction, a general or a serious level, through gsi1 (the public restricted and blacklist lists). */
  listedIndex: (province: string, uscc: string) => ({ gsi1pk: `${province}#CREDIT-LISTED`, gsi1sk: uscc }),
  /** Open objections and repairs of the issuing city through gsi2, by due instant (the regulators' worklist). */
  worklistIndex: (city: string, dueAt: string, id: string) => ({ gsi2pk: `${city}#CREDIT-WORKLIST`, gsi2sk: `${dueAt}#${id}` }),
  /** An uploaded evidence document awaiting confirmation, in the record's partition. */
  document: (province: string, uscc: string, id: string, documentId: string) => ({ pk: `${province}#CREDIT#${uscc}`, sk: `DOC#${id}#${documentId}` }),
};

/**
 * The province's own read models (functions/province), in the province's table beside its replicas of agencies and
 * credit (which keep the cities' keys): one row per awarded project, folded from the award events.
 */
export const provinceKeys = {
  award: (province: string, projectId: string) => ({ pk: `${province}#AWARD#${projectId}`, sk: 'AWARD' }),
  /** The province's awards through gsi1, by the Shanghai day the award was published (the statistics' period). */
  awardIndex: (province: string, awardedOn: string, projectId: string) => ({ gsi1pk: `${province}#AWARDS`, gsi1sk: `${awardedOn}#${projectId}` }),
  /**
   * The tenants with project summaries in a month (their rows and accumulators keep the city's statistics keys,
   * functions/disclosure/statistics/adapters/summary-store.ts): the province's statistics read these first.
   */
  statsTenant: (province: string, month: string, tenant: string) => ({ pk: `${province}#STATS-TENANTS#${month}`, sk: tenant }),
};
