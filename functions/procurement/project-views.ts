import type { Project } from './domain/project/project.ts';

/** Statuses anyone may see: from publication on (a draft or a request under review is the owner's business). */
export const PUBLIC_STATUSES = new Set(['published', 'closed', 'failed', 'selecting', 'awarded', 'confirmed', 'contracted', 'in-service', 'completed', 'evaluated']);

/**
 * 公开: what the announcement, the result notice and the open data show — never the task token, the operators'
 * flags, the return history or who acted (clerks' account ids). The pool and the excluded registrants are public
 * from close on (they are the draw's input); before close, who registered is not disclosed.
 */
export function publicProjectView(p: Project) {
  return {
    id: p.id, tenant: p.tenant, name: p.name, status: p.status, sandbox: p.sandbox,
    serviceItem: p.serviceItem, ownerId: p.ownerId, fundingType: p.fundingType, budgetFen: p.budgetFen,
    serviceContent: p.serviceContent, serviceTimeLimitWorkingDays: p.serviceTimeLimitWorkingDays,
    qualificationRequirements: p.qualificationRequirements, tradingMode: p.tradingMode, selectionMethod: p.selectionMethod,
    registrationWindowWorkingDays: p.registrationWindowWorkingDays, priceFloorFen: p.priceFloorFen, directOffer: p.directOffer,
    sealedQuotes: p.sealedQuotes, bestValueWeights: p.bestValueWeights,
    publishedAt: p.publishedAt, registration: p.registration, draw: p.draw,
    closing: p.closing,
    scoring: p.scoring && { drawnAt: p.scoring.drawnAt, dueAt: p.scoring.dueAt, panelSize: p.scoring.scorers.length },
    award: p.award && {
      method: p.award.method, ranking: p.award.ranking, excludedFromSelection: p.award.excludedFromSelection, rounds: p.award.rounds,
      excluded: p.award.excluded, confirmedAt: p.award.confirmedAt, certificate: p.award.certificate,
      contract: p.award.contract && { due: p.award.contract.due, signedAt: p.award.contract.signedAt, amountFen: p.award.contract.amountFen, overdue: Boolean(p.award.contract.overdueRecordedAt) },
    },
    service: p.service, evaluation: p.evaluation && { quality: p.evaluation.quality, attitude: p.evaluation.attitude, feeReasonableness: p.evaluation.feeReasonableness, comment: p.evaluation.comment, at: p.evaluation.at },
    history: p.history.map(({ by: _by, ...t }) => t),
  };
}

/** The owner's and operators' view: everything but the task token. */
export function privateProjectView(p: Project) {
  const { pendingTask, ...rest } = p;
  return { ...rest, ...(pendingTask ? { waitingFor: { step: pendingTask.step, since: pendingTask.since } } : {}) };
}
