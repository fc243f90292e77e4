import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { projectKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';
import { PUBLIC_STATUSES } from '#functions/procurement/project-views.ts';

/**
 * The portal's own reads, bounded so a page costs the same with 50 projects or 50,000: a tenant's projects come from
 * gsi1 newest first (project ids start with the tenant and the submission day), a page at a time, with only the
 * fields a list shows (the whole record stays for the project's own page, read through the procurement store).
 */
export type ProjectSummary = Pick<Project, 'id' | 'tenant' | 'name' | 'status' | 'serviceItem' | 'budgetFen' | 'selectionMethod' | 'publishedAt' | 'registration' | 'sandbox'> & {
  award?: Pick<NonNullable<Project['award']>, 'rounds' | 'confirmedAt'> & { ranking: { code: string; quoteFen?: number }[] };
  history: Project['history'];
};

const SUMMARY_FIELDS = ['id', 'tenant', '#name', '#status', 'serviceItem', 'budgetFen', 'selectionMethod', 'publishedAt', 'registration', 'sandbox', 'award.rounds', 'award.confirmedAt', 'award.ranking', '#history'];
const NAMES = { '#name': 'name', '#status': 'status', '#history': 'history' };

export interface SummaryPage {
  items: ProjectSummary[];
  /** Opaque: where the next page starts (gsi1's last evaluated key). */
  nextCursor?: string;
}

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A cursor this tenant's list handed out, or undefined: anything else (forged, another tenant's) starts from the top. */
function decodeCursor(cursor: string | undefined, tenant: string): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const ok = Object.keys(key).sort().join() === 'gsi1pk,gsi1sk,pk,sk' && Object.values(key).every((v) => typeof v === 'string')
      && key.gsi1pk === projectKeys.listIndex(tenant, '').gsi1pk && (key.pk as string).startsWith(`${tenant}#PROJECT#`);
    return ok ? (key as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Public projects of a tenant, newest submission first, `limit` per page; `status` keeps one status. DynamoDB filters
 * after reading, so a page reads until it has `limit` public projects or 10 × `limit` rows, whichever comes first.
 */
export async function projectSummaries(tenant: string, opts: { limit: number; status?: string; cursor?: string }): Promise<SummaryPage> {
  const items: ProjectSummary[] = [];
  let start = decodeCursor(opts.cursor, tenant);
  let read = 0;
  const statuses = opts.status ? [opts.status].filter((s) => PUBLIC_STATUSES.has(s)) : [...PUBLIC_STATUSES];
  if (statuses.length === 0) return { items };
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), IndexName: 'gsi1', ScanIndexForward: false, Limit: opts.limit, ExclusiveStartKey: start,
      KeyConditionExpression: 'gsi1pk = :pk', FilterExpression: `#status IN (${Object.keys(values).join(', ')})`,
      ProjectionExpression: [...SUMMARY_FIELDS, 'pk', 'sk', 'gsi1pk', 'gsi1sk'].join(', '), ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':pk': projectKeys.listIndex(tenant, '').gsi1pk, ...values },
    }));
    read += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      if (items.length === opts.limit) break;
      items.push(withoutKeys(item) as ProjectSummary);
      start = { pk: item.pk, sk: item.sk, gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk };
    }
    if (items.length < opts.limit) start = page.LastEvaluatedKey as Record<string, string> | undefined;
  } while (start && items.length < opts.limit && read < opts.limit * 10);
  return { items, ...(start ? { nextCursor: encodeCursor(start) } : {}) };
}
