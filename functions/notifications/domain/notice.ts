import { createHash } from 'node:crypto';
import type { AcceptedMessage, Localized } from './notice-kinds.ts';
import type { JsonObject, MessageRejection } from './notice-message.ts';

/**
 * A notice in an agency's inbox (站内消息), and the SMS that announces it (短信邀请). One notice per message key:
 * its id is derived from the key, so a redelivered or duplicated message finds the notice already there.
 */
export interface Delivery {
  channel: 'sms';
  /** Masked (138****8000): the full number stays in the agency record. */
  to: string;
  /** `logged`: written to the log by the logging adapter, not sent; `skipped`: no mobile number to text. */
  status: 'sent' | 'logged' | 'failed' | 'skipped';
  at: string;
  reason?: string;
  /** The gateway's message id, when a gateway answered. */
  reference?: string;
}

/**
 * The SMS of a notice: `pending` until a delivery claims it, `sending` while one holds the claim (a lease:
 * see SMS_CLAIM_LEASE_MS), `done` once its outcome is recorded. So the SMS goes out once however often the
 * message is delivered, and a delivery that failed before recording lets the next one try again.
 */
export type SmsState = 'pending' | 'sending' | 'done';

export interface Notice {
  id: string;
  key: string;
  kind: string;
  known: boolean;
  city: string;
  tenant: string;
  agencyUscc: string;
  agencyName?: string;
  title: Localized;
  body: Localized;
  link?: string;
  data: JsonObject;
  receivedAt: string;
  /** The SQS message that first brought it. */
  messageId: string;
  readAt?: string;
  readBy?: string;
  sms: SmsState;
  smsClaimedAt?: string;
  deliveries: Delivery[];
}

/** A message that could not become a notice: kept for an operator to see, acknowledged so it is not retried. */
export interface RejectedNotice {
  messageId: string;
  city: string;
  receivedAt: string;
  reasons: string[];
  kind?: string;
  key?: string;
  /** The body as received (cut at REJECTED_BODY_LIMIT characters; task tokens and contacts removed). */
  body: string;
  receiveCount?: number;
}

/**
 * Twice the workers' 60 s timeout (lib/constructs/workers.ts): a claim older than this belongs to an invocation
 * that has ended without recording its outcome, and the next delivery of the message may send the SMS.
 */
export const SMS_CLAIM_LEASE_MS = 120_000;
export const REJECTED_BODY_LIMIT = 4000;

export const NOTICE_ID = /^NTC-[0-9a-f]{24}$/;

/** `NTC-` and 96 bits of SHA-256(key): the same key is the same notice, in any order and on any retry. */
export const noticeId = (key: string): string => `NTC-${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 24)}`;

export function composeNotice(message: AcceptedMessage, context: { city: string; messageId: string; at: string }): Notice {
  return {
    id: noticeId(message.key),
    key: message.key,
    kind: message.kind,
    known: message.known,
    city: context.city,
    tenant: message.tenant,
    agencyUscc: message.agencyUscc,
    ...(message.agencyName ? { agencyName: message.agencyName } : {}),
    title: message.rendered.title,
    body: message.rendered.body,
    ...(message.rendered.link ? { link: message.rendered.link } : {}),
    data: message.data,
    receivedAt: context.at,
    messageId: context.messageId,
    sms: 'pending',
    deliveries: [],
  };
}

const SECRET_MEMBERS = new Set(['taskToken', 'contact']);

/** What a rejected record keeps of a body: never a task token or a person's contact, and never very much. */
export function rejectedBody(body: string): string {
  let text = body;
  try {
    const json = JSON.parse(body) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      text = JSON.stringify(Object.fromEntries(Object.entries(json).map(([k, v]) => [k, SECRET_MEMBERS.has(k) ? '[removed]' : v])));
    }
  } catch {
    /* not JSON: kept as text */
  }
  return text.length > REJECTED_BODY_LIMIT ? `${text.slice(0, REJECTED_BODY_LIMIT)}…` : text;
}

export function composeRejected(rejection: MessageRejection, context: { city: string; messageId: string; at: string; body: string; receiveCount?: number }): RejectedNotice {
  return {
    messageId: context.messageId,
    city: context.city,
    receivedAt: context.at,
    reasons: rejection.reasons,
    ...(rejection.kind ? { kind: rejection.kind } : {}),
    ...(rejection.key ? { key: rejection.key } : {}),
    body: rejectedBody(context.body),
    ...(context.receiveCount !== undefined ? { receiveCount: context.receiveCount } : {}),
  };
}

/** A mainland mobile number (11 digits from 1[3-9]), from how people write it: +86, spaces, dashes. */
export function mobileNumber(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** 138****8000: enough for a person to recognise their number, not enough to call it. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export const SMS_SIGNATURE = '【网上中介服务超市】';

/** The SMS text of a notice: its Chinese body, signed (the gateway adapter may map kinds to approved templates). */
export const smsText = (notice: Pick<Notice, 'body'>): string => `${SMS_SIGNATURE}${notice.body.zh}`;

/** What the API shows of a notice: everything but the delivery bookkeeping. */
export function noticeView(notice: Notice) {
  const { messageId: _m, sms: _s, smsClaimedAt: _c, readBy: _r, ...rest } = notice;
  void _m; void _s; void _c; void _r;
  return { ...rest, read: notice.readAt !== undefined };
}
export type NoticeView = ReturnType<typeof noticeView>;
