import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { consistentGet } from '#shared/store/query.ts';
import { dynamo } from '#shared/aws-clients.ts';
import { agencyKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { Agency, AgencyChangeRequest } from '../domain/agency.ts';
import { randomCode } from './application-store.ts';

/**
 * Admitted agencies, province-wide (一地入驻、全省通行): `${province}#AGENCY#${uscc}` in every city's table. In
 * the admitting city the row is the record (written only over the version it was derived from, beside the
 * change requests and the audit chain); elsewhere it is a replica that only a newer version may overwrite.
 * Every row is listed in the province directory (gsi1); rows still looked after by their admitting city are
 * on that city's gsi2 list, which the daily expiry job queries instead of scanning the table.
 */

/** The city that admitted (and alone changes) an agency: a county's city, or the city itself. */
export function admittingCity(agency: Pick<Agency, 'admittedIn'>): string {
  const code = agency.admittedIn;
  return code.endsWith('00') ? code : `${code.slice(0, 4)}00`;
}

function row(agency: Agency): Record<string, unknown> {
  return {
    ...agencyKeys.agency(agency.province, agency.uscc),
    ...agencyKeys.directoryIndex(agency.province, agency.uscc),
    ...(agency.status === 'cleared' ? {} : agencyKeys.admittedByCityIndex(admittingCity(agency), agency.uscc)),
    ...agency,
  };
}


async function queryIndex(index: 'gsi1' | 'gsi2', partition: string): Promise<Agency[]> {
  const key = index === 'gsi1' ? 'gsi1pk' : 'gsi2pk';
  const out: Agency[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), IndexName: index, KeyConditionExpression: `${key} = :pk`, ExpressionAttributeValues: { ':pk': partition }, ExclusiveStartKey,
    }));
    out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as Agency));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** `CHG-<10 characters>`, unique per agency. */
export const newChangeRequestId = (): string => `CHG-${randomCode(10)}`;

export const agencyStore = {
  async get(province: string, uscc: string): Promise<Agency | undefined> {
    const item = await consistentGet(agencyKeys.agency(province, uscc));
    return item ? (withoutKeys(item) as Agency) : undefined;
  },

  /** Every agency this city knows in the province: its own and the replicas. */
  list: (province: string) => queryIndex('gsi1', agencyKeys.directoryIndex(province, '').gsi1pk),

  /** The agencies a city admitted and that are not cleared. */
  admittedBy: (city: string) => queryIndex('gsi2', agencyKeys.admittedByCityIndex(city, '').gsi2pk),

  /** The admitting city's write: over `previousVersion`, or new (a re-admission after clearance replaces the cleared row). */
  stage(uow: UnitOfWork, agency: Agency, previousVersion: number | undefined): void {
    uow.put(row(agency), previousVersion === undefined
      ? { expression: 'attribute_not_exists(pk)' }
      : { expression: 'version = :previous', values: { ':previous': previousVersion } });
  },

  /** A replica's write: only a newer version replaces what is here (the caller checked; the condition settles races). */
  stageReplica(uow: UnitOfWork, agency: Agency, replicatedFrom: string): void {
    uow.put({ ...row(agency), replicatedFrom }, { expression: 'attribute_not_exists(pk) OR version < :incoming', values: { ':incoming': agency.version } });
  },

  async changeRequest(province: string, uscc: string, requestId: string): Promise<AgencyChangeRequest | undefined> {
    const item = await consistentGet(agencyKeys.changeRequest(province, uscc, requestId));
    return item ? (withoutKeys(item) as AgencyChangeRequest) : undefined;
  },

  stageChangeRequest(uow: UnitOfWork, province: string, request: AgencyChangeRequest): void {
    const previous = request.version - 1;
    uow.put({ ...agencyKeys.changeRequest(province, request.uscc, request.id), ...request },
      previous === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :previous', values: { ':previous': previous } });
  },
};

/** Claim → send → confirm: each expiry warning goes out once, and a send that failed mid-way is retried later. */
const WARNING_CLAIM_STALE_MS = 15 * 60_000;

export const expiryWarnings = {
  /** True when this run may send the warning: nobody sent it, and nobody is sending it right now. */
  async claim(city: string, key: string, now = new Date()): Promise<boolean> {
    try {
      await dynamo().send(new PutCommand({
        TableName: tableName(),
        Item: { ...agencyKeys.expiryWarning(city, key), key, state: 'claimed', claimedAt: now.getTime() },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': now.getTime() - WARNING_CLAIM_STALE_MS },
      }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },

  /** Recorded with the audit entry that says the warning was sent. */
  stageSent(uow: UnitOfWork, city: string, key: string, messageId: string | undefined): void {
    uow.put({ ...agencyKeys.expiryWarning(city, key), key, state: 'sent', sentAt: uow.at, messageId });
  },

  /** The send failed: let the next run try again. */
  async release(city: string, key: string): Promise<void> {
    await dynamo().send(new DeleteCommand({
      TableName: tableName(), Key: agencyKeys.expiryWarning(city, key),
      ConditionExpression: '#state = :claimed', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':claimed': 'claimed' },
    })).catch(() => undefined);
  },
};
