import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { noticeKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { Delivery, Notice, RejectedNotice } from '../domain/notice.ts';
import type { NoticeStore } from '../receive-notice.ts';

/**
 * Notices in the city's table. One row per notice, keyed by its id (derived from the message key): the
 * conditional put is the consumer's idempotency — a second message with the key finds the row and adds nothing.
 * Each notice is on its agency's gsi1 list, by receipt time. Single-row writes, no transaction and no audit:
 * a notice is a message to its reader, not a state change of the procurement.
 */
const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

async function putUnlessThere(item: Record<string, unknown>): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** An update whose condition may fail for a good reason (someone else got there first): false then. */
async function updateIf(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<Record<string, unknown> | false> {
  try {
    return (await dynamo().send(new UpdateCommand({ TableName: tableName(), ReturnValues: 'ALL_NEW', ...input }))).Attributes ?? {};
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

export interface AgencyInbox {
  /** The agency's notices in this city, newest first. */
  listFor(agencyUscc: string): Promise<Notice[]>;
  /** Marks the agency's notice read (the first reading stays); undefined when the agency has no such notice. */
  markRead(agencyUscc: string, id: string, at: string, by: string): Promise<Notice | undefined>;
}

export function noticeStore(city: string): NoticeStore & AgencyInbox {
  const key = (id: string) => noticeKeys.notice(city, id);
  const get = async (id: string): Promise<Notice | undefined> => {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key(id), ConsistentRead: true }))).Item;
    return item ? (withoutKeys(item) as Notice) : undefined;
  };

  return {
    get,

    putIfAbsent: (notice) => putUnlessThere({ ...key(notice.id), ...noticeKeys.agencyIndex(city, notice.agencyUscc, notice.receivedAt, notice.id), ...notice }),

    async claimSms(id, at, staleBefore) {
      return (await updateIf({
        Key: key(id),
        UpdateExpression: 'SET sms = :sending, smsClaimedAt = :at',
        ConditionExpression: 'sms = :pending OR (sms = :sending AND smsClaimedAt < :stale)',
        ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':at': at, ':stale': staleBefore },
      })) !== false;
    },

    async finishSms(id, delivery: Delivery) {
      const done = await updateIf({
        Key: key(id),
        UpdateExpression: 'SET sms = :done, deliveries = list_append(deliveries, :delivery) REMOVE smsClaimedAt',
        ConditionExpression: 'sms = :sending',
        ExpressionAttributeValues: { ':done': 'done', ':sending': 'sending', ':delivery': [delivery] },
      });
      if (done === false) throw new Error(`notice ${id}: the SMS claim was lost before its delivery was recorded`);
    },

    async releaseSms(id) {
      await updateIf({
        Key: key(id),
        UpdateExpression: 'SET sms = :pending REMOVE smsClaimedAt',
        ConditionExpression: 'sms = :sending',
        ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending' },
      });
    },

    putRejected: (rejected: RejectedNotice) =>
      putUnlessThere({ ...noticeKeys.rejected(city, rejected.messageId), ...noticeKeys.rejectedIndex(city, rejected.receivedAt, rejected.messageId), ...rejected }),

    async listFor(agencyUscc) {
      const out: Notice[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(new QueryCommand({
          TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ScanIndexForward: false,
          ExpressionAttributeValues: { ':pk': noticeKeys.agencyIndex(city, agencyUscc, '', '').gsi1pk }, ExclusiveStartKey,
        }));
        out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as Notice));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return out;
    },

    async markRead(agencyUscc, id, at, by) {
      const updated = await updateIf({
        Key: key(id),
        UpdateExpression: 'SET readAt = :at, readBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND agencyUscc = :uscc AND attribute_not_exists(readAt)',
        ExpressionAttributeValues: { ':at': at, ':by': by, ':uscc': agencyUscc },
      });
      if (updated !== false) return withoutKeys(updated as unknown as Notice);
      const notice = await get(id);
      return notice?.agencyUscc === agencyUscc ? notice : undefined;
    },
  };
}
