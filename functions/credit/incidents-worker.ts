/**
 * System credit records (DESIGN §6). Trigger: SQS (the city's `credit` queue, fed by a rule on the city bus with
 * this city's `ProcurementIncident` and `ServiceEvaluated` events; DLQ after five receives). Input: the EventBridge
 * event. Effect, once per eventId (applyOnce: the marker commits with the effect): an abandoned award, a contract
 * not signed in time, a late service or an upheld objection becomes a record of the policy's kind; an abandonment
 * that makes N in a year (policy `abandonmentsBeforeRestriction`) adds a repeated-abandonment record; an evaluation
 * is a service-evaluation record (source social: the social component, province-wide), and one below the policy's
 * threshold also a poor-evaluation record. Each record goes out as `CreditRecorded` to every city. Failures are reported per message.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { effectivePolicy } from '#functions/tenancy/effective-policy.ts';
import type { CreditKind } from '#functions/tenancy/domain/policy/credit-policy.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { applyOnce } from '../replication/apply-once.ts';
import { creditStore } from './adapters/credit-store.ts';
import { city, creditPolicy, province, recordIdFor, stageConsequences, stageRecordChanges } from './credit-service.ts';
import { isPoorEvaluation, reachesRepeatedAbandonment } from './domain/profile.ts';
import { type CreditRecord, newRecord } from './domain/record.ts';

interface Incident { kind: string; agency: string; projectId: string; tenant: string; at?: string; zh: string }
interface Evaluated { projectId: string; agency?: string; quality: number; attitude: number; feeReasonableness: number }

const INCIDENT_KINDS: Record<string, CreditKind> = {
  'award-abandoned': 'abandoned-award', 'contract-overdue': 'contract-overdue', 'service-late': 'service-late', 'objection-upheld': 'objection-upheld',
};

async function systemRecord(detail: EventDetail, uscc: string, kind: CreditKind, facts: string, projectId: string, now: Date, originKey = detail.eventId, evaluation?: CreditRecord['evaluation']): Promise<CreditRecord> {
  const agency = await agencyStore.get(province(), uscc);
  return newRecord({
    id: recordIdFor(uscc, originKey), province: province(), uscc, agencyName: agency?.name ?? uscc, source: evaluation ? 'social' : 'system', kind, facts,
    issuedBy: { tenant: detail.tenant, city: city(), sub: 'system:credit', role: 'system' }, origin: { projectId, eventId: detail.eventId }, ...(evaluation ? { evaluation } : {}),
  }, await creditPolicy(), now);
}

export async function recordIncident(detail: EventDetail<Incident>, uow: UnitOfWork): Promise<void> {
  const data = detail.data;
  const kind = INCIDENT_KINDS[data.kind];
  if (!kind || !data.agency) {
    logger.warn('procurement incident without a credit kind or an agency; ignored', { kind: data.kind });
    return;
  }
  const now = new Date(uow.at);
  const record = await systemRecord(detail, data.agency, kind, `${data.zh}（项目 ${data.projectId}）`, data.projectId, now);
  const changes = [{ record, previous: undefined, action: 'credit.recorded', auditData: record }];
  if (kind === 'abandoned-award') {
    const threshold = (await effectivePolicy(data.tenant)).policy.abandonmentsBeforeRestriction;
    const records = [...(await creditStore.records(province(), data.agency)), record];
    if (reachesRepeatedAbandonment(records, threshold, now)) {
      const repeated = await systemRecord(detail, data.agency, 'repeated-abandonment', `一年内放弃中选 ${threshold} 次及以上（最近一次：项目 ${data.projectId}）`, data.projectId, now, `${detail.eventId}#repeated`);
      changes.push({ record: repeated, previous: undefined, action: 'credit.recorded', auditData: repeated });
    }
  }
  await stageRecordChanges(uow, changes);
}

export async function recordEvaluation(detail: EventDetail<Evaluated>, uow: UnitOfWork): Promise<void> {
  const e = detail.data;
  if (!e.agency) return;
  const now = new Date(uow.at);
  const scores = `质量 ${e.quality}、态度 ${e.attitude}、收费 ${e.feeReasonableness}（平均 ${((e.quality + e.attitude + e.feeReasonableness) / 3).toFixed(2)} / 5，项目 ${e.projectId}）`;
  // The evaluation itself travels as a record (the social component, the same in every city) …
  const evaluated = await systemRecord(detail, e.agency, 'service-evaluation', `服务评价：${scores}`, e.projectId, now, `${detail.eventId}#evaluation`,
    { projectId: e.projectId, quality: e.quality, attitude: e.attitude, feeReasonableness: e.feeReasonableness });
  const changes = [{ record: evaluated, previous: undefined, action: 'credit.recorded', auditData: evaluated }];
  // … and a poor one is also a record of the platform (服务质量不达标).
  if (isPoorEvaluation(e, await creditPolicy())) {
    const poor = await systemRecord(detail, e.agency, 'poor-evaluation', `服务评价差：${scores}`, e.projectId, now);
    changes.push({ record: poor, previous: undefined, action: 'credit.recorded', auditData: poor });
  }
  await stageRecordChanges(uow, changes);
}

interface BusEvent { 'detail-type': string; detail: EventDetail }

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      try {
        const bus = JSON.parse(message.body) as BusEvent;
        const apply = bus['detail-type'] === 'ProcurementIncident' ? recordIncident : bus['detail-type'] === 'ServiceEvaluated' ? recordEvaluation : undefined;
        if (!apply) continue;
        const applied = await applyOnce(`credit#${bus.detail.eventId}`, (uow) => apply(bus.detail as EventDetail<never>, uow));
        logger.info(applied ? 'credit event applied' : 'credit event already applied', { detailType: bus['detail-type'], eventId: bus.detail.eventId });
      } catch (error) {
        logger.error('credit event not applied; will be retried', error as Error);
        batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures };
  });
