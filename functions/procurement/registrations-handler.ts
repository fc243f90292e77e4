/**
 * Registration API for agencies (routes in ./routes.ts `registrationRoutes`): register (alone or as a consortium's
 * lead), withdraw, commit a sealed quote, reveal it after close, object to an award, abandon an award.
 *
 * The deadline (DESIGN §4): the server clock decides — API Gateway's, when the request arrived. A request that
 * arrived at `closesAt` or later is refused; a registration is stored as one row per party (conditional write: a
 * retry, or two requests of the same agency racing, store one row). The close waits `CLOSE_GRACE_MS` after the
 * deadline for writes in flight, sets a fence and reads the rows; after its write a handler answers 201 only when the
 * close will read (no fence yet) or did read (its code in the published pool or excluded list) its row, and otherwise
 * withdraws it and answers 409 — a registration is never answered 201 and missed, nor refused and drawn.
 */
import { actorOf, type Caller } from '#shared/auth/caller.ts';
import { httpHandler, type HttpRequest } from '#shared/http/http-handler.ts';
import { DomainError, problems } from '#shared/http/problems.ts';
import { UnitOfWork, WriteConflict } from '#shared/store/unit-of-work.ts';
import { fileObjection } from './domain/award/objection.ts';
import { register, withdraw, type Party, type Registration } from './domain/registration/registration.ts';
import { commitQuote, revealQuote } from './domain/registration/sealed-quote.ts';
import { projectStore } from './adapters/project-store.ts';
import { callerAgency, eligibilityOf, loadProject, randomCodeOf, withdrawStoredAfterClose } from './project-service.ts';
import { registrationRoutes } from './routes.ts';


const auditId = (projectId: string, code: string) => `${projectId}:${code}`;

/** How long a registration stored during the close waits for it (the close commits within milliseconds). */
const CLOSE_WAIT_MS = 8_000;

/**
 * After the write: will the close count this registration? No fence yet → the close has not begun reading, so it
 * will read the row (its read follows its fence, which follows this check). A fence → wait for the close to commit
 * and look: the row was read when its code is in the pool or among the excluded.
 */
async function seenByClose(tenant: string, id: string, code: string): Promise<boolean> {
  return (await closeView(tenant, id, code)) !== 'unseen';
}

