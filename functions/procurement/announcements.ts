/**
 * 主动推送 (DESIGN §7): when a project is published every agency that qualifies for it (the agencies context's
 * matching: item offered, qualification and grade, validity, practice region, credit) is told through the city's
 * notifications queue (with its DLQ); the notifications worker stores the notice and sends the SMS. Registrants are
 * told of the award the same way. Each message has a `key`, so a step that runs twice sends nothing new.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { sqs } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { itemKey } from '#functions/agencies/domain/offered-item.ts';
import { matchAgencies } from '#functions/agencies/domain/matching.ts';
import { shanghaiDateOf } from '#functions/agencies/domain/shanghai-dates.ts';
import { currentRound } from './domain/award/award.ts';
import type { Project } from './domain/project/project.ts';
import { creditRestrictionOf, projectStore } from './adapters/project-store.ts';
import { province } from './project-service.ts';

interface Notice {
  kind: string;
  key: string;
  tenant: string;
  city: string;
  projectId: string;
  projectName: string;
  serviceItem: { code: string; name: string };
  agencyUscc: string;
  agencyName?: string;
  contact?: { name?: string; phone?: string; email?: string };
  announcementUrl: string;
  [more: string]: unknown;
}

async function send(notices: Notice[]): Promise<void> {
  for (let i = 0; i < notices.length; i += 10) {
    const batch = notices.slice(i, i + 10);
    const result = await sqs().send(new SendMessageBatchCommand({
      QueueUrl: requireEnv(ENV.notificationsQueueUrl),
      Entries: batch.map((n, j) => ({
        Id: String(j), MessageBody: JSON.stringify(n),
        MessageAttributes: { kind: { DataType: 'String', StringValue: n.kind }, key: { DataType: 'String', StringValue: n.key } },
      })),
    }));
    // A partial failure throws: the timeline step retries, and the keys keep the resend from doubling a notice.
    if (result.Failed?.length) throw new Error(`notifications not queued: ${result.Failed.map((f) => f.Message).join('; ')}`);
  }
}

const base = (project: Project) => ({
  tenant: project.tenant, city: requireEnv(ENV.cityCode), projectId: project.id, projectName: project.name,
  serviceItem: { code: project.serviceItem.code, name: project.serviceItem.name },
  announcementUrl: `/v1/tenants/${project.tenant}/projects/${project.id}`,
});

/** Every qualified agency of the province, told of the new project and its deadline. Returns how many. */
export async function announceToQualifiedAgencies(project: Project): Promise<number> {
  if (!project.registration) return 0;
  const item = { tenant: project.serviceItem.tenant, code: project.serviceItem.code, qualificationRequirements: project.qualificationRequirements };
  const offering = (await agencyStore.list(province())).filter((a) => a.serviceItems.some((i) => itemKey(i) === itemKey(item)));
  const restrictions = new Map(await Promise.all(offering.map(async (a) => [a.uscc, await creditRestrictionOf(province(), a.uscc)] as const)));
  const { qualified } = matchAgencies(offering, item, project.tenant, shanghaiDateOf(new Date()), (uscc) => restrictions.get(uscc) ?? { restricted: false });
  await send(qualified.map((a) => ({
    kind: 'ProjectAnnouncement', key: `${project.id}#${a.uscc}`, ...base(project), agencyUscc: a.uscc, agencyName: a.name,
    contact: { name: a.contact?.name, phone: a.contact?.phone, email: a.contact?.email }, closesAt: project.registration!.closesAt,
  })));
  return qualified.length;
}

/** Every registrant, told who was awarded (and, for the winner, that it was). */
export async function notifyRegistrants(project: Project, kind: 'AwardNotice'): Promise<number> {
  const round = currentRound(project);
  if (!round) return 0;
  const registrations = (await projectStore.registrations(project.tenant, project.id)).filter((r) => r.status === 'registered');
  await send(registrations.map((r) => ({
    kind, key: `${project.id}#award-${round.round}#${r.code}`, ...base(project), agencyUscc: r.code,
    winner: round.code, won: r.code === round.code, publicityEndsAt: round.publicity.dueAt,
  })));
  return registrations.length;
}
