import * as z from 'zod';
import { Uscc } from '#shared/codes/uscc.ts';
import { PageQuery, pageSchema } from '#shared/http/pagination.ts';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { NOTICE_ID } from './domain/notice.ts';

export const NoticeId = z.string().regex(NOTICE_ID, { message: 'a notice id, NTC-<24 hex digits>' });

const AgencyParams = z.object({ uscc: Uscc }).strict();
const NoticeParams = z.object({ uscc: Uscc, id: NoticeId }).strict();

const Localized = z.object({ zh: z.string(), en: z.string() });

export const NoticeView = z.object({
  id: z.string(),
  key: z.string().describe('The producer\'s key: one notice per key, however often the message was delivered'),
  kind: z.string().describe('`ProjectAnnouncement` (项目公告), `QualificationExpiryWarning` (资质到期预警), or a later kind'),
  known: z.boolean().describe('false: a kind without a renderer yet, shown from its own subject and body'),
  city: z.string(), tenant: z.string(), agencyUscc: z.string(), agencyName: z.string().optional(),
  title: Localized, body: Localized, link: z.string().optional(),
  data: z.record(z.string(), z.unknown()).describe('The message as the producer sent it, without its contact'),
  receivedAt: z.string(), read: z.boolean(), readAt: z.string().optional(),
  deliveries: z.array(z.object({
    channel: z.literal('sms'), to: z.string().describe('Masked mobile number'),
    status: z.enum(['sent', 'logged', 'failed', 'skipped']).describe('`logged`: the logging SMS adapter recorded the text instead of sending it'),
    at: z.string(), reason: z.string().optional(), reference: z.string().optional(),
  })),
});

const tags = ['notifications (主动推送)'];

export const notificationRoutes = [
  {
    operationId: 'listAgencyNotifications', method: 'GET', path: '/v1/agencies/{uscc}/notifications', auth: 'jwt', tags,
    summary: 'The agency\'s notices in this city, newest first: project announcements it qualifies for, expiry warnings, … (the agency itself; operators governing its admitting tenant)',
    params: AgencyParams,
    query: PageQuery.extend({ status: z.enum(['all', 'unread']).default('all') }),
    response: pageSchema(NoticeView).extend({ unread: z.number().int().describe('Unread notices in all pages') }),
  },
  {
    operationId: 'markAgencyNotificationRead', method: 'POST', path: '/v1/agencies/{uscc}/notifications/{id}/read', auth: 'jwt', tags,
    summary: 'Mark a notice read; marking it again keeps the first reading (the agency itself)',
    params: NoticeParams, response: NoticeView,
  },
] as const satisfies readonly RouteSpec[];
