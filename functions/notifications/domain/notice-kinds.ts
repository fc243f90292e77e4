import * as z from 'zod';
import { Uscc } from '#shared/codes/uscc.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { epochMsOf, formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import {
  CommonNoticeMessage, type JsonObject, type LocalizedInput, type MessageRejection, NoticeContact, NoticeKey, issueReasons, parseEnvelope,
} from './notice-message.ts';

/**
 * The renderers: one entry per message kind, each a schema (what the producer promised) and a Chinese + English
 * title and body. A new kind needs one entry here and nothing else; a kind without an entry is still stored,
 * from the common members (its `subject` / `body` when the producer wrote them), never dropped.
 */
export interface Localized { zh: string; en: string }
export interface Rendered { title: Localized; body: Localized; link?: string }

/** Who a notice is for and which tenant it concerns. */
export interface Addressee {
  tenant: string;
  agencyUscc: string;
  agencyName?: string;
  contact?: NoticeContact;
}

export interface AcceptedMessage extends Addressee {
  kind: string;
  key: string;
  /** A kind with a renderer of its own (false: stored generically). */
  known: boolean;
  rendered: Rendered;
  /** The message as received, without its contact (personal data stays in the agency record). */
  data: JsonObject;
}

export type ReadResult = { accepted: true; message: AcceptedMessage } | { accepted: false; rejection: MessageRejection };

interface KindEntry {
  accept(json: JsonObject): { ok: true; addressee: Addressee; rendered: Rendered } | { ok: false; reasons: string[] };
}

function kind<S extends z.ZodType<JsonObject>>(schema: S, parts: { addressee?: (m: z.output<S>) => Addressee; render: (m: z.output<S>) => Rendered }): KindEntry {
  const addressee = parts.addressee ?? ((m: z.output<S>) => {
    const { tenant, agencyUscc, agencyName, contact } = m as unknown as CommonNoticeMessage;
    return { tenant, agencyUscc, agencyName, contact };
  });
  return {
    accept(json) {
      const parsed = schema.safeParse(json);
      if (!parsed.success) return { ok: false, reasons: issueReasons(parsed.error) };
      return { ok: true, addressee: addressee(parsed.data), rendered: parts.render(parsed.data) };
    },
  };
}

