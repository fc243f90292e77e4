/**
 * Statistics rows (统计分析), precomputed by the disclosure projector so that a period's statistics are a few reads:
 *
 *   pk `<tenant>#STATS#<YYYY-MM>`  sk `P#<projectId>`  — a project's summary (functions/…/domain/summary.ts), in the
 *                                                        month it was published in; newer project versions only
 *   pk `<tenant>#STATS#<YYYY-MM>`  sk `AGG`            — the month's accumulator (the fold of its summaries) and `rev`
 *   pk `<tenant>#STATS#<YYYY-MM>`  sk `DAY#<YYYY-MM-DD>` — one day's accumulator, for the partial months of a period
 *
 * The month's accumulator is recomputed from its summaries after each summary write (a month holds hundreds of
 * projects at most) and written over the `rev` it read: two projectors racing on one month cannot leave it stale,
 * because each reads `AGG` after its own summary write and only one of two writes over the same `rev` succeeds (the
 * loser reads again). A period is then: the accumulators of its whole months, plus the summaries of the partial
 * months at its ends (functions/disclosure/statistics/city-statistics.ts) — at most 31 rows per month, however many projects.
 */
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { tableName } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { foldSummaries, type StatsAccumulator } from '../domain/fold.ts';
import type { ProjectSummary } from '../domain/summary.ts';

export const statsKeys = {
  summary: (tenant: string, month: string, projectId: string) => ({ pk: `${tenant}#STATS#${month}`, sk: `P#${projectId}` }),
  month: (tenant: string, month: string) => ({ pk: `${tenant}#STATS#${month}`, sk: 'AGG' }),
  day: (tenant: string, day: string) => ({ pk: `${tenant}#STATS#${day.slice(0, 7)}`, sk: `DAY#${day}` }),
  /** When a summary of the month was last stored (with it, in one transaction): the accumulators are stale before a refresh after it. */
  dirty: (tenant: string, month: string) => ({ pk: `${tenant}#STATS#${month}`, sk: 'DIRTY' }),
};

async function monthRows(tenant: string, month: string, consistent: boolean): Promise<ProjectSummary[]> {
  const out: ProjectSummary[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), ConsistentRead: consistent, ExclusiveStartKey,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': statsKeys.month(tenant, month).pk, ':p': 'P#' },
      ProjectionExpression: 'summary',
    }));
    out.push(...(page.Items ?? []).map((i) => i.summary as ProjectSummary));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export const summaryStore = {
  async get(tenant: string, month: string, projectId: string): Promise<ProjectSummary | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: statsKeys.summary(tenant, month, projectId), ConsistentRead: true }))).Item;
    return item?.summary as ProjectSummary | undefined;
  },

  /**
   * The summary over an older version (or none): the caller's transaction fails when a newer one is stored. The month
   * is marked dirty in the same transaction, so a refresh lost to a crash is made up on the event's retry (isStale).
   */
  stage(uow: UnitOfWork, s: ProjectSummary): void {
    uow.put(
      { ...statsKeys.summary(s.tenant, s.month, s.projectId), version: s.version, summary: s },
      { expression: 'attribute_not_exists(pk) OR version < :v', values: { ':v': s.version } },
    );
    uow.put({ ...statsKeys.dirty(s.tenant, s.month), at: new Date().toISOString() });
  },

  /** Whether a summary was stored in the month after its accumulators were last recomputed. */
  async isStale(tenant: string, month: string): Promise<boolean> {
    const get = async (key: { pk: string; sk: string }) => (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
    const [dirty, agg] = await Promise.all([get(statsKeys.dirty(tenant, month)), get(statsKeys.month(tenant, month))]);
    return Boolean(dirty) && (!agg || String(agg.updatedAt) < String(dirty!.at));
  },

  monthSummaries: (tenant: string, month: string) => monthRows(tenant, month, false),

  /**
   * Recomputes the month's accumulator and `day`'s from the month's summaries, both in one transaction over the month's
   * `rev`; retries when another projector wrote them meanwhile.
   */
  async refreshMonth(tenant: string, month: string, day: string): Promise<StatsAccumulator> {
    for (let attempt = 1; ; attempt++) {
      const key = statsKeys.month(tenant, month);
      const current = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
      const rev = Number(current?.rev ?? 0);
      const summaries = await monthRows(tenant, month, true);
      const acc = foldSummaries(summaries);
      const updatedAt = new Date().toISOString();
      try {
        await dynamo().send(new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(), Item: { ...key, tenant, month, rev: rev + 1, acc, updatedAt },
                ...(current ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': rev } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            { Put: { TableName: tableName(), Item: { ...statsKeys.day(tenant, day), tenant, day, acc: foldSummaries(summaries.filter((x) => x.day === day)), updatedAt } } },
          ],
        }));
        return acc;
      } catch (error) {
        const conflict = (error as Error).name === 'TransactionCanceledException' || (error as Error).name === 'ConditionalCheckFailedException';
        if (!conflict || attempt >= 8) throw error;
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  },

  /** The day accumulators of one tenant's month from `fromDay` to `toDay` (both included). */
  async dayAccumulators(tenant: string, fromDay: string, toDay: string): Promise<StatsAccumulator[]> {
    const out: StatsAccumulator[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(new QueryCommand({
        TableName: tableName(), ExclusiveStartKey, ProjectionExpression: 'acc',
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': statsKeys.day(tenant, fromDay).pk, ':a': statsKeys.day(tenant, fromDay).sk, ':b': statsKeys.day(tenant, toDay).sk },
      }));
      out.push(...(page.Items ?? []).map((i) => i.acc as StatsAccumulator));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  },

  /** The stored accumulators of these (tenant, month) pairs; a month with no row is absent from the map. */
  async monthAccumulators(pairs: { tenant: string; month: string }[]): Promise<Map<string, StatsAccumulator>> {
    const out = new Map<string, StatsAccumulator>();
    for (let i = 0; i < pairs.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = pairs.slice(i, i + 100).map((p) => statsKeys.month(p.tenant, p.month));
      for (let round = 0; keys && keys.length && round < 10; round++) {
        const res = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys, ProjectionExpression: 'tenant, #m, acc', ExpressionAttributeNames: { '#m': 'month' } } } }));
        for (const item of res.Responses?.[tableName()] ?? []) out.set(`${item.tenant}|${item.month}`, item.acc as StatsAccumulator);
        keys = res.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  },
};
