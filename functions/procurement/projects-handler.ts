/**
 * Procurement API for owners, operators and regulators (routes in ./routes.ts `projectRoutes`). Owners submit and
 * answer their human steps (choice, contract, completion, evaluation); operators review, enter expert scores and
 * decide objections. Every change is one transaction (project row over its version + audit entry + events); a step
 * the timeline waits for is then answered with the stored task token (project-service.ts `wakeTimeline`).
 */
import { authorize } from '#shared/auth/authorize.ts';
import { actorOf, type Caller } from '#shared/auth/caller.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { createUpload } from '#shared/documents/presigned-upload.ts';
import { documentKey } from '#shared/documents/upload-request.ts';
import { verifyUpload } from '#shared/documents/verify-upload.ts';
import { DetailType } from '#shared/events/detail-types.ts';
import { httpHandler } from '#shared/http/http-handler.ts';
import { pageOf } from '#shared/http/pagination.ts';
import { DomainError, problems } from '#shared/http/problems.ts';
import { UnitOfWork, withConflictRetry } from '#shared/store/unit-of-work.ts';
import { projectKeys } from '#shared/store/keys.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { visibleItem } from '#functions/catalog/visible-items.ts';
import { recordSubmission, type ScoreSubmission } from '#functions/experts/domain/score-aggregation.ts';
import { ownerStore } from '#functions/owners/adapters/owner-store.ts';
import { formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { commitmentOf, newSeed } from './domain/draw/ism-draw-1.ts';
import { drawOf } from './draw-transcripts.ts';
import { currentRound, recordCompletion, recordContract, recordEvaluation, substituteWinner } from './domain/award/award.ts';
import { decideObjection } from './domain/award/objection.ts';
import { approvePurchaseRequest, resubmitPurchaseRequest, returnPurchaseRequest, submitPurchaseRequest } from './domain/project/index.ts';
import type { Project } from './domain/project/project.ts';
import { projectStore } from './adapters/project-store.ts';
import { voidAwardCertificate } from './certificate-void.ts';
import { callerAgency, commitProject, eligibilityOf, loadProject, province, randomCodeOf, startTimeline, timeContext, wakeTimeline } from './project-service.ts';
import { summarizeEvaluations } from './domain/evaluation/agency-evaluations.ts';
import { PUBLIC_STATUSES, privateProjectView, publicProjectView } from './project-views.ts';
import { projectRoutes } from './routes.ts';

const newProjectId = (tenant: string, now: Date) => {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `${tenant}-${day}-${randomCodeOf(6)}`;
};

/** The owner an owner-role caller acts for (its clerk account says which); refused for anyone else. */
async function callerOwnerId(caller: Caller, tenant: string): Promise<string> {
  await authorize(caller, 'project.submit', tenant, tenantStore);
  const account = await ownerStore.account(caller.tenant!, caller.sub);
  const ownerId = (account as { ownerId?: string } | undefined)?.ownerId;
  if (!ownerId || account?.status !== 'active') throw problems.forbidden({ zh: '账号不是项目业主的经办人', en: 'the account is not a clerk of an owner' });
  return ownerId;
}

/** The project, for its own owner's clerk only. */
async function ownersProject(caller: Caller, tenant: string, id: string): Promise<Project> {
  const ownerId = await callerOwnerId(caller, tenant);
  const project = await loadProject(tenant, id);
  if (project.ownerId !== ownerId) throw problems.forbidden({ zh: `账号不是项目 ${id} 业主的经办人`, en: `the account is not a clerk of the owner of project ${id}` });
  return project;
}

async function privateProject(caller: Caller, tenant: string, id: string): Promise<Project> {
  if (caller.role === 'owner') return ownersProject(caller, tenant, id);
  await authorize(caller, 'project.read-private', tenant, tenantStore);
  return loadProject(tenant, id);
}

async function publicProject(tenant: string, id: string): Promise<Project> {
  if (!(await tenantStore.get(tenant))) throw problems.tenantNotFound(tenant);
  const project = await projectStore.get(tenant, id);
  if (!project || !PUBLIC_STATUSES.has(project.status)) throw problems.notFound({ zh: `采购项目 ${id}`, en: `Project ${id}` });
  return project;
}

async function submitContext(caller: Caller, tenant: string, body: { serviceItem: { tenant: string; code: string } }, now: Date) {
  const t = await timeContext(tenant, now);
  const item = await visibleItem(tenant, body.serviceItem.code).catch((e: unknown) => {
    if (e instanceof DomainError && e.status === 404) return undefined;
    throw e;
  });
  const ownerId = await callerOwnerId(caller, tenant);
  const owner = await ownerStore.get(tenant, ownerId);
  return { tenant: { code: tenant, sandbox: t.tenant.sandbox }, policy: t.policy, item, calendar: t.calendar, now, owner: { id: ownerId, ...(owner ? { fundingTypes: owner.fundingTypes, status: owner.status } : {}) } };
}

/** 审核通过 → 发布: the ISM-DRAW-1 seed is drawn now and only its commitment published; the timeline starts. */
async function approve(caller: Caller, project: Project): Promise<Project> {
  const now = new Date();
  const t = await timeContext(project.tenant, now);
  let approved = approvePurchaseRequest(project, { now, operator: { id: caller.sub }, policy: t.policy, calendar: t.calendar, tenant: t.tenant });
  const seed = newSeed();
  const draw = { commitment: commitmentOf(seed), beacon: '' };
  if (approved.tradingMode === 'direct-purchase') {
    // 直购: no window — the offer's agency is the only party, registered at publication and checked again at close.
    approved = { ...approved, registration: { opensAt: approved.publishedAt!, closesAt: approved.publishedAt!, deadline: { at: approved.publishedAt!, rule: 'direct-purchase' } as never } };
  }
  const stored = await commitProject(actorOf(caller), project, { ...approved, draw, timeline: { executionName: `project-${project.id}`, startedAt: now.toISOString() } }, {
    action: 'project.published', data: { publishedAt: approved.publishedAt, registration: approved.registration, draw },
    events: [{ type: DetailType.ProjectPublished, data: { projectId: project.id, name: project.name, serviceItem: project.serviceItem, method: project.selectionMethod, budgetFen: project.budgetFen, closesAt: approved.registration?.closesAt, commitment: draw.commitment } }],
  }, async (uow) => {
    projectStore.stageDrawSecret(uow, project.tenant, project.id, { seed, commitment: draw.commitment, createdAt: now.toISOString() });
    if (approved.tradingMode === 'direct-purchase') {
      const party = { kind: 'agency' as const, uscc: approved.directOffer!.agencyUscc };
      const eligibility = await eligibilityOf(approved, party, now);
      if (!eligibility.qualifies) throw new DomainError(422, 'direct-purchase.agency-not-eligible', `直购的机构不符合条件：${eligibility.reasons.map((r) => r.zh).join('；')}`, `The direct-purchase agency is not eligible: ${eligibility.reasons.map((r) => r.en).join('; ')}`);
      const registration = { projectId: project.id, code: party.uscc, party, status: 'registered' as const, registeredAt: approved.publishedAt! };
      projectStore.stageRegistration(uow, project.tenant, registration, 0);
    }
  });
  await startTimeline(stored);
  return stored;
}

/** Owner steps: change, store, and wake the timeline if it waits for this step. */
async function ownerStep(caller: Caller, tenant: string, id: string, steps: string[], change: (p: Project) => Promise<Project> | Project, action: string, events: (p: Project) => { type: DetailType; data: unknown }[] = () => [], extra?: (uow: UnitOfWork, p: Project) => void) {
  const stored = await withConflictRetry(async () => {
    const project = await ownersProject(caller, tenant, id);
    const next = await change(project);
    return commitProject(actorOf(caller), project, next, { action, events: events(next) }, extra && ((uow) => extra(uow, next)));
  });
  await wakeTimeline(stored, steps);
  return { body: privateProjectView(stored) };
}

async function winnerStep(caller: Caller, project: Project, code: string, reason: string) {
  const round = currentRound(project);
  if (!round || round.ended || round.code !== code || !['awarded', 'confirmed'].includes(project.status)) {
    throw problems.conflict('abandon.not-winner', '本机构不是本项目当前的中选机构', 'This agency is not the current winner of the project', { status: project.status });
  }
  const t = await timeContext(project.tenant);
  const next = substituteWinner(project, 'abandoned', `中选机构放弃：${reason}`, t);
  if (project.status === 'confirmed') await voidAwardCertificate(project, `中选机构放弃中选：${reason}`);
  const at = formatShanghaiInstant(Date.now());
  const after = currentRound(next);
  return commitProject(actorOf(caller), project, next, {
    action: 'project.award-abandoned', data: { agency: code, reason },
    events: [
      { type: DetailType.ProcurementIncident, data: { kind: 'award-abandoned', agency: code, projectId: project.id, tenant: project.tenant, at, zh: `放弃中选：${reason}`, en: `Abandoned the award: ${reason}` } },
      next.status === 'failed'
        ? { type: DetailType.ProcurementFailed, data: { projectId: project.id, reason: next.history.at(-1)?.reasons?.[0] } }
        : { type: DetailType.AwardPublished, data: { projectId: project.id, round: after!.round, agency: after!.code, publicityEndsAt: after!.publicity.dueAt, substituted: code } },
    ],
  });
}

export const handler = httpHandler(projectRoutes, {
  async submitPurchaseRequest({ params, body, caller }) {
    const now = new Date();
    const ctx = await submitContext(caller, params.tenant, body, now);
    const project = submitPurchaseRequest(body, { ...ctx, projectId: newProjectId(params.tenant, now) });
    const stored = await commitProject(actorOf(caller), undefined, project, { action: 'project.submitted', data: project });
    return { body: privateProjectView(stored), headers: { location: `/v1/tenants/${params.tenant}/projects/${project.id}` } };
  },

  async listProjects({ params, query }) {
    if (!(await tenantStore.get(params.tenant))) throw problems.tenantNotFound(params.tenant);
    const views = (await projectStore.list(params.tenant))
      .filter((p) => PUBLIC_STATUSES.has(p.status) && (!query.status || p.status === query.status))
      .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id.localeCompare(a.id))
      .map(publicProjectView);
    return { body: pageOf(views, query.limit, query.cursor) };
  },

  async getProject({ params }) {
    return { body: publicProjectView(await publicProject(params.tenant, params.id)) };
  },

  async getProjectRecord({ params, caller }) {
    return { body: privateProjectView(await privateProject(caller, params.tenant, params.id)) };
  },

  async resubmitPurchaseRequest({ params, body, caller }) {
    const stored = await withConflictRetry(async () => {
      const project = await ownersProject(caller, params.tenant, params.id);
      const ctx = await submitContext(caller, params.tenant, body, new Date());
      return commitProject(actorOf(caller), project, { ...resubmitPurchaseRequest(project, body, ctx), version: project.version }, { action: 'project.resubmitted' });
    });
    return { body: privateProjectView(stored) };
  },

  async reviewPurchaseRequest({ params, body, caller }) {
    await authorize(caller, 'project.review', params.tenant, tenantStore);
    const project = await loadProject(params.tenant, params.id);
    if (body.decision === 'approve') return { body: privateProjectView(await approve(caller, project)) };
    const returned = returnPurchaseRequest(project, body.reasons, { now: new Date(), operator: { id: caller.sub } });
    return { body: privateProjectView(await commitProject(actorOf(caller), project, returned, { action: 'project.returned', data: { reasons: body.reasons } })) };
  },

  async listRegistrations({ params, caller }) {
    const project = await privateProject(caller, params.tenant, params.id);
    if (caller.role === 'owner' && project.status === 'published') {
      throw problems.forbidden({ zh: '报名截止前不公开报名机构', en: 'who registered is not disclosed before the deadline' });
    }
    const items = await projectStore.registrations(params.tenant, params.id);
    // Before close nobody reads a quote (there is only a commitment anyway); the salt is never stored.
    return { body: { items } };
  },

  async getDraw({ params }) {
    return { body: await drawOf(await publicProject(params.tenant, params.id)) };
  },

  async getAward({ params }) {
    const project = await publicProject(params.tenant, params.id);
    if (!project.award) throw problems.notFound({ zh: `项目 ${params.id} 的中选公示`, en: `The award notice of project ${params.id}` });
    const round = currentRound(project)!;
    const secret = await projectStore.drawSecret(project.tenant, project.id);
    return {
      body: {
        projectId: project.id, status: project.status, winner: round.ended ? null : round.code, round: round.round,
        publicity: round.publicity, method: project.award.method, ranking: project.award.ranking,
        excludedFromSelection: project.award.excludedFromSelection, excludedAfterAward: project.award.excluded, rounds: project.award.rounds,
        pool: project.closing?.pool, poolHash: project.closing?.poolHash, excludedAtClose: project.closing?.excluded,
        // ISM-DRAW-1 step 5: the seed is published with the award notice.
        draw: project.draw && { ...project.draw, seed: secret?.seed }, certificate: project.award.certificate,
      },
    };
  },

  async chooseDirectly({ params, body, caller }) {
    return ownerStep(caller, params.tenant, params.id, ['await-choice'], (p) => {
      if (p.status !== 'selecting' || p.selectionMethod !== 'direct' || p.tradingMode === 'direct-purchase') throw problems.conflict('choice.not-open', '本项目当前不能直接选取', 'This project is not waiting for a direct choice', { status: p.status });
      if (p.choice) throw problems.conflict('choice.made', '业主已经选取', 'The owner has already chosen', { choice: p.choice.code });
      if (!p.closing?.pool.includes(body.agencyUscc)) throw problems.conflict('choice.not-in-pool', `${body.agencyUscc} 不在合格候选池中`, `${body.agencyUscc} is not in the eligible pool`);
      return { ...p, choice: { code: body.agencyUscc, reason: body.reason, by: caller.sub, at: new Date().toISOString() } };
    }, 'project.chosen');
  },

  async submitScores({ params, body, caller }) {
    await authorize(caller, 'project.score', params.tenant, tenantStore);
    const project = await loadProject(params.tenant, params.id);
    if (project.status !== 'selecting' || !project.scoring) throw problems.conflict('scores.not-open', '本项目当前不在评分阶段', 'This project is not being scored', { status: project.status });
    const current = await projectStore.scores<ScoreSubmission>(params.tenant, params.id);
    const submission = { scorerId: body.scorerId, scores: body.scores, submittedAt: new Date().toISOString() };
    recordSubmission(current, submission, { scorers: project.scoring.scorers, pool: project.closing!.pool, deadline: project.scoring.dueAt, now: new Date() });
    const uow = new UnitOfWork(actorOf(caller));
    projectStore.stageScores(uow, params.tenant, params.id, body.scorerId, submission as unknown as Record<string, unknown>);
    await uow.audit(params.tenant, 'project', params.id, 'project.scores-entered', { scorerId: body.scorerId, scores: body.scores });
    await uow.commit();
    const complete = current.filter((s) => s.scorerId !== body.scorerId).length + 1 >= project.scoring.scorers.length;
    if (complete) await wakeTimeline(await loadProject(params.tenant, params.id), ['await-scores']);
    return { body: { accepted: true, scorerId: body.scorerId, complete } };
  },

  async listObjections({ params, caller }) {
    await privateProject(caller, params.tenant, params.id);
    return { body: { items: await projectStore.objections(params.tenant, params.id) } };
  },

  async decideObjection({ params, body, caller }) {
    await authorize(caller, 'project.decide-objection', params.tenant, tenantStore);
    const stored = await withConflictRetry(async () => {
      const project = await loadProject(params.tenant, params.id);
      const objection = (await projectStore.objections(params.tenant, params.id)).find((o) => o.id === params.objectionId);
      if (!objection) throw problems.notFound({ zh: `质疑 ${params.objectionId}`, en: `Objection ${params.objectionId}` });
      if (caller.role === 'operator' && objection.status === 'escalated') throw problems.forbidden({ zh: '质疑已移交监管部门', en: 'the objection was escalated to the regulator' });
      if (caller.role === 'regulator' && objection.status === 'open') throw problems.forbidden({ zh: '质疑由运营机构先行答复', en: 'the operator answers an objection first' });
      const decided = decideObjection(objection, { upheld: body.upheld, reason: body.reason, by: caller.sub, role: caller.role }, { now: new Date() });
      let next = project;
      const events: { type: DetailType; data: unknown }[] = [];
      const round = currentRound(project);
      if (decided.status === 'upheld' && round && !round.ended && round.code === objection.against) {
        const t = await timeContext(params.tenant);
        next = substituteWinner(project, 'objection-upheld', `质疑成立：${body.reason}`, t);
        events.push({ type: DetailType.ProcurementIncident, data: { kind: 'objection-upheld', agency: objection.against, projectId: project.id, tenant: project.tenant, at: decided.decision!.at, zh: '质疑成立，中选资格被取消', en: 'Objection upheld: the award was withdrawn' } });
        const after = currentRound(next);
        events.push(next.status === 'failed'
          ? { type: DetailType.ProcurementFailed, data: { projectId: project.id, reason: next.history.at(-1)?.reasons?.[0] } }
          : { type: DetailType.AwardPublished, data: { projectId: project.id, round: after!.round, agency: after!.code, publicityEndsAt: after!.publicity.dueAt, substituted: objection.against } });
      }
      return commitProject(actorOf(caller), project, next, { action: `project.objection-${decided.status}`, data: decided, events }, (uow) => projectStore.stageObjection(uow, params.tenant, decided, false));
    });
    await wakeTimeline(stored, ['await-objection-decision']);
    return { body: { project: privateProjectView(stored) } };
  },

  async requestContractUpload({ params, body, caller }) {
    const project = await ownersProject(caller, params.tenant, params.id);
    if (project.status !== 'confirmed') throw problems.conflict('contract.not-due', '项目尚未确认中选，不能上传合同', 'The award is not confirmed: no contract yet', { status: project.status });
    const upload = await createUpload({ bucket: requireEnv(ENV.documentsBucket), tenant: params.tenant, owner: { kind: 'project', id: params.id }, kind: 'contract', contentType: body.contentType, size: body.sizeBytes, sha256: body.sha256 });
    const uow = new UnitOfWork(actorOf(caller));
    uow.put({ ...projectKeys.current(params.tenant, params.id), sk: `DOC#${upload.documentId}`, documentId: upload.documentId, key: upload.key, sha256: body.sha256.toLowerCase(), size: body.sizeBytes, contentType: body.contentType, filename: body.filename });
    await uow.audit(params.tenant, 'project', params.id, 'project.contract-upload-requested', { documentId: upload.documentId, sha256: body.sha256, size: body.sizeBytes });
    await uow.commit();
    return { body: upload };
  },

  async recordContract({ params, body, caller }) {
    await ownersProject(caller, params.tenant, params.id); // who may, before anything is looked up
    const doc = await projectStore.document(params.tenant, params.id, body.documentId);
    if (!doc) throw problems.notFound({ zh: `合同文件 ${body.documentId}`, en: `Contract document ${body.documentId}` });
    const verified = await verifyUpload({ bucket: requireEnv(ENV.documentsBucket), key: doc.key, expected: { contentType: doc.contentType, size: doc.size, sha256: doc.sha256 }, maxBytes: 20 * 1024 * 1024 });
    return ownerStep(caller, params.tenant, params.id, ['await-contract'], (p) => recordContract(p, { documentId: body.documentId, sha256: verified.sha256, amountFen: body.amountFen }, caller.sub, { now: new Date() }),
      'project.contract-signed', (p) => [{ type: DetailType.ContractSigned, data: { projectId: p.id, agency: currentRound(p)?.code, amountFen: body.amountFen, signedAt: p.award?.contract?.signedAt } }]);
  },

  async recordCompletion({ params, caller }) {
    const t = await timeContext(params.tenant);
    return ownerStep(caller, params.tenant, params.id, ['await-completion'], (p) => recordCompletion(p, caller.sub, t), 'project.completed');
  },

  async recordEvaluation({ params, body, caller }) {
    return ownerStep(caller, params.tenant, params.id, ['await-evaluation'], (p) => recordEvaluation(p, { ...body, by: caller.sub }, { now: new Date() }),
      'project.evaluated', (p) => [{ type: DetailType.ServiceEvaluated, data: { projectId: p.id, agency: currentRound(p)?.code, quality: body.quality, attitude: body.attitude, feeReasonableness: body.feeReasonableness } }],
      // The agency's record, in the same transaction: the public aggregate and later best-value selections read it.
      (uow, p) => projectStore.stageAgencyEvaluation(uow, province(), {
        uscc: currentRound(p)!.code, projectId: p.id, tenant: p.tenant, serviceItem: { code: p.serviceItem.code, name: p.serviceItem.name },
        quality: body.quality, attitude: body.attitude, feeReasonableness: body.feeReasonableness, ...(body.comment ? { comment: body.comment } : {}), at: p.evaluation!.at,
      }));
  },

  async getAgencyEvaluations({ params }) {
    return { body: summarizeEvaluations(params.uscc, await projectStore.agencyEvaluations(province(), params.uscc)) };
  },
  async abandonAward({ params, body, caller }) {
    const code = callerAgency(caller);
    const stored = await withConflictRetry(async () => winnerStep(caller, await loadProject(params.tenant, params.id), code, body.reason));
    await wakeTimeline(stored, ['await-contract']);
    return { body: privateProjectView(stored) };
  },
});
