/**
 * An agency's inbox (主动推送的站内消息). Trigger: API Gateway routes of functions/notifications/routes.ts.
 * Input: the agency's 统一社会信用代码 in the path. Reads the notices the `notifications` worker stored in this
 * city (notifications-worker.ts); the agency itself reads them (its `custom:agency` claim is the code) and so may
 * operators governing the tenant that admitted it. Side effect: marking a notice read (the agency only), which is
 * idempotent — the first reading's time stays. No audit entry: a notice is a message, not a procurement fact.
 */
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { agencyNotFound } from '#functions/agencies/agency-record.ts';
import { authorize } from '#shared/auth/authorize.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { problems } from '#shared/http/problems.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { noticeStore } from './adapters/notice-store.ts';
import { noticeView } from './domain/notice.ts';
import { notificationRoutes } from './routes.ts';

const inbox = () => noticeStore(requireEnv(ENV.cityCode));
const isTheAgency = (caller: Caller, uscc: string) => caller.role === 'agency' && caller.agency === uscc;

/** The agency itself, or an operator (province-admin) governing the tenant that admitted it. Throws 401/403/404. */
async function assertReader(caller: Caller, uscc: string): Promise<void> {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (isTheAgency(caller, uscc)) return;
  if (caller.role === 'agency') throw problems.forbidden({ zh: '只能查看本机构的通知', en: 'an agency reads only its own notices' });
  const agency = await agencyStore.get(requireEnv(ENV.provinceCode), uscc);
  if (!agency) throw agencyNotFound(uscc);
  await authorize(caller, 'agency.read-notifications', agency.admittedIn, tenantStore);
}

export const handler = httpHandler(notificationRoutes, {
  async listAgencyNotifications({ params, query, caller }) {
    await assertReader(caller, params.uscc);
    const notices = await inbox().listFor(params.uscc);
    const shown = query.status === 'unread' ? notices.filter((n) => n.readAt === undefined) : notices;
    const page = pageOf(shown, query.limit, query.cursor);
    return { body: { ...page, items: page.items.map(noticeView), unread: notices.filter((n) => n.readAt === undefined).length } };
  },

  async markAgencyNotificationRead({ params, caller }) {
    if (caller.role === 'public') throw problems.unauthenticated();
    if (!isTheAgency(caller, params.uscc)) throw problems.forbidden({ zh: '只有机构本身可以标记已读', en: 'only the agency itself marks its notices read' });
    const notice = await inbox().markRead(params.uscc, params.id, new Date().toISOString(), caller.sub);
    if (!notice) throw problems.notFound({ zh: `通知 ${params.id}`, en: `Notice ${params.id}` });
    return { body: noticeView(notice) };
  },
});