/** `2026-03-02 17:00` (北京时间) of an ISO instant. */
export function shanghaiMinute(instant: string): string {
  const text = formatShanghaiInstant(epochMsOf(instant));
  return `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

const localized = (input: LocalizedInput): Localized => (typeof input === 'string' ? { zh: input, en: input } : { zh: input.zh, en: input.en ?? input.zh });

/** 项目公告 sent to each qualified agency when a project is published (主动推送 / 短信邀请). */
const ProjectAnnouncement = CommonNoticeMessage.extend({
  kind: z.literal('ProjectAnnouncement'),
  city: DivisionCode,
  projectId: z.string().min(1).max(100),
  projectName: z.string().min(1).max(300),
  serviceItem: z.object({ code: z.string().min(1).max(100), name: z.string().min(1).max(300) }),
  agencyName: z.string().min(1).max(200),
  closesAt: z.iso.datetime({ offset: true }),
  announcementUrl: z.string().min(1).max(1000),
});

/** The daily expiry job's warning (functions/agencies/expiry-job.ts, `QualificationExpiryNotice`): its own member names. */
const QualificationExpiryWarning = z.looseObject({
  kind: z.literal('QualificationExpiryWarning'),
  key: NoticeKey,
  uscc: Uscc,
  admittedIn: DivisionCode,
  agencyName: z.string().min(1).max(200),
  contact: NoticeContact.optional(),
  qualificationId: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  number: z.string().min(1).max(100),
  validTo: z.iso.date(),
  daysLeft: z.number().int().min(0),
});

/** 中选结果公示 to each registrant (functions/procurement/announcements.ts `notifyRegistrants`): won or not. */
const AwardNotice = CommonNoticeMessage.extend({
  kind: z.literal('AwardNotice'),
  projectId: z.string().min(1).max(100),
  projectName: z.string().min(1).max(300),
  won: z.boolean(),
  winner: z.string().max(100).optional(),
  publicityEndsAt: z.string().max(40).optional(),
  announcementUrl: z.string().max(1000).optional(),
});

/** An instant as Beijing minutes when it is one; otherwise as the producer wrote it. */
const whenText = (value: string) => (Number.isNaN(Date.parse(value)) ? value : shanghaiMinute(value));

export const NOTICE_KINDS: Record<string, KindEntry> = {
  ProjectAnnouncement: kind(ProjectAnnouncement, {
    render: (m) => {
      const closes = shanghaiMinute(m.closesAt);
      return {
        title: { zh: `新项目公告：${m.projectName}`, en: `New project: ${m.projectName}` },
        body: {
          zh: `${m.agencyName}：贵机构可承接的服务事项“${m.serviceItem.name}”（${m.serviceItem.code}）有新项目“${m.projectName}”（${m.projectId}）发布，`
            + `报名截止时间为北京时间 ${closes}。请登录网上中介服务超市查看公告并报名：${m.announcementUrl}`,
          en: `${m.agencyName}: a new project "${m.projectName}" (${m.projectId}) for the service item "${m.serviceItem.name}" (${m.serviceItem.code}), `
            + `for which your agency qualifies, is open for registration until ${closes} Beijing time. Read the announcement and register: ${m.announcementUrl}`,
        },
        link: m.announcementUrl,
      };
    },
  }),

  QualificationExpiryWarning: kind(QualificationExpiryWarning, {
    addressee: (m) => ({ tenant: m.admittedIn, agencyUscc: m.uscc, agencyName: m.agencyName, contact: m.contact }),
    render: (m) => {
      const when = m.daysLeft === 0
        ? { zh: `今天（${m.validTo}）是最后有效日`, en: `today (${m.validTo}) is its last valid day` }
        : { zh: `将于 ${m.validTo} 到期，还剩 ${m.daysLeft} 天`, en: `expires on ${m.validTo}, in ${m.daysLeft} day${m.daysLeft === 1 ? '' : 's'}` };
      return {
        title: { zh: `资质即将到期：${m.type}`, en: `Qualification expiring: ${m.type}` },
        body: {
          zh: `${m.agencyName}：贵机构的${m.type}（证书编号 ${m.number}）${when.zh}。请在到期前申请延期并上传新证书；到期后仅由该证书支撑的服务事项将暂停承接。`,
          en: `${m.agencyName}: your ${m.type} certificate (No. ${m.number}) ${when.en}. Request an extension with the renewed certificate before then; `
            + 'once it expires, the service items it alone supports are suspended.',
        },
        link: `/v1/agencies/${m.uscc}`,
      };
    },
  }),

  AwardNotice: kind(AwardNotice, {
    render: (m) => {
      const until = m.publicityEndsAt ? { zh: `，公示至北京时间 ${whenText(m.publicityEndsAt)}`, en: ` until ${whenText(m.publicityEndsAt)} Beijing time` } : { zh: '', en: '' };
      const see = m.announcementUrl ? { zh: `详见：${m.announcementUrl}`, en: ` See ${m.announcementUrl}` } : { zh: '', en: '' };
      const project = { zh: `项目“${m.projectName}”（${m.projectId}）`, en: `project "${m.projectName}" (${m.projectId})` };
      return m.won
        ? {
          title: { zh: `中选通知：${m.projectName}`, en: `Selected: ${m.projectName}` },
          body: {
            zh: `贵机构为${project.zh}的中选机构，中选结果公示中${until.zh}。公示期满无异议后请按时确认并签订合同。${see.zh}`,
            en: `Your agency was selected for ${project.en}; the award is published${until.en}. Once the publicity ends without objection, confirm and sign the contract in time.${see.en}`,
          },
          ...(m.announcementUrl ? { link: m.announcementUrl } : {}),
        }
        : {
          title: { zh: `中选结果公示：${m.projectName}`, en: `Award published: ${m.projectName}` },
          body: {
            zh: `贵机构报名的${project.zh}已公示中选结果${m.winner ? `（中选机构 ${m.winner}）` : ''}${until.zh}。如有异议，可在公示期内提出质疑。${see.zh}`,
            en: `The award of ${project.en}, for which your agency registered, is published${m.winner ? ` (selected: ${m.winner})` : ''}${until.en}. Objections may be filed within the publicity period.${see.en}`,
          },
          ...(m.announcementUrl ? { link: m.announcementUrl } : {}),
        };
    },
  }),
};

/** Any other kind: the common members, the producer's own subject and body, or a neutral text naming the kind. */
const GENERIC = kind(CommonNoticeMessage, {
  render: (m) => ({
    title: m.subject ? localized(m.subject) : { zh: `新通知：${m.kind}`, en: `New notice: ${m.kind}` },
    body: m.body ? localized(m.body) : { zh: `您有一条新的通知（${m.kind}），请登录网上中介服务超市查看。`, en: `You have a new notice (${m.kind}); sign in to the supermarket to read it.` },
    ...(m.link ? { link: m.link } : {}),
  }),
});

/** A queue message's body as a notice to store, or the reasons it cannot be one. Pure: no clock, no store. */
export function readNoticeMessage(body: string): ReadResult {
  const envelope = parseEnvelope(body);
  if (!envelope.ok) return { accepted: false, rejection: envelope.rejection };
  const { json, kind: kindName, key } = envelope;
  const entry = Object.hasOwn(NOTICE_KINDS, kindName) ? NOTICE_KINDS[kindName] : undefined;
  const result = (entry ?? GENERIC).accept(json);
  if (!result.ok) return { accepted: false, rejection: { reasons: result.reasons, kind: kindName, key } };
  const { contact: _contact, ...data } = json;
  void _contact;
  return { accepted: true, message: { kind: kindName, key, known: entry !== undefined, ...result.addressee, rendered: result.rendered, data } };
}
