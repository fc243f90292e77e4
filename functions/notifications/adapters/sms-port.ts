import type { Delivery } from '../domain/notice.ts';

/**
 * Sending a text message (短信邀请). The worker depends on this port only; an adapter implements it:
 *  - logging-sms.ts (today, everywhere): writes the message it would send to the log and records `logged`;
 *  - a gateway adapter (a later job: the province's SMS platform, Alibaba Cloud or Tencent Cloud SMS) maps each
 *    kind to an approved template with the signature 网上中介服务超市, passes `noticeId` as the idempotency
 *    reference where the gateway takes one, and returns `sent` with the gateway's message id.
 * An adapter throws only when a retry may succeed (the gateway is down, throttled); the worker then releases the
 * notice's SMS claim and the message comes back. A number the gateway refuses is a `failed` delivery, not a throw.
 */
export interface SmsMessage {
  noticeId: string;
  kind: string;
  /** The whole mainland mobile number, 11 digits. */
  to: string;
  text: string;
}

export interface SmsPort {
  send(message: SmsMessage): Promise<Delivery>;
}
