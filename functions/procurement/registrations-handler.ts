/**
 * Registration API for agencies (routes in ./routes.ts `registrationRoutes`): register (alone or as a consortium's
 * lead), withdraw, commit a sealed quote, reveal it after close, object to an award, abandon an award.
 *
 * The deadline (DESIGN §4): the server clock decides. A request is refused when the clock reads `closesAt` or later
 * when it is handled; a registration is stored as one row per party (conditional write: a retry, or two requests of
 * the same agency racing, store one row). After the write the clock is read again: the registration is confirmed
 * only if the write finished before `closesAt + CLOSE_GRACE_MS`, the instant the timeline's close reads the rows
 * (timeline-route.ts) — so every registration answered 201 is in the close, and one that could not be is refused
 * and withdrawn, never silently lost.
 */
import { randomBytes } from 'node:crypto';
import type { Caller } from '#shared/auth/caller.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { problems } from '#shared/http/problems.ts';
import { UnitOfWork, WriteConflict } from '#shared/store/unit-of-work.ts';
import { epochMsOf, formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { fileObjection } from './domain/award/objection.ts';
import { register, withdraw, type Party, type Registration } from './domain/registration/registration.ts';
import { commitQuote, revealQuote } from './domain/registration/sealed-quote.ts';
import { projectStore } from './adapters/project-store.ts';
import { eligibilityOf, loadProject } from './project-service.ts';
import { registrationRoutes } from './routes.ts';
import { CLOSE_GRACE_MS } from './timeline-route.ts';

const actorOf = (caller: Caller) => ({ sub: caller.sub, role: caller.role, tenant: caller.tenant });

/** The agency an agency clerk acts for. */
function callerAgency(caller: Caller): string {
  if (caller.role === 'public') throw problems.unauthenticated();
  if (caller.role !== 'agency' || !caller.agency) throw problems.forbidden({ zh: '只有中介机构可以报名', en: 'only an agency may do this' });
  return caller.agency;
}

const auditId = (projectId: string, code: string) => `${projectId}:${code}`;

async function mine(tenant: string, id: string, code: string) {
  const row = await projectStore.registration(tenant, id, code);
  if (!row) throw problems.notFound({ zh: `本机构在项目 ${id} 的报名`, en: `This agency's registration for project ${id}` });
  return row;
}

/** A registration row change with its own audit chain (one per party: a thousand registrants never contend). */
async function commitRegistration(caller: Caller, tenant: string, next: Registration, previousRevision: number, action: string): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  projectStore.stageRegistration(uow, tenant, next, previousRevision);
  await uow.audit(tenant, 'registration', auditId(next.projectId, next.code), action, next);
  await uow.commit();
}

function publicRegistration(r: Registration) {
  return { projectId: r.projectId, code: r.code, party: r.party, status: r.status, registeredAt: r.registeredAt, withdrawnAt: r.withdrawnAt, quoteCommitment: r.quoteCommitment, quote: r.quote };
}

export const handler = httpHandler(registrationRoutes, {
  async register({ params, body, caller }) {
    const code = callerAgency(caller);
    const receivedAt = Date.now();
    const project = await loadProject(params.tenant, params.id);
    const party: Party = body.consortiumMembers ? { kind: 'consortium', lead: code, members: body.consortiumMembers } : { kind: 'agency', uscc: code };
    const existing = await projectStore.registration(params.tenant, params.id, code);
    // The clock that decides is the one read when the request arrived (before any read above could delay it).
    const eligibility = await eligibilityOf(project, party, new Date(receivedAt));
    const outcome = register(project, party, { now: new Date(receivedAt), eligibility, existing: existing ? [existing] : [] });
    if (!outcome.created) return { status: 200, body: publicRegistration(outcome.registration) };
    try {
      await commitRegistration(caller, params.tenant, outcome.registration, existing?.revision ?? 0, existing ? 'registration.renewed' : 'registration.registered');
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      // The same agency's other request won the race: that one is its registration.
      const winner = await mine(params.tenant, params.id, code);
      if (winner.status === 'registered') return { status: 200, body: publicRegistration(winner) };
      throw error;
    }
    if (Date.now() >= epochMsOf(project.registration!.closesAt) + CLOSE_GRACE_MS) {
      // Stored too late for the close to be sure to read it: refuse and withdraw rather than leave it unseen.
      const stored = await mine(params.tenant, params.id, code);
      await commitRegistration(caller, params.tenant, { ...stored, status: 'withdrawn', withdrawnAt: formatShanghaiInstant(Date.now()) }, stored.revision, 'registration.withdrawn-stored-after-close');
      throw problems.conflict('registration.closed', '报名已截止（写入未能在截止时完成）', 'Registration closed before the registration could be stored', { closesAt: project.registration!.closesAt });
    }
    return { status: 201, body: publicRegistration(outcome.registration) };
  },

  async getMyRegistration({ params, caller }) {
    return { body: publicRegistration(await mine(params.tenant, params.id, callerAgency(caller))) };
  },

  async withdrawRegistration({ params, caller }) {
    const code = callerAgency(caller);
    const now = new Date();
    const project = await loadProject(params.tenant, params.id);
    const stored = await mine(params.tenant, params.id, code);
    const next = withdraw(project, stored, { now });
    if (next !== stored) await commitRegistration(caller, params.tenant, next, stored.revision, 'registration.withdrawn');
    return { body: publicRegistration(next) };
  },

  async commitQuote({ params, body, caller }) {
    const code = callerAgency(caller);
    const now = new Date();
    const project = await loadProject(params.tenant, params.id);
    const stored = await mine(params.tenant, params.id, code);
    const next = commitQuote(project, stored, body.commitment, { now });
    await commitRegistration(caller, params.tenant, next, stored.revision, 'registration.quote-committed');
    return { body: publicRegistration(next) };
  },

  async revealQuote({ params, body, caller }) {
    const code = callerAgency(caller);
    const project = await loadProject(params.tenant, params.id);
    const stored = await mine(params.tenant, params.id, code);
    const revealBy = project.closing?.revealBy;
    if (!revealBy) throw problems.conflict('quote.reveal-too-early', '报名截止后才能开启报价', 'A quote is revealed after registration closes', { status: project.status });
    if (!project.closing!.pool.includes(code)) throw problems.conflict('quote.not-in-pool', '本机构不在合格候选池中', 'This agency is not in the eligible pool');
    const next = revealQuote(project, stored, body, { now: new Date(), revealBy });
    if (next !== stored) await commitRegistration(caller, params.tenant, next, stored.revision, 'registration.quote-revealed');
    return { body: publicRegistration(next) };
  },

  async fileObjection({ params, body, caller }) {
    const code = callerAgency(caller);
    const project = await loadProject(params.tenant, params.id);
    const registration = await projectStore.registration(params.tenant, params.id, code);
    const objection = fileObjection(project, registration, body.grounds, { now: new Date(), id: `OBJ-${[...randomBytes(8)].map((b) => '0123456789ABCDEFGHJKLMNPQRTUWXY'[b % 31]).join('')}` });
    const uow = new UnitOfWork(actorOf(caller));
    projectStore.stageObjection(uow, params.tenant, objection, true);
    await uow.audit(params.tenant, 'project', params.id, 'project.objection-filed', objection);
    await uow.commit();
    return { status: 201, body: objection };
  },

});
