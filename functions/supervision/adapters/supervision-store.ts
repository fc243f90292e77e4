import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { creditKeys, projectKeys } from '#shared/store/keys.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import { consistentGet, listByIndex } from '#shared/store/query.ts';
import { pad, tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { Inspector } from '../domain/inspector.ts';
import type { CreditProfileRow, CreditRestrictionRow, SpotCheck } from '../domain/spot-check.ts';

/**
 * Supervision rows of the city table. Inspectors like experts (`CURRENT` + immutable `V#nnnnnn`, a roster through
 * gsi1); a spot check is one `CURRENT` row written over its version, its secret seed beside it until the draw
 * reveals it (as a project's `DRAW-SECRET`). Keys start with the tenant code.
 */
export const supervisionKeys = {
  inspector: (tenant: string, id: string) => ({ pk: `${tenant}#INSPECTOR#${id}`, sk: 'CURRENT' }),
  inspectorVersion: (tenant: string, id: string, version: number) => ({ pk: `${tenant}#INSPECTOR#${id}`, sk: `V#${pad(version, 6)}` }),
  inspectorIndex: (tenant: string, id: string) => ({ gsi1pk: `${tenant}#INSPECTORS`, gsi1sk: id }),
  spotCheck: (tenant: string, id: string) => ({ pk: `${tenant}#SPOT-CHECK#${id}`, sk: 'CURRENT' }),
  spotCheckIndex: (tenant: string, id: string) => ({ gsi1pk: `${tenant}#SPOT-CHECKS`, gsi1sk: id }),
  spotCheckSecret: (tenant: string, id: string) => ({ pk: `${tenant}#SPOT-CHECK#${id}`, sk: 'DRAW-SECRET' }),
};

const versioned = (version: number) => (version === 1 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :previous', values: { ':previous': version - 1 } });

export const inspectorStore = {
  async get(tenant: string, id: string): Promise<Inspector | undefined> {
    const item = await consistentGet(supervisionKeys.inspector(tenant, id));
    return item ? (withoutKeys(item) as Inspector) : undefined;
  },
  list: (tenant: string) => listByIndex<Inspector>(supervisionKeys.inspectorIndex(tenant, '').gsi1pk),
  stage(uow: UnitOfWork, inspector: Inspector): void {
    uow.put({ ...supervisionKeys.inspector(inspector.tenant, inspector.id), ...supervisionKeys.inspectorIndex(inspector.tenant, inspector.id), ...inspector }, versioned(inspector.version));
    uow.put({ ...supervisionKeys.inspectorVersion(inspector.tenant, inspector.id, inspector.version), ...inspector }, { expression: 'attribute_not_exists(pk)' });
  },
};

export const spotCheckStore = {
  async get(tenant: string, id: string): Promise<SpotCheck | undefined> {
    const item = await consistentGet(supervisionKeys.spotCheck(tenant, id));
    return item ? (withoutKeys(item) as unknown as SpotCheck) : undefined;
  },
  list: (tenant: string) => listByIndex<SpotCheck>(supervisionKeys.spotCheckIndex(tenant, '').gsi1pk),
  stage(uow: UnitOfWork, check: SpotCheck): void {
    uow.put({ ...supervisionKeys.spotCheck(check.tenant, check.id), ...supervisionKeys.spotCheckIndex(check.tenant, check.id), ...check }, versioned(check.version));
  },
  async seed(tenant: string, id: string): Promise<string | undefined> {
    return (await consistentGet(supervisionKeys.spotCheckSecret(tenant, id)))?.seed as string | undefined;
  },
  stageSeed(uow: UnitOfWork, tenant: string, id: string, seed: string, commitment: string): void {
    uow.put({ ...supervisionKeys.spotCheckSecret(tenant, id), seed, commitment }, { expression: 'attribute_not_exists(pk)' });
  },
};

/** The credit context's rows for one agency (absent rows: no record). */
export async function creditRowsOf(province: string, uscc: string): Promise<{ profile?: CreditProfileRow; restriction?: CreditRestrictionRow }> {
  const [profile, restriction] = await Promise.all([consistentGet(creditKeys.profile(province, uscc)), consistentGet(creditKeys.restriction(province, uscc))]);
  return { ...(profile ? { profile: profile as CreditProfileRow } : {}), ...(restriction ? { restriction: restriction as CreditRestrictionRow } : {}) };
}

/**
 * What the red-flag rules read of a project (functions/supervision/domain/red-flags.ts), and nothing else: a project
 * row carries its history, ranking, transcripts and texts, which a year of projects would read for nothing. The
 * tenant's list through gsi1 (as projectStore.list), with a projection.
 */
const RED_FLAG_FIELDS = [
  'id', 'tenant', 'status', 'ownerId', 'fundingType', 'budgetFen', 'serviceItem', 'tradingMode', 'selectionMethod', 'registrationWindowWorkingDays',
  'registration', 'submittedAt', 'publishedAt', 'closing.pool', 'closing.excluded', 'closing.closedAt', 'award.rounds', 'evaluationDue', 'evaluation.at', 'service',
];

export async function projectsForRedFlags(tenant: string): Promise<Project[]> {
  const names: Record<string, string> = {};
  const alias = (segment: string) => {
    const key = `#${segment}`;
    names[key] = segment;
    return key;
  };
  const projection = RED_FLAG_FIELDS.map((path) => path.split('.').map(alias).join('.')).join(', ');
  const out: Project[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': projectKeys.listIndex(tenant, '').gsi1pk },
      ProjectionExpression: projection, ExpressionAttributeNames: names, ExclusiveStartKey,
    }));
    out.push(...(page.Items ?? []).map((i) => i as unknown as Project));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}
