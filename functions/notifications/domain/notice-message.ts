import * as z from 'zod';
import { Uscc } from '#shared/codes/uscc.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';

/**
 * What the city's notifications queue carries (主动推送 / 短信邀请, DESIGN §7): one JSON message per agency to
 * notify. The members every kind shares — the contract a producer keeps:
 *
 *   kind        the message type, e.g. `ProjectAnnouncement`, `AwardNotice`, `ObjectionDecided`
 *   key         stable per notice and recipient (e.g. `<projectId>#<uscc>`): a message sent again with the same
 *               key is the same notice — stored once, texted once
 *   tenant      the GB/T 2260 tenant the notice is about (the project's, or the admitting tenant's)
 *   agencyUscc  the recipient agency's 统一社会信用代码
 *   agencyName? contact? {name?, phone?, email?}   when absent, the agency record of this city supplies the mobile
 *   subject? body?   a human text, a string or {zh, en}: used for kinds without a renderer of their own
 *   link?       a public path to the thing the notice is about
 *
 * Kinds with a renderer (notice-kinds.ts) may name their members their own way (the expiry job's warning says
 * `uscc` and `admittedIn`) and add members; any further member is kept with the notice as `data`.
 */

export const NOTICE_LIMITS = { key: 512, kind: 64, text: 2000 } as const;

export const LocalizedInput = z.union([
  z.string().trim().min(1).max(NOTICE_LIMITS.text),
  z.object({ zh: z.string().trim().min(1).max(NOTICE_LIMITS.text), en: z.string().trim().min(1).max(NOTICE_LIMITS.text).optional() }),
]);
export type LocalizedInput = z.infer<typeof LocalizedInput>;

export const NoticeContact = z.object({
  name: z.string().max(100).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(254).optional(),
});
export type NoticeContact = z.infer<typeof NoticeContact>;

export const NoticeKey = z.string().min(1).max(NOTICE_LIMITS.key);
export const NoticeKindName = z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{0,63}$/, { message: 'a kind name: letters, digits, . or -' });

/** The shared members; unknown members pass through (they are the notice's data). */
export const CommonNoticeMessage = z.looseObject({
  kind: NoticeKindName,
  key: NoticeKey,
  tenant: DivisionCode,
  agencyUscc: Uscc,
  agencyName: z.string().max(200).optional(),
  contact: NoticeContact.optional(),
  subject: LocalizedInput.optional(),
  body: LocalizedInput.optional(),
  link: z.string().max(1000).optional(),
});
export type CommonNoticeMessage = z.infer<typeof CommonNoticeMessage>;

/** Why a message cannot become a notice: it is set aside as a rejected record, never retried. */
export interface MessageRejection {
  reasons: string[];
  kind?: string;
  key?: string;
}

export type JsonObject = Record<string, unknown>;

/** The body as a JSON object with a `kind` and a `key`, or why not. */
export function parseEnvelope(body: string): { ok: true; json: JsonObject; kind: string; key: string } | { ok: false; rejection: MessageRejection } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, rejection: { reasons: ['the body is not JSON'] } };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, rejection: { reasons: ['the body is not a JSON object'] } };
  const object = json as JsonObject;
  const kind = typeof object.kind === 'string' && object.kind ? object.kind.slice(0, NOTICE_LIMITS.kind) : undefined;
  const key = typeof object.key === 'string' && object.key ? object.key.slice(0, NOTICE_LIMITS.key) : undefined;
  const reasons = [...(kind ? [] : ['no kind']), ...(key ? [] : ['no key'])];
  if (!kind || !key) return { ok: false, rejection: { reasons, kind, key } };
  return { ok: true, json: object, kind, key };
}

/** zod's issues as short reasons a person reads in the rejected record. */
export const issueReasons = (error: z.ZodError): string[] =>
  error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`);
