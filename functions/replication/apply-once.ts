import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { platformKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import { UnitOfWork, WriteConflict } from '#shared/store/unit-of-work.ts';

/**
 * Idempotency on eventId (DESIGN section 7): the marker is written in the same transaction as the
 * effect, conditioned on its absence. Returns false when the event had been applied before. Markers are kept under the
 * replica's scope (REPLICA_SCOPE: the city, or the province for the province's read models).
 */
export async function applyOnce(eventId: string, apply: (uow: UnitOfWork) => Promise<void>): Promise<boolean> {
  const scope = requireEnv(ENV.replicaScope);
  const marker = platformKeys.appliedEvent(scope, eventId);
  const seen = await dynamo().send(new GetCommand({ TableName: tableName(), Key: marker, ConsistentRead: true }));
  if (seen.Item) return false;
  const uow = new UnitOfWork({ sub: 'replication', role: 'system', tenant: scope });
  await apply(uow);
  uow.put({ ...marker, appliedAt: uow.at }, { expression: 'attribute_not_exists(pk)' });
  try {
    await uow.commit();
    return true;
  } catch (error) {
    // A concurrent delivery of the same event won the race: that is an applied event, not a failure.
    if (error instanceof WriteConflict && (await dynamo().send(new GetCommand({ TableName: tableName(), Key: marker, ConsistentRead: true }))).Item) return false;
    throw error;
  }
}
