/**
 * OCDS release rows (open data), one per project stage, written once by the disclosure projector when the stage
 * happens (a stage's release is never rewritten: `attribute_not_exists`), read by the open-data API:
 *
 *   pk `<tenant>#OCDS#<projectId>`  sk `RELEASE#<stage>`       — a project's releases (its record), read consistently
 *   gsi1pk `<city>#OCDS-RELEASES`   gsi1sk `<date UTC>#<id>`   — every release of the city's tenants by release date:
 *                                                                the `since` change feed is one range query on it
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { Release, StageRelease } from '../domain/mapping.ts';

export const releaseKeys = {
  release: (tenant: string, projectId: string, stage: string) => ({ pk: `${tenant}#OCDS#${projectId}`, sk: `RELEASE#${stage}` }),
  feed: (city: string, date: string, id: string) => ({ gsi1pk: `${city}#OCDS-RELEASES`, gsi1sk: `${new Date(date).toISOString()}#${id}` }),
};

export interface StoredRelease {
  id: string;
  projectId: string;
  tenant: string;
  stage: string;
  date: string;
  release: Release;
  storedAt: string;
}

export const releaseStore = {
  /** Writes the stage's release unless it exists. True when written now. */
  async putIfAbsent(city: string, tenant: string, projectId: string, r: StageRelease, storedAt: string): Promise<boolean> {
    try {
      await dynamo().send(new PutCommand({
        TableName: tableName(),
        Item: { ...releaseKeys.release(tenant, projectId, r.stage), ...releaseKeys.feed(city, r.date, r.id), id: r.id, projectId, tenant, stage: r.stage, date: r.date, release: r.release, storedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },

  async ofProject(tenant: string, projectId: string): Promise<StoredRelease[]> {
    const pk = releaseKeys.release(tenant, projectId, '').pk;
    const out: StoredRelease[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(new QueryCommand({
        TableName: tableName(), ConsistentRead: true, ExclusiveStartKey,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': 'RELEASE#' },
      }));
      out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as StoredRelease));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id.localeCompare(b.id));
  },

  /**
   * One page of the city's feed in release-date order, strictly after `after` (a feed sort key) or from `since`.
   * Returns the rows and the sort key of the last one (the next cursor) when more may follow.
   */
  async feedPage(city: string, o: { since?: string; after?: string; limit: number }): Promise<{ rows: StoredRelease[]; last?: string }> {
    const pk = `${city}#OCDS-RELEASES`;
    const lower = o.after ?? (o.since ? new Date(o.since).toISOString() : undefined);
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), IndexName: 'gsi1', Limit: o.limit,
      ...(lower
        ? { KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :lower', ExpressionAttributeValues: { ':pk': pk, ':lower': lower } }
        : { KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    }));
    const items = page.Items ?? [];
    const rows = items.map((i) => withoutKeys(i) as StoredRelease);
    const last = page.LastEvaluatedKey && items.length ? String(items.at(-1)!.gsi1sk) : undefined;
    return { rows, last };
  },
};
