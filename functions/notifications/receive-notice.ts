/**
 * One message of the notifications queue, start to end: read it (readNoticeMessage), store the notice once per
 * key, then text the agency once per notice. Depends on ports only, so the idempotency rules are unit-tested
 * with an in-memory store (receive-notice.test.ts) and the worker (notifications-worker.ts) wires DynamoDB.
 *
 * Outcomes:
 *  - `stored`: a new notice (and its SMS, or a `skipped` delivery when there is no mobile number);
 *  - `duplicate`: the key was stored before; nothing changes (unless that delivery's SMS never went out);
 *  - `rejected`: not a notice (not JSON, no kind or key, a kind's required member missing): a rejected record,
 *    once per SQS message id, and the message acknowledged — retrying cannot make it valid.
 * A throw (the store or the SMS gateway failing) leaves the message for SQS to deliver again; after the queue's
 * maxReceiveCount it rests in the dead-letter queue.
 */
import { readNoticeMessage } from './domain/notice-kinds.ts';
import { type Delivery, type Notice, type RejectedNotice, SMS_CLAIM_LEASE_MS, composeNotice, composeRejected, maskPhone, mobileNumber, smsText } from './domain/notice.ts';
import type { SmsPort } from './adapters/sms-port.ts';

export interface NoticeStore {
  /** Stores the notice unless one with its id exists; true when stored by this call. */
  putIfAbsent(notice: Notice): Promise<boolean>;
  get(id: string): Promise<Notice | undefined>;
  /** `pending` (or a `sending` claim older than `staleBefore`) → `sending`; false when someone else holds or did it. */
  claimSms(id: string, at: string, staleBefore: string): Promise<boolean>;
  /** `sending` → `done`, the delivery appended. */
  finishSms(id: string, delivery: Delivery): Promise<void>;
  /** `sending` → `pending`, for the next delivery of the message to try. */
  releaseSms(id: string): Promise<void>;
  /** Stores the rejected record unless one for the message exists; true when stored by this call. */
  putRejected(rejected: RejectedNotice): Promise<boolean>;
}

/** The agency's contact as this city knows it (its record or replica): for messages that carry none. */
export interface ContactDirectory {
  phoneOf(agencyUscc: string): Promise<string | undefined>;
}

export interface ReceiveDeps {
  city: string;
  store: NoticeStore;
  sms: SmsPort;
  contacts: ContactDirectory;
  now?: () => Date;
}

export interface QueueMessage {
  messageId: string;
  body: string;
  receiveCount?: number;
}

export type ReceiveOutcome =
  | { outcome: 'stored' | 'duplicate'; notice: Notice; delivery?: Delivery }
  | { outcome: 'rejected'; rejected: RejectedNotice; first: boolean };

export async function receiveNotice(message: QueueMessage, deps: ReceiveDeps): Promise<ReceiveOutcome> {
  const now = deps.now ?? (() => new Date());
  const at = now().toISOString();
  const read = readNoticeMessage(message.body);
  if (!read.accepted) {
    const rejected = composeRejected(read.rejection, { city: deps.city, messageId: message.messageId, at, body: message.body, receiveCount: message.receiveCount });
    return { outcome: 'rejected', rejected, first: await deps.store.putRejected(rejected) };
  }
  const fresh = composeNotice(read.message, { city: deps.city, messageId: message.messageId, at });
  const created = await deps.store.putIfAbsent(fresh);
  const notice = created ? fresh : await deps.store.get(fresh.id);
  if (!notice) throw new Error(`notice ${fresh.id} was there a moment ago and is gone`);
  if (notice.sms === 'done') return { outcome: 'duplicate', notice };

  const staleBefore = new Date(Date.parse(at) - SMS_CLAIM_LEASE_MS).toISOString();
  if (!(await deps.store.claimSms(notice.id, at, staleBefore))) return { outcome: created ? 'stored' : 'duplicate', notice };
  let delivery: Delivery;
  try {
    delivery = await textAgency(notice, read.message.contact?.phone, deps, at);
  } catch (error) {
    await deps.store.releaseSms(notice.id);
    throw error;
  }
  await deps.store.finishSms(notice.id, delivery);
  return { outcome: created ? 'stored' : 'duplicate', notice: { ...notice, sms: 'done', deliveries: [...notice.deliveries, delivery] }, delivery };
}

async function textAgency(notice: Notice, messagePhone: string | undefined, deps: ReceiveDeps, at: string): Promise<Delivery> {
  const phone = messagePhone ?? (await deps.contacts.phoneOf(notice.agencyUscc));
  const mobile = mobileNumber(phone);
  if (!mobile) {
    return { channel: 'sms', to: phone ? maskPhone(phone) : '', status: 'skipped', at, reason: phone ? 'not a mobile number' : 'no contact number' };
  }
  return deps.sms.send({ noticeId: notice.id, kind: notice.kind, to: mobile, text: smsText(notice) });
}
