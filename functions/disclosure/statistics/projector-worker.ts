/**
 * The disclosure projector: open data and statistics from the project events of this city. Trigger: SQS, the city's
 * `disclosure` queue (with its DLQ), fed by the rule `ism-<city>-disclosure` on the city bus with the project stage
 * events that originated here (PROJECT_STAGE_EVENTS: ProjectPublished, RegistrationClosed, ProcurementFailed,
 * SelectionMade, AwardPublished, AwardConfirmed, CertificateIssued, CertificateVoided, ContractSigned,
 * ServiceEvaluated).
 *
 * For each event it reads the project as stored now and
 *  1. writes the OCDS release of every stage reached and not yet written (ocds/domain/mapping.ts; a release, once
 *     written, never changes), dated when its stage happened, into the city-wide feed (ocds/adapters/release-store.ts);
 *  2. when the project's statistics summary changed, stores it (newer project versions only) with a
 *     `ProjectSummarized` event for the province's read model (outbox, one transaction), and recomputes the month's
 *     accumulator (statistics/adapters/summary-store.ts).
 * Both are functions of the stored project, so an event delivered twice, late or out of order changes nothing more;
 * an "applied" marker per eventId (kept 7 days) spares the work of a redelivery. A failure fails that message only
 * (ReportBatchItemFailures); after five receives it rests in the DLQ for redrive.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { DetailType } from '#shared/events/detail-types.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import { tableName } from '#shared/store/table.ts';
import { UnitOfWork, withConflictRetry, WriteConflict } from '#shared/store/unit-of-work.ts';
import { tenantStore } from '#shared/tenancy/tenant-store.ts';
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { catalogStore } from '#functions/catalog/adapters/catalog-store.ts';
import { ownerStore } from '#functions/owners/adapters/owner-store.ts';
import { maskPersonName } from '#functions/owners/domain/owner-views.ts';
import { projectStore } from '#functions/procurement/adapters/project-store.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import { calendarOf } from '#functions/tenancy/effective-policy.ts';
import { formatShanghaiInstant } from '#functions/tenancy/domain/calendar/local-date.ts';
import { clean, releasesOf, type MappingContext } from '../ocds/domain/mapping.ts';
import { releaseStore } from '../ocds/adapters/release-store.ts';
import { summarizeProject, type ProjectSummary } from './domain/summary.ts';
import { summaryStore } from './adapters/summary-store.ts';

interface BusEvent {
  id: string;
  source: string;
  'detail-type': string;
  detail: EventDetail<{ projectId?: string }>;
}

const ACTOR = { sub: 'system:disclosure', role: 'system' };

async function mappingContext(project: Project, province: string): Promise<MappingContext> {
  const [tenant, owner] = await Promise.all([tenantStore.get(project.tenant), ownerStore.get(project.tenant, project.ownerId)]);
  const codes = new Set<string>([...(project.closing?.pool ?? []), ...(project.closing?.excluded.map((e) => e.code) ?? []), ...(project.award?.rounds.map((r) => r.code) ?? [])]);
  const agencies = await Promise.all([...codes].map(async (c) => [c, (await agencyStore.get(province, c))?.name] as const));
  const item = await catalogStore.get(project.serviceItem.tenant, project.serviceItem.code);
  const person = owner?.kind === 'person';
  return {
    tenant: { code: project.tenant, name: tenant?.name ?? project.tenant },
    // Public fields only (owner-views.ts): a person's name masked and no number.
    owner: { id: project.ownerId, name: owner ? (person ? maskPersonName(owner.name) : owner.name) : project.ownerId, ...(owner?.uscc && !person ? { uscc: owner.uscc } : {}) },
    agencyNames: Object.fromEntries(agencies.filter(([, n]) => n).map(([c, n]) => [c, n!])),
    ...(item?.serviceType ? { serviceType: item.serviceType } : {}),
  };
}

/** The summary without what changes on every re-summary: equal means nothing to tell the province. */
const comparable = (s: ProjectSummary | undefined) => (s ? JSON.stringify({ ...s, version: 0, summarizedAt: '' }) : '');

type Projected = { releases: number; summary: 'written' | 'unchanged' | 'older' | 'none' };

export async function project(tenant: string, projectId: string): Promise<Projected> {
  const city = requireEnv(ENV.cityCode);
  const province = requireEnv(ENV.provinceCode);
  const p = await projectStore.get(tenant, projectId);
  if (!p?.publishedAt) return { releases: 0, summary: 'none' };
  const ctx = await mappingContext(p, province);
  const now = formatShanghaiInstant(Date.now());
  let written = 0;
  for (const r of releasesOf(p, ctx)) if (await releaseStore.putIfAbsent(city, tenant, projectId, { ...r, release: clean(r.release) }, now)) written += 1;

  const { calendar } = await calendarOf(tenant);
  const summary = summarizeProject(p, { province, serviceType: ctx.serviceType ?? 'other', calendar, now, agencyNames: ctx.agencyNames });
  if (!summary) return { releases: written, summary: 'none' };
  const stored = await summaryStore.get(tenant, summary.month, projectId);
  const settled = async (outcome: 'older' | 'unchanged'): Promise<Projected> => {
    // A retry after a crash between the summary's commit and the month's refresh: make the refresh up.
    if (await summaryStore.isStale(tenant, summary.month)) await summaryStore.refreshMonth(tenant, summary.month, summary.day);
    return { releases: written, summary: outcome };
  };
  if (stored && stored.version >= summary.version) return settled('older');
  if (comparable(stored) === comparable(summary)) return settled('unchanged');
  const uow = new UnitOfWork(ACTOR);
  summaryStore.stage(uow, summary);
  uow.event(DetailType.ProjectSummarized, tenant, { summary });
  try {
    await uow.commit();
  } catch (error) {
    // A newer version stored meanwhile is no failure; another transaction on the month's rows is retried (withConflictRetry).
    if (error instanceof WriteConflict && ((await summaryStore.get(tenant, summary.month, projectId))?.version ?? 0) >= summary.version) return settled('older');
    throw error;
  }
  await summaryStore.refreshMonth(tenant, summary.month, summary.day);
  return { releases: written, summary: 'written' };
}

const appliedKey = (city: string, eventId: string) => ({ pk: `${city}#DISCLOSURE-APPLIED#${eventId}`, sk: 'APPLIED' });

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    const city = requireEnv(ENV.cityCode);
    for (const record of event.Records) {
      try {
        const bus = JSON.parse(record.body) as BusEvent;
        const { eventId, tenant, data } = bus.detail ?? {};
        if (!eventId || !tenant || !data?.projectId) {
          logger.warn('not a project event; acknowledged', { detailType: bus['detail-type'] });
          continue;
        }
        const key = appliedKey(city, eventId);
        if ((await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item) continue;
        const projectId = data.projectId;
        const outcome = await withConflictRetry(() => project(tenant, projectId));
        await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...key, appliedAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 7 * 86_400 } }));
        logger.info('project disclosed', { detailType: bus['detail-type'], projectId: data.projectId, ...outcome });
      } catch (error) {
        logger.error('project not disclosed; will be retried', error as Error);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
