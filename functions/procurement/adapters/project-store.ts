import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { creditKeys, projectKeys } from '#shared/store/keys.ts';
import { consistentGet, listByIndex } from '#shared/store/query.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { CreditRestriction } from '#functions/agencies/domain/matching.ts';
import type { Project } from '../domain/project/project.ts';
import type { Registration } from '../domain/registration/registration.ts';
import type { Objection } from '../domain/award/objection.ts';
import type { AgencyEvaluation } from '../domain/evaluation/agency-evaluations.ts';

/**
 * The procurement rows of one city table (keys in #shared/store/keys.ts). The project row is written only over the
 * version it was read at (`version = :previous`), so two writers racing on one project cannot both win; the
 * registrations are separate rows, so a thousand agencies registering at once never contend on the project row.
 */
async function partitionRows<T>(pk: string, prefix: string): Promise<T[]> {
  const out: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), ConsistentRead: true, ExclusiveStartKey,
      // DynamoDB refuses begins_with on an empty prefix: the whole partition is then just `pk = :pk`.
      ...(prefix
        ? { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix } }
        : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    }));
    out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as T));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export interface DrawSecret {
  seed: string;
  commitment: string;
  createdAt: string;
}

export const projectStore = {
  async get(tenant: string, id: string): Promise<Project | undefined> {
    const item = await consistentGet(projectKeys.current(tenant, id));
    return item ? (withoutKeys(item) as unknown as Project) : undefined;
  },

  list: (tenant: string) => listByIndex<Project>(projectKeys.listIndex(tenant, '').gsi1pk),

  /** The project as changed from `previousVersion` (0: new). The caller has set `project.version = previousVersion + 1`. */
  stage(uow: UnitOfWork, project: Project, previousVersion: number): void {
    uow.put(
      { ...projectKeys.current(project.tenant, project.id), ...projectKeys.listIndex(project.tenant, project.id), ...project },
      previousVersion === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :previous', values: { ':previous': previousVersion } },
    );
  },

  /**
   * Registration requests being handled: each raises the count first and lowers it last, so the close can wait for
   * requests that arrived in time and are not stored yet (a count stranded by a crashed handler holds it at most
   * until the close's limit).
   */
  async enterRegistration(tenant: string, id: string, delta: 1 | -1): Promise<void> {
    await dynamo().send(new UpdateCommand({
      TableName: tableName(), Key: projectKeys.inFlight(tenant, id),
      UpdateExpression: 'ADD n :d SET touchedAt = :now', ExpressionAttributeValues: { ':d': delta, ':now': Date.now() },
    }));
  },

  async registrationsInFlight(tenant: string, id: string): Promise<{ n: number; touchedAt: number }> {
    const item = await consistentGet(projectKeys.inFlight(tenant, id));
    return { n: Number(item?.n ?? 0), touchedAt: Number(item?.touchedAt ?? 0) };
  },

  registrations: (tenant: string, id: string) => partitionRows<Registration>(projectKeys.current(tenant, id).pk, 'REG#'),

  async registration(tenant: string, id: string, code: string): Promise<(Registration & { revision: number }) | undefined> {
    const item = await consistentGet(projectKeys.registration(tenant, id, code));
    return item ? (withoutKeys(item) as unknown as Registration & { revision: number }) : undefined;
  },

  /** A registration row over the revision it was read at (0: new), so a retry racing itself stores one row. */
  stageRegistration(uow: UnitOfWork, tenant: string, registration: Registration, previousRevision: number): void {
    uow.put(
      { ...projectKeys.registration(tenant, registration.projectId, registration.code), ...registration, revision: previousRevision + 1 },
      previousRevision === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'revision = :previous', values: { ':previous': previousRevision } },
    );
  },

  async drawSecret(tenant: string, id: string): Promise<DrawSecret | undefined> {
    const item = await consistentGet(projectKeys.drawSecret(tenant, id));
    return item ? (withoutKeys(item) as unknown as DrawSecret) : undefined;
  },

  stageDrawSecret(uow: UnitOfWork, tenant: string, id: string, secret: DrawSecret): void {
    uow.put({ ...projectKeys.drawSecret(tenant, id), ...secret }, { expression: 'attribute_not_exists(pk)' });
  },

  objections: (tenant: string, id: string) => partitionRows<Objection>(projectKeys.current(tenant, id).pk, 'OBJ#'),

  stageObjection(uow: UnitOfWork, tenant: string, objection: Objection, isNew: boolean): void {
    uow.put({ ...projectKeys.objection(tenant, objection.projectId, objection.id), ...objection }, isNew ? { expression: 'attribute_not_exists(pk)' } : undefined);
  },

  async document(tenant: string, id: string, documentId: string): Promise<{ key: string; sha256: string; size: number; contentType: string } | undefined> {
    const item = await consistentGet({ pk: projectKeys.current(tenant, id).pk, sk: `DOC#${documentId}` });
    return item as { key: string; sha256: string; size: number; contentType: string } | undefined;
  },

  /** An agency's evaluations kept in this city, all of them (tens to hundreds per agency). */
  agencyEvaluations: (province: string, uscc: string) => partitionRows<AgencyEvaluation>(projectKeys.agencyEvaluation(province, uscc, '').pk, ''),

  stageAgencyEvaluation(uow: UnitOfWork, province: string, evaluation: AgencyEvaluation): void {
    uow.put({ ...projectKeys.agencyEvaluation(province, evaluation.uscc, evaluation.projectId), ...evaluation }, { expression: 'attribute_not_exists(pk)' });
  },

  scores: <T>(tenant: string, id: string) => partitionRows<T>(projectKeys.current(tenant, id).pk, 'SCORE#'),

  stageScores(uow: UnitOfWork, tenant: string, id: string, expertId: string, submission: Record<string, unknown>): void {
    uow.put({ ...projectKeys.scores(tenant, id, expertId), ...submission });
  },
};

/**
 * 一地失信、全省受限: the restriction row the credit context keeps per agency. None → not restricted (the credit
 * context writes a row whenever a record restricts an agency, and removes the restriction when it lapses).
 */
export async function creditRestrictionOf(province: string, uscc: string): Promise<CreditRestriction> {
  const item = await consistentGet(creditKeys.restriction(province, uscc));
  if (!item || item.restricted !== true) return { restricted: false };
  const until = typeof item.until === 'string' ? item.until : undefined;
  if (until && Date.parse(until) <= Date.now()) return { restricted: false };
  return { restricted: true, reason: typeof item.reason === 'string' ? item.reason : undefined };
}
