/**
 * The province's copy of every city's project summaries (ProjectSummarized), kept with the very rows and accumulators
 * the cities keep (functions/disclosure/statistics/adapters/summary-store.ts: the summary, then its month's and day's
 * accumulators recomputed by `refreshMonth` after the summary commits), so that the province's statistics are the
 * cities' own fold over the same rows. Beside them, one row per (month, tenant) lists who has summaries in a month:
 * the tenants of a period.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { provinceKeys } from '#shared/store/keys.ts';
import { tableName } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { summaryStore } from '#functions/disclosure/statistics/adapters/summary-store.ts';
import type { ProjectSummary } from '#functions/disclosure/statistics/domain/summary.ts';

export const summaryMonths = {
  /** The summary (newer versions only, summaryStore.stage) and its month's tenant row; the accumulators follow the commit. */
  stage(uow: UnitOfWork, province: string, summary: ProjectSummary): void {
    summaryStore.stage(uow, summary);
    uow.put({ ...provinceKeys.statsTenant(province, summary.month, summary.tenant), tenant: summary.tenant, city: summary.city, month: summary.month });
  },

  /** After the commit (and again on any redelivery): the month's and the day's accumulators from the month's summaries. */
  refresh: (summary: Pick<ProjectSummary, 'tenant' | 'month' | 'day'>) => summaryStore.refreshMonth(summary.tenant, summary.month, summary.day),

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
