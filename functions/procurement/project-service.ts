/**
 * What the procurement handlers and the timeline worker share: the tenant's time context (policy, calendar,
 * sandbox), eligibility of a party now, and one way to store a project change (record + audit entry + events in
 * one transaction, written only over the version that was read).
 */
import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { randomInt } from 'node:crypto';
import { stepFunctions } from '#shared/aws-clients.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { USCC_CHARSET } from '#shared/codes/uscc.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { DetailType } from '#shared/events/detail-types.ts';
import { problems } from '#shared/http/problems.ts';
import { logger } from '#shared/observability.ts';
import { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { AuditActor } from '#shared/audit/audit-chain.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import type { Tenant } from '#shared/tenancy/tenant.ts';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { matchAgency, type MatchResult } from '#functions/agencies/domain/matching.ts';
import { shanghaiDateOf } from '#functions/agencies/domain/shanghai-dates.ts';
import { calendarOf } from '#functions/tenancy/effective-policy.ts';
import type { TimeContext } from './domain/award/award.ts';
import type { Project } from './domain/project/project.ts';
import { consortiumAsAgency, consortiumCredit } from './domain/registration/consortium.ts';
import { partyCodes, type Party, type Registration } from './domain/registration/registration.ts';
import { formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { creditRestrictionOf, projectStore } from './adapters/project-store.ts';

export const province = () => requireEnv(ENV.provinceCode);

export const SYSTEM_ACTOR: AuditActor = { sub: 'system:timeline', role: 'system' };

export async function tenantOf(code: string): Promise<Tenant> {
  const tenant = await tenantStore.get(code);
  if (!tenant) throw problems.tenantNotFound(code);
  return tenant;
}

/** Policy, calendar and sandbox flag of the project's tenant, at `now`. */
export async function timeContext(tenant: string, now: Date = new Date()): Promise<TimeContext & { tenantRecord: Tenant }> {
  const { calendar, view } = await calendarOf(tenant);
  return { now, calendar, policy: view.policy, tenant: { code: tenant, sandbox: view.tenant.sandbox }, tenantRecord: view.tenant };
}

export async function loadProject(tenant: string, id: string): Promise<Project> {
  const project = await projectStore.get(tenant, id);
  if (!project) throw problems.notFound({ zh: `采购项目 ${id}`, en: `Project ${id}` });
  return project;
}

/**
 * Eligibility of a party for a project now: matching on the agency (a consortium as one agency: union of
 * qualifications, the lead's regions, restricted when any member is) against the project's own requirements, in
 * the project's place, on today's date in Beijing.
 */
export async function eligibilityOf(project: Project, party: Party, now: Date = new Date()): Promise<MatchResult> {
  const codes = partyCodes(party);
  const agencies = await Promise.all(codes.map((c) => agencyStore.get(province(), c)));
  const restrictions = new Map(await Promise.all(codes.map(async (c) => [c, await creditRestrictionOf(province(), c)] as const)));
  const missing = codes.filter((_, i) => !agencies[i]);
  if (missing.length) return { qualifies: false, reasons: [{ code: 'agency.not-admitted', zh: `机构 ${missing.join('、')} 未入驻中介服务超市`, en: `Agency ${missing.join(', ')} is not admitted to the supermarket` }] };
  const [lead, ...members] = agencies as NonNullable<(typeof agencies)[number]>[];
  const agency = party.kind === 'consortium' ? consortiumAsAgency(lead, members) : lead;
  const credit = party.kind === 'consortium' ? consortiumCredit(restrictions, codes) : restrictions.get(codes[0])!;
  const item = { tenant: project.serviceItem.tenant, code: project.serviceItem.code, name: project.serviceItem.name, qualificationRequirements: project.qualificationRequirements };
  return matchAgency(agency, item, project.tenant, shanghaiDateOf(now), credit);
}

export interface ProjectChange {
  action: string;
  data?: unknown;
  events?: { type: DetailType; data: unknown }[];
}

/** Stores `next` over `previous` (version checked), with its audit entry and events, in one transaction. */
export async function commitProject(actor: AuditActor, previous: Project | undefined, next: Project, change: ProjectChange, extra?: (uow: UnitOfWork) => void | Promise<void>): Promise<Project> {
  const stored: Project = { ...next, version: (previous?.version ?? 0) + 1 };
  const uow = new UnitOfWork(actor);
  projectStore.stage(uow, stored, previous?.version ?? 0);
  await uow.audit(stored.tenant, 'project', stored.id, change.action, change.data ?? { status: stored.status });
  for (const e of change.events ?? []) uow.event(e.type, stored.tenant, e.data);
  await extra?.(uow);
  await uow.commit();
  return stored;
}

/** One Standard execution per project: the name is derived from the id, so a second start is refused by the service. */
export const executionNameOf = (projectId: string) => `project-${projectId}`.slice(0, 80);

export async function startTimeline(project: Project): Promise<void> {
  try {
    await stepFunctions().send(new StartExecutionCommand({
      stateMachineArn: requireEnv(ENV.timelineStateMachineArn),
      name: executionNameOf(project.id),
      input: JSON.stringify({ tenant: project.tenant, projectId: project.id }),
    }));
  } catch (error) {
    // ExecutionAlreadyExists: a retry of the same publication; the running execution is the project's timeline.
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
}

/**
 * Wakes the timeline if it waits for `step`: the human step's change is already stored, so a lost wake-up only
 * delays the timeline to the step's timeout, whose handler reads the stored state and continues the same way.
 */
export async function wakeTimeline(project: Project, steps: readonly string[], output: Record<string, unknown> = {}): Promise<boolean> {
  const pending = project.pendingTask;
  if (!pending || !steps.includes(pending.step)) return false;
  try {
    await stepFunctions().send(new SendTaskSuccessCommand({ taskToken: pending.token, output: JSON.stringify({ woken: pending.step, ...output }) }));
    return true;
  } catch (error) {
    logger.warn('timeline wake-up failed; the step timeout will continue it', { projectId: project.id, step: pending.step, error: (error as Error).message });
    return false;
  }
}

/** A registration stored after the close read the rows: withdrawn with the reason, in its own audit chain. */
export async function withdrawStoredAfterClose(tenant: string, row: Registration & { revision: number }, by: string): Promise<void> {
  const uow = new UnitOfWork({ sub: by, role: by.startsWith('system:') ? 'system' : 'agency' });
  const withdrawn: Registration = { ...row, status: 'withdrawn', withdrawnAt: formatShanghaiInstant(Date.now()) };
  projectStore.stageRegistration(uow, tenant, withdrawn, row.revision);
  await uow.audit(tenant, 'registration', `${row.projectId}:${row.code}`, 'registration.withdrawn-stored-after-close', { reason: 'stored after the close read the registrations' });
  await uow.commit();
}

/** The agency an agency clerk acts for; anyone else is refused (401 without a token, 403 with another role). */
export function callerAgency(caller: Caller): string {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (caller.role !== 'agency' || !caller.agency) throw problems.forbidden({ zh: '只有中介机构可以这样做', en: 'only an agency may do this' });
  return caller.agency;
}

/** `length` characters of the code alphabet (digits and capitals without I, O, S, V, Z), for project and objection ids. */
export const randomCodeOf = (length: number): string => Array.from({ length }, () => USCC_CHARSET[randomInt(USCC_CHARSET.length)]).join('');
