/**
 * Credit rows, province-wide (一地失信、全省受限): an agency's records, its PROFILE (信用脸谱 summary) and its RESTRICTION
 * share the partition `${province}#CREDIT#${uscc}` in every city's table. The issuing city's record row is the
 * record (written over the version it was derived from); elsewhere it is a replica that only a newer version may
 * overwrite. PROFILE and RESTRICTION are recomputed from the records in the same transaction as any record change;
 * the PROFILE row carries a `revision` (sum of the record versions, then the evaluation count) so that two changes
 * racing cannot leave the older computation on top (an equal revision is the same records, recomputed later).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import type { DocumentKind } from '#shared/documents/document-kinds.ts';
import { consistentGet } from '#shared/store/query.ts';
import { creditKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { CreditProfile } from '../domain/profile.ts';
import { type CreditRecord, openItem } from '../domain/record.ts';

async function queryAll(input: { index?: 'gsi1' | 'gsi2'; key: string; value: string; skPrefix?: { name: string; value: string } }): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), ...(input.index ? { IndexName: input.index } : { ConsistentRead: true }),
      KeyConditionExpression: `${input.key} = :pk${input.skPrefix ? ` AND begins_with(${input.skPrefix.name}, :sk)` : ''}`,
      ExpressionAttributeValues: { ':pk': input.value, ...(input.skPrefix ? { ':sk': input.skPrefix.value } : {}) }, ExclusiveStartKey,
    }));
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** The profile row's ordering: any record change raises the sum of versions; a new evaluation raises the count. */
export const profileRevision = (records: readonly CreditRecord[], evaluations: number) => records.reduce((s, r) => s + r.version, 0) * 100_000 + evaluations;

function recordRow(record: CreditRecord, issuing: boolean): Record<string, unknown> {
  const open = issuing ? openItem(record, new Date()) : undefined;
  return {
    ...creditKeys.record(record.province, record.uscc, record.id),
    ...(open ? creditKeys.worklistIndex(record.issuedBy.city, open.dueAt, record.id) : {}),
    ...record,
  };
}

/** An evidence upload requested (pending until confirmed into the record's evidence). */
export interface EvidenceUpload { documentId: string; key: string; kind?: DocumentKind; sha256: string; size: number; contentType: string; filename?: string; by: 'issuer' | 'agency' }

export interface StoredProfile extends Omit<CreditProfile, 'explanation'> {
  province: string;
  revision: number;
  updatedAt: string;
}

export const creditStore = {
  async record(province: string, uscc: string, id: string): Promise<CreditRecord | undefined> {
    const item = await consistentGet(creditKeys.record(province, uscc, id));
    return item ? (withoutKeys(item) as CreditRecord) : undefined;
  },

  async records(province: string, uscc: string): Promise<CreditRecord[]> {
    const key = creditKeys.record(province, uscc, '');
    return (await queryAll({ key: 'pk', value: key.pk, skPrefix: { name: 'sk', value: key.sk } })).map((i) => withoutKeys(i) as unknown as CreditRecord);
  },

  async profile(province: string, uscc: string): Promise<StoredProfile | undefined> {
    const item = await consistentGet(creditKeys.profile(province, uscc));
    return item ? (withoutKeys(item) as StoredProfile) : undefined;
  },

  /** Profiles with a level or a restriction (public lists). */
  async listed(province: string): Promise<StoredProfile[]> {
    return (await queryAll({ index: 'gsi1', key: 'gsi1pk', value: creditKeys.listedIndex(province, '').gsi1pk })).map((i) => withoutKeys(i) as unknown as StoredProfile);
  },

  /** Records with an open objection or repair issued by this city. */
  async worklist(city: string): Promise<CreditRecord[]> {
    return (await queryAll({ index: 'gsi2', key: 'gsi2pk', value: creditKeys.worklistIndex(city, '', '').gsi2pk })).map((i) => withoutKeys(i) as unknown as CreditRecord);
  },

  /** The issuing city's write: new (`previousVersion` undefined) or over the version it was read at. */
  stage(uow: UnitOfWork, record: CreditRecord, previousVersion: number | undefined): void {
    uow.put(recordRow(record, true), previousVersion === undefined
      ? { expression: 'attribute_not_exists(pk)' }
      : { expression: 'version = :previous', values: { ':previous': previousVersion } });
  },

  /** A replica's write: only a newer version replaces what is here (the caller checked; the condition settles races). */
  stageReplica(uow: UnitOfWork, record: CreditRecord, replicatedFrom: string): void {
    uow.put({ ...recordRow(record, false), replicatedFrom }, { expression: 'attribute_not_exists(pk) OR version < :incoming', values: { ':incoming': record.version } });
  },

  /** PROFILE (without the explanation, which is recomputed on read) and RESTRICTION, only over an older revision. */
  stageProfile(uow: UnitOfWork, province: string, profile: CreditProfile, revision: number): void {
    const { explanation: _explanation, restriction, ...summary } = profile;
    void _explanation;
    const listed = restriction.restricted || profile.level !== 'good';
    uow.put(
      { ...creditKeys.profile(province, profile.uscc), ...(listed ? creditKeys.listedIndex(province, profile.uscc) : {}), ...summary, restriction, province, revision, updatedAt: uow.at },
      // Same revision = the same records: a later computation (a ban ended, a record expired) may replace it.
      { expression: 'attribute_not_exists(pk) OR revision <= :revision', values: { ':revision': revision } },
    );
    uow.put({
      ...creditKeys.restriction(province, profile.uscc), uscc: profile.uscc, restricted: restriction.restricted,
      ...(restriction.reason ? { reason: restriction.reason } : {}), ...(restriction.until ? { until: restriction.until } : {}),
      ...(restriction.level ? { level: restriction.level } : {}), measures: restriction.measures, recordIds: restriction.recordIds, updatedAt: uow.at,
    });
  },

  async document(province: string, uscc: string, id: string, documentId: string) {
    const item = await consistentGet(creditKeys.document(province, uscc, id, documentId));
    return item ? (withoutKeys(item) as EvidenceUpload) : undefined;
  },

  stageDocument(uow: UnitOfWork, province: string, uscc: string, id: string, doc: EvidenceUpload): void {
    uow.put({ ...creditKeys.document(province, uscc, id, doc.documentId), ...doc, requestedAt: uow.at });
  },
};
