import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws-clients.ts';
import { tableName, withoutKeys } from './table.ts';

/** Every item of one gsi1 partition (a tenant's list: items, counties, accounts), all pages. */
export async function listByIndex<T>(gsi1pk: string): Promise<T[]> {
  const out: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({
      TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk }, ExclusiveStartKey,
    }));
    out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as T));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** One item by key, read consistently (a decision follows from it), keys included; undefined when absent. */
export async function consistentGet(key: { pk: string; sk: string }) {
  return (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}