/** 'pending': the close has not begun reading; 'seen' / 'unseen': it read the rows, and this party's was (not) among the registered. */
async function closeView(tenant: string, id: string, code: string): Promise<'pending' | 'seen' | 'unseen'> {
  const until = Date.now() + CLOSE_WAIT_MS;
  for (;;) {
    const project = await loadProject(tenant, id);
    if (!project.registrationFence) return 'pending';
    if (project.closing) return project.closing.pool.includes(code) || project.closing.excluded.some((e) => e.code === code) ? 'seen' : 'unseen';
    if (Date.now() > until) throw new DomainError(503, 'registration.close-in-progress', '报名截止处理中，请稍后查询本机构的报名结果', 'The close is in progress; check this agency\'s registration shortly', undefined, { retryAfterSeconds: 5 });
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function mine(tenant: string, id: string, code: string) {
  const row = await projectStore.registration(tenant, id, code);
  if (!row) throw problems.notFound({ zh: `本机构在项目 ${id} 的报名`, en: `This agency's registration for project ${id}` });
  return row;
}

/** A registration row change with its own audit chain (one per party: a thousand registrants never contend). */
async function commitRegistration(caller: Caller, tenant: string, next: Registration, previousRevision: number, action: string): Promise<void> {
  const uow = new UnitOfWork(actorOf(caller));
  projectStore.stageRegistration(uow, tenant, { ...next, storedAt: new Date().toISOString() }, previousRevision);
  await uow.audit(tenant, 'registration', auditId(next.projectId, next.code), action, next, { newChain: previousRevision === 0 });
  await uow.commit();
}

function publicRegistration(r: Registration) {
  return { projectId: r.projectId, code: r.code, party: r.party, status: r.status, registeredAt: r.registeredAt, withdrawnAt: r.withdrawnAt, quoteCommitment: r.quoteCommitment, quote: r.quote };
}

/** 报名 itself; the caller counts the request as in flight around it. */
async function registerCounted({ params, body, caller, receivedAt }: HttpRequest<Extract<(typeof registrationRoutes)[number], { operationId: 'register' }>>) {
  const code = callerAgency(caller);
  const party: Party = body.consortiumMembers ? { kind: 'consortium', lead: code, members: body.consortiumMembers } : { kind: 'agency', uscc: code };
  const [project, existing] = await Promise.all([loadProject(params.tenant, params.id), projectStore.registration(params.tenant, params.id, code)]);
  // The clock that decides is API Gateway's, when the request arrived (requestContext.timeEpoch): time spent
  // queued or reading here cannot make an agency late.
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
  if (!(await seenByClose(params.tenant, params.id, code))) {
    const stored = await mine(params.tenant, params.id, code);
    if (stored.status === 'registered') {
      await withdrawStoredAfterClose(params.tenant, stored, caller.sub).catch((error: unknown) => {
        if (!(error instanceof WriteConflict)) throw error; // the close's sweep withdrew it first
      });
    }
    throw problems.conflict('registration.closed', '报名已截止：本次报名写入时报名截止已在读取报名名单，未能计入', 'Registration closed while this registration was being stored; it was not counted', { closesAt: project.registration!.closesAt });
  }
  return { status: 201, body: publicRegistration(outcome.registration) };
}

export const handler = httpHandler(registrationRoutes, {
  async register(request) {
    const { params } = request;
    callerAgency(request.caller); // only an agency's request is counted
    // Counted first, before anything that can be slow, so that the close waits for this request (timeline-worker.ts).
    await projectStore.enterRegistration(params.tenant, params.id, 1);
    try {
      return await registerCounted(request);
    } finally {
      await projectStore.enterRegistration(params.tenant, params.id, -1);
    }
  },

  async getMyRegistration({ params, caller }) {
    return { body: publicRegistration(await mine(params.tenant, params.id, callerAgency(caller))) };
  },

  async withdrawRegistration({ params, caller, receivedAt }) {
    const code = callerAgency(caller);
    const now = new Date(receivedAt);
    const project = await loadProject(params.tenant, params.id);
    const stored = await mine(params.tenant, params.id, code);
    const next = withdraw(project, stored, { now });
    if (next === stored) return { body: publicRegistration(next) };
    await commitRegistration(caller, params.tenant, next, stored.revision, 'registration.withdrawn');
    if ((await closeView(params.tenant, params.id, code)) === 'seen') {
      // The close read the row while it was still registered: the registration stands (it is in the frozen pool).
      const now2 = await mine(params.tenant, params.id, code);
      await commitRegistration(caller, params.tenant, { ...stored, status: 'registered' }, now2.revision, 'registration.withdrawal-after-close-undone');
      throw problems.conflict('registration.closed', '报名已截止：撤回写入时报名名单已被读取，报名仍然有效', 'Registration closed while the withdrawal was being stored; the registration stands', { closesAt: project.registration!.closesAt });
    }
    return { body: publicRegistration(next) };
  },

  async commitQuote({ params, body, caller, receivedAt }) {
    const code = callerAgency(caller);
    const now = new Date(receivedAt);
    const project = await loadProject(params.tenant, params.id);
    const stored = await mine(params.tenant, params.id, code);
    const next = commitQuote(project, stored, body.commitment, { now });
    await commitRegistration(caller, params.tenant, next, stored.revision, 'registration.quote-committed');
    if ((await closeView(params.tenant, params.id, code)) !== 'pending') {
      // The close read the rows meanwhile: this commitment counts only if the row it read already carried it.
      const closed = await loadProject(params.tenant, params.id);
      const missed = closed.closing?.excluded.find((e) => e.code === code)?.reasons.some((r) => r.code === 'quote.not-committed');
      if (missed) throw problems.conflict('registration.closed', '报名已截止：报价承诺写入时报名名单已被读取，未能计入', 'Registration closed while the quote commitment was being stored; it was not counted', { closesAt: project.registration!.closesAt });
    }
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
    const objection = fileObjection(project, registration, body.grounds, { now: new Date(), id: `OBJ-${randomCodeOf(8)}` });
    const uow = new UnitOfWork(actorOf(caller));
    projectStore.stageObjection(uow, params.tenant, objection, true);
    await uow.audit(params.tenant, 'project', params.id, 'project.objection-filed', objection);
    await uow.commit();
    return { status: 201, body: objection };
  },

});
