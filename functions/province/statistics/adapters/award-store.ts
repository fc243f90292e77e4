import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws-clients.ts';
import { consistentGet } from '#shared/store/query.ts';
import { provinceKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { ProvinceAward } from '../domain/award.ts';

/** The province's awarded projects (`${province}#AWARD#${projectId}`), listed by award day through gsi1. */
export const awardStore = {
  async get(province: string, projectId: string): Promise<ProvinceAward | undefined> {
    const item = await consistentGet(provinceKeys.award(province, projectId));
    return item ? (withoutKeys(item) as ProvinceAward) : undefined;
  },

  /** Over the revision it was folded from: two deliveries racing cannot both write (the loser is retried). */
  stage(uow: UnitOfWork, province: string, award: ProvinceAward, previousRevision: number | undefined): void {
    uow.put({ ...provinceKeys.award(province, award.projectId), ...provinceKeys.awardIndex(province, award.awardedOn, award.projectId), ...award },
      previousRevision === undefined ? { expression: 'attribute_not_exists(pk)' } : { expression: 'revision = :previous', values: { ':previous': previousRevision } });
  },

  /** The awards published from `from` to `to` (Shanghai days, included; either open). */
  async between(province: string, period: { from?: string; to?: string }): Promise<ProvinceAward[]> {
    const { gsi1pk } = provinceKeys.awardIndex(province, '', '');
    const range = period.from && period.to ? 'gsi1sk BETWEEN :from AND :to' : period.from ? 'gsi1sk >= :from' : period.to ? 'gsi1sk <= :to' : undefined;
    const out: ProvinceAward[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(new QueryCommand({
        TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: `gsi1pk = :pk${range ? ` AND ${range}` : ''}`,
        // `~` sorts after `#` and every id character: the whole last day is included.
        ExpressionAttributeValues: { ':pk': gsi1pk, ...(period.from ? { ':from': period.from } : {}), ...(period.to ? { ':to': `${period.to}~` } : {}) },
        ExclusiveStartKey,
      }));
      out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as ProvinceAward));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  },
};
