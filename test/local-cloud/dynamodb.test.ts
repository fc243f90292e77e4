// Strategy: DynamoDB Local (Java) is started from a table spec behind a Gateway on a random port,
// with a temporary state folder, and driven by the real SDK v3 clients (DynamoDBClient and the
// document client) through the gateway. Java starts three times in this file — fresh, restarted
// without reset (data kept, a GSI added to the spec is created), restarted with reset (data gone) —
// so the suite takes a few seconds; everything else reuses the running emulator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb, type LocalDynamoDb } from '../../lib/local-cloud/dynamodb.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { arn, LOCAL_REGION, type TableSpec } from '../../lib/local-cloud/model.ts';

jest.setTimeout(60_000);

const TABLE: TableSpec = {
  stack: 'test', logicalId: 'Projects', name: 'projects', arn: arn.table('projects'),
  keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  attributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' }, { AttributeName: 'gsi1sk', AttributeType: 'S' },
  ],
  globalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
  timeToLiveAttribute: 'expiresAt',
};
// The same table after a GSI was added to the CDK app.
const TABLE_V2: TableSpec = {
  ...TABLE,
  attributeDefinitions: [...TABLE.attributeDefinitions, { AttributeName: 'status', AttributeType: 'S' }],
  globalSecondaryIndexes: [...TABLE.globalSecondaryIndexes!, { IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
};

let stateDir: string;
let gateway: Gateway;
let dynamo: LocalDynamoDb | undefined;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;

async function start(tables: TableSpec[], reset: boolean): Promise<void> {
  await dynamo?.stop();
  dynamo = await startDynamoDb({ stateDir, tables, reset });
  gateway.register(dynamo.service);
}

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-dynamodb-'));
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  await gateway.listen();
  client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${gateway.port}`, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  doc = DynamoDBDocumentClient.from(client);
  await start([TABLE], true);
});
afterAll(async () => {
  client.destroy();
  await dynamo?.stop();
  await gateway.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

test('tables are created as specified: keys, GSIs, TTL, on-demand billing', async () => {
  expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['projects']);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: 'projects' }));
  expect(Table?.KeySchema).toEqual(TABLE.keySchema);
  expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['gsi1']);
  expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'projects' }));
  expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
});

test('put, get and query (table and GSI) through the gateway', async () => {
  const items = [
    { pk: 'TENANT#445200', sk: 'PROJECT#001', gsi1pk: 'STATUS#open', gsi1sk: '2025-01-02', title: '揭阳 造价咨询' },
    { pk: 'TENANT#445200', sk: 'PROJECT#002', gsi1pk: 'STATUS#open', gsi1sk: '2025-01-01', title: '榕城 环评' },
    { pk: 'TENANT#440500', sk: 'PROJECT#001', gsi1pk: 'STATUS#closed', gsi1sk: '2025-01-03', title: '汕头 测绘' },
  ];
  for (const Item of items) await doc.send(new PutCommand({ TableName: 'projects', Item }));
  const got = await doc.send(new GetCommand({ TableName: 'projects', Key: { pk: 'TENANT#445200', sk: 'PROJECT#001' } }));
  expect(got.Item?.title).toBe('揭阳 造价咨询');
  const inTenant = await doc.send(new QueryCommand({ TableName: 'projects', KeyConditionExpression: 'pk = :t', ExpressionAttributeValues: { ':t': 'TENANT#445200' } }));
  expect(inTenant.Items?.map((i) => i.sk)).toEqual(['PROJECT#001', 'PROJECT#002']);
  const open = await doc.send(new QueryCommand({ TableName: 'projects', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :s', ExpressionAttributeValues: { ':s': 'STATUS#open' } }));
  expect(open.Items?.map((i) => i.gsi1sk)).toEqual(['2025-01-01', '2025-01-02']);
});

test('data survives a restart without reset, and a GSI added to the spec is created', async () => {
  await doc.send(new PutCommand({ TableName: 'projects', Item: { pk: 'KEEP', sk: 'ME', status: 'kept' } }));
  await start([TABLE_V2], false);
  expect((await doc.send(new GetCommand({ TableName: 'projects', Key: { pk: 'KEEP', sk: 'ME' } }))).Item?.status).toBe('kept');
  const { Table } = await client.send(new DescribeTableCommand({ TableName: 'projects' }));
  expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['by-status', 'gsi1']);
  const byStatus = await doc.send(new QueryCommand({ TableName: 'projects', IndexName: 'by-status', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'kept' } }));
  expect(byStatus.Items).toEqual([{ pk: 'KEEP', sk: 'ME', status: 'kept' }]);
});

test('a restart with reset starts from empty tables', async () => {
  await start([TABLE], true);
  expect((await doc.send(new GetCommand({ TableName: 'projects', Key: { pk: 'KEEP', sk: 'ME' } }))).Item).toBeUndefined();
  expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['projects']);
});

test('without Java the error says how to install it', async () => {
  const attempt = startDynamoDb({ stateDir: path.join(stateDir, 'no-java'), tables: [], reset: true, java: '/nonexistent/bin/java' });
  await expect(attempt).rejects.toThrow(/install Java 17\+: apt-get install openjdk-17-jre-headless/);
});
