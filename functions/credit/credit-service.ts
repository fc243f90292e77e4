/**
 * What every writer of credit does (the API, the incident worker, the feed import, the replica applier): a record
 * change, its audit entry and its event, and — in the same transaction — the agency's PROFILE and RESTRICTION
 * recomputed from all its records; where this city admitted the agency and it is now seriously dishonest, its
 * clearance (清退, the agencies context's own domain and store) too.
 */
import { createHash } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { admittingCity, agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { randomCode } from '#functions/agencies/adapters/application-store.ts';
import { stageAgencyChange } from '#functions/agencies/agency-record.ts';
import { clearAgency } from '#functions/agencies/domain/agency.ts';
import { effectivePolicy } from '#functions/tenancy/effective-policy.ts';
import type { CreditPolicy } from '#functions/tenancy/domain/policy/credit-policy.ts';
import { ENV, optionalEnv, requireEnv } from '#shared/deployment-env.ts';
import { sqs } from '#shared/aws-clients.ts';
import { DetailType } from '#shared/events/detail-types.ts';
import { logger } from '#shared/observability.ts';
import { problems } from '#shared/http/problems.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { creditStore, profileRevision } from './adapters/credit-store.ts';
import { type CreditProfile, evaluationsOf, profileOf } from './domain/profile.ts';
import type { CreditRecord } from './domain/record.ts';

export const province = () => requireEnv(ENV.provinceCode);
export const city = () => requireEnv(ENV.cityCode);

/** What `CreditRecorded` / `CreditChanged` carry: the whole record, its version, uscc and province inside. */
export interface CreditEventData {
  record: CreditRecord;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `CR-<uscc>-<8 characters>`: the agency is in the id, so that `/credit-records/{id}` finds its partition. */
export const newRecordId = (uscc: string): string => `CR-${uscc}-${randomCode(8)}`;

/** The same origin (an event, a feed entry) always gives the same id: a second import is the same row. */
export function recordIdFor(uscc: string, origin: string): string {
  const digest = createHash('sha256').update(origin).digest();
  let out = '';
  for (let i = 0; i < 8; i++) out += CROCKFORD[digest[i] & 31];
  return `CR-${uscc}-${out}`;
}

export const RECORD_ID = /^CR-([0-9A-HJ-NPQRTUWXY]{18})-[0-9A-HJKMNP-TV-Z]{8}$/;
export const usccOfRecordId = (id: string): string | undefined => RECORD_ID.exec(id)?.[1];

export async function creditPolicy(): Promise<CreditPolicy> {
  return (await effectivePolicy(province())).policy.credit;
}

export const recordNotFound = (id: string) => problems.notFound({ zh: `信用记录 ${id}`, en: `Credit record ${id}` });

export async function loadRecord(id: string): Promise<CreditRecord> {
  const uscc = usccOfRecordId(id);
  const record = uscc && (await creditStore.record(province(), uscc, id));
  if (!record) throw recordNotFound(id);
  return record;
}

/** 409 naming the issuing city, unless the record was issued here: objections, decisions and repairs happen there. */
export function assertIssuedHere(record: CreditRecord): void {
  if (record.issuedBy.city !== city()) {
    throw problems.conflict('credit.managed-elsewhere', `该信用记录由 ${record.issuedBy.tenant} 作出，异议、修复及其决定请在 ${record.issuedBy.city} 办理`,
      `The record was issued by ${record.issuedBy.tenant}: objections, repairs and decisions are made in city ${record.issuedBy.city}`,
      { issuedBy: record.issuedBy.tenant, city: record.issuedBy.city });
  }
}

/**
 * The profile now, from the records given (already including the change being staged): evaluations are records too
 * (source `social`), so every city computes the same profile from the same replicated records.
 */
export async function computeProfile(uscc: string, records: readonly CreditRecord[], now = new Date()): Promise<{ profile: CreditProfile; revision: number; policy: CreditPolicy }> {
  const policy = await creditPolicy();
  return { profile: profileOf(uscc, records, evaluationsOf(records, now), policy, now), revision: profileRevision(records, 0), policy };
}

export interface ListedAgency { profile: CreditProfile; name?: string }

/**
 * The agencies on the public lists (restricted, blacklisted) that `filter` keeps, by 统一社会信用代码. Recomputed on read:
 * a ban that ended or a record that expired since the stored row was written no longer lists. The credit API and the
 * portal both list through here, so they never disagree.
 */
export async function listedAgencies(filter: (p: { restricted: boolean; blacklisted: boolean }) => boolean, now = new Date()): Promise<ListedAgency[]> {
  const profiles = await creditStore.listed(province());
  const rows = await Promise.all(profiles.map(async (p) => {
    const [{ profile }, agency] = await Promise.all([computeProfile(p.uscc, await creditStore.records(province(), p.uscc), now), agencyStore.get(province(), p.uscc)]);
    return { profile, name: agency?.name };
  }));
  return rows.filter((r) => filter(r.profile)).sort((a, b) => a.profile.uscc.localeCompare(b.profile.uscc));
}

/**
 * Stages PROFILE and RESTRICTION from `records` (the agency's records after the change) and, in the city that
 * admitted the agency, its clearance when a serious record now counts.
 */
export async function stageConsequences(uow: UnitOfWork, uscc: string, records: readonly CreditRecord[], now = new Date()): Promise<CreditProfile> {
  const { profile, revision } = await computeProfile(uscc, records, now);
  creditStore.stageProfile(uow, province(), profile, revision);
  if (profile.blacklisted) {
    const agency = await agencyStore.get(province(), uscc);
    // Only the admitting city clears; the province's read model (no city) never does.
    if (agency && agency.status !== 'cleared' && admittingCity(agency) === optionalEnv(ENV.cityCode)) {
      const recordId = profile.restriction.recordIds[0];
      const cleared = clearAgency(agency, `严重失信，全省清退（信用记录 ${recordId}）`, { kind: 'credit', recordId }, now);
      await stageAgencyChange(uow, cleared, agency.version, 'agency.cleared', 'AgencyCleared', { reason: cleared.clearance?.reason, recordId });
    }
  }
  return profile;
}

/**
 * The issuing city's write of a new or changed record: the record over its previous version, the audit entry
 * (entity `credit-record`, in the issuing tenant's chain), the event with the whole record, and the consequences.
 */
export async function stageRecordChange(uow: UnitOfWork, record: CreditRecord, previous: CreditRecord | undefined, action: string, auditData: unknown): Promise<CreditProfile> {
  return stageRecordChanges(uow, [{ record, previous, action, auditData }]);
}

/** Several records of one agency in one transaction (e.g. an abandonment and the repeated-abandonment it completes). */
export async function stageRecordChanges(uow: UnitOfWork, changes: { record: CreditRecord; previous: CreditRecord | undefined; action: string; auditData: unknown }[]): Promise<CreditProfile> {
  for (const { record, previous, action, auditData } of changes) {
    creditStore.stage(uow, record, previous?.version);
    await uow.audit(record.issuedBy.tenant, 'credit-record', record.id, action, auditData, { newChain: !previous });
    uow.event<CreditEventData>(previous ? DetailType.CreditChanged : DetailType.CreditRecorded, record.issuedBy.tenant, { record });
  }
  const { province: p, uscc } = changes[0].record;
  const changed = new Set(changes.map((c) => c.record.id));
  const others = (await creditStore.records(p, uscc)).filter((r) => !changed.has(r.id));
  return stageConsequences(uow, uscc, [...others, ...changes.map((c) => c.record)], new Date(uow.at));
}

const NOTICE_ZH: Record<string, string> = {
  recorded: '新增信用记录', objected: '已受理异议', 'objection-upheld': '异议成立，记录已撤销', 'objection-rejected': '异议不成立，记录维持',
  'repair-requested': '已受理信用修复申请', 'repair-approved': '信用修复已准予', 'repair-refused': '信用修复未准予',
};

/**
 * 主动推送 (seed 000 四（二）2: 信用奖惩等资讯): the agency is told of a record made or decided, in this city's inbox and
 * by SMS, once per record version (the notice key). After the commit and best-effort: the record stands whatever the
 * queue answers, and a failed send is logged.
 */
export async function notifyAgency(record: CreditRecord): Promise<void> {
  const last = record.history.at(-1);
  const what = NOTICE_ZH[last?.action ?? ''];
  // Only a decision or a new record (evidence joining a record changes its version, not its history).
  if (!what || record.source === 'social' || last!.at !== record.updatedAt) return;
  try {
    const agency = await agencyStore.get(record.province, record.uscc);
    const message = {
      kind: 'CreditRecordChanged', key: `credit:${record.id}:v${record.version}`, tenant: record.issuedBy.tenant, agencyUscc: record.uscc, agencyName: record.agencyName,
      ...(agency?.contact ? { contact: agency.contact } : {}),
      subject: { zh: `${what}：${record.facts}`.slice(0, 200), en: `Credit record ${record.id}: ${last!.action}` },
      body: { zh: `${what}（${LEVEL_ZH_SHORT[record.level]}，${record.points} 分，依据：${record.basis}）。记录编号 ${record.id}，可于 ${record.issuedBy.city} 提出异议或申请信用修复。`.slice(0, 1000), en: `Record ${record.id} (${record.kind}, ${record.points} points) — ${last!.action}.` },
      link: `/v1/credit-records/${record.id}`, recordId: record.id, version: record.version,
    };
    await sqs().send(new SendMessageCommand({
      QueueUrl: requireEnv(ENV.notificationsQueueUrl), MessageBody: JSON.stringify(message),
      MessageAttributes: { kind: { DataType: 'String', StringValue: message.kind }, key: { DataType: 'String', StringValue: message.key } },
    }));
  } catch (error) {
    logger.warn('credit notice not sent', { recordId: record.id, version: record.version, error: (error as Error).message });
  }
}

const LEVEL_ZH_SHORT: Record<string, string> = { good: '良好', general: '一般失信', serious: '严重失信' };
