/**
 * The province's copy of every city's project summaries (ProjectSummarized), kept with the very rows and month
 * accumulators the cities keep (summary-store.ts of functions/disclosure/statistics), so that the province's
 * statistics are the cities' own fold over the same rows. The city refreshes a month's accumulator after its summary
 * commits; the province's replica writes it in the same transaction as the summary (applied once per event), over
 * the accumulator's `rev` read with the month's summaries — a concurrent write of the month makes it fail and retry.
 * Beside them, one row per (month, tenant) lists who has summaries in a month: the period's tenants.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { provinceKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { statsKeys, summaryStore } from '#functions/disclosure/statistics/adapters/summary-store.ts';
import { foldSummaries } from '#functions/disclosure/statistics/domain/fold.ts';
import type { ProjectSummary } from '#functions/disclosure/statistics/domain/summary.ts';

async function consistentMonth(tenant: string, month: string): Promise<ProjectSummary[]> {
  const out: ProjectSummary[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), ConsistentRead: true, ExclusiveStartKey, ProjectionExpression: 'summary',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': statsKeys.month(tenant, month).pk, ':p': 'P#' },
    }));
    out.push(...(page.Items ?? []).map((i) => i.summary as ProjectSummary));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export const summaryMonths = {
  /** The summary (newer versions only, summaryStore.stage), its month's accumulator over the `rev` read, and the month's tenant row. */
  async stage(uow: UnitOfWork, province: string, summary: ProjectSummary): Promise<void> {
    const { tenant, month } = summary;
    const key = statsKeys.month(tenant, month);
    const current = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
    const rows = (await consistentMonth(tenant, month)).filter((s) => s.projectId !== summary.projectId);
    const rev = Number(current?.rev ?? 0);
    summaryStore.stage(uow, summary);
    uow.put({ ...key, tenant, month, rev: rev + 1, acc: foldSummaries([...rows, summary]), updatedAt: uow.at },
      current ? { expression: 'rev = :rev', values: { ':rev': rev } } : { expression: 'attribute_not_exists(pk)' });
    uow.put({ ...provinceKeys.statsTenant(province, month, tenant), tenant, city: summary.city, month });
  },

  /** The tenants (with their city) that have summaries in these months. */
  async tenants(province: string, months: string[]): Promise<{ tenant: string; city: string }[]> {
    const found = new Map<string, string>();
    await Promise.all(months.map(async (month) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(new QueryCommand({
          TableName: tableName(), ExclusiveStartKey, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': provinceKeys.statsTenant(province, month, '').pk },
        }));
        for (const i of page.Items ?? []) found.set(i.tenant as string, i.city as string);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }));
    return [...found].map(([tenant, city]) => ({ tenant, city })).sort((a, b) => a.tenant.localeCompare(b.tenant));
  },
};
