// Strategy: the local cloud's one AWS-compatible endpoint, driven by the real AWS SDK v3 clients the
// way a developer's AWS CLI would (and by the AWS CLI itself when it is installed): it lists what was
// synthesized, accepts PutEvents, and runs a scheduled rule on demand.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { call, endpoint, eventually, JIEYANG, localCloudOnly } from './helpers.ts';

const config = () => ({ endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const });

describe('the AWS endpoint lists what was synthesized', () => {
  it('tables, buckets, queues, state machines and rules of both cities and the province', async () => {
    const tables = (await new DynamoDBClient(config()).send(new ListTablesCommand({}))).TableNames ?? [];
    expect(tables.some((t) => t.startsWith('Ism-City-445200'))).toBe(true);
    expect(tables.some((t) => t.startsWith('Ism-City-440500'))).toBe(true);
    expect(tables.some((t) => t.startsWith('Ism-Province-440000'))).toBe(true);
    const buckets = (await new S3Client({ ...config(), forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets ?? [];
    expect(buckets.filter((b) => b.Name?.startsWith('ism-city-445200')).length).toBeGreaterThanOrEqual(2);
    const queues = (await new SQSClient(config()).send(new ListQueuesCommand({}))).QueueUrls ?? [];
    expect(queues.length).toBeGreaterThanOrEqual(4);
    const machines = (await new SFNClient(config()).send(new ListStateMachinesCommand({}))).stateMachines ?? [];
    expect(machines.length).toBe(2);
    const rules = (await new EventBridgeClient(config()).send(new ListRulesCommand({ EventBusName: 'ism-province-440000' }))).Rules ?? [];
    expect(rules.length).toBeGreaterThanOrEqual(2);
  });

  it('accepts PutEvents on a city bus', async () => {
    const out = await new EventBridgeClient(config()).send(new PutEventsCommand({ Entries: [{ EventBusName: 'ism-city-445200', Source: 'test.integration', DetailType: 'Probe', Detail: '{"ok":true}' }] }));
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.[0].EventId).toBeTruthy();
  });

  localCloudOnly()('runs the scheduled housekeeping rule on demand, and /v1/health then reports the heartbeat', async () => {
    const rules = (await new EventBridgeClient(config()).send(new ListRulesCommand({}))).Rules ?? [];
    const housekeeping = rules.find((r) => r.Name?.includes('445200-housekeeping') && r.ScheduleExpression);
    expect(housekeeping).toBeDefined();
    const res = await fetch(`${endpoint()}/_local/rules/${encodeURIComponent(housekeeping!.Name!)}/trigger`, { method: 'POST' });
    expect(res.status).toBe(202);
    const detail = await eventually(async () => {
      const health = await call(JIEYANG, 'GET', '/v1/health');
      return String(health.body.checks.scheduler.detail).includes('last ran') ? health.body.checks.scheduler.detail : undefined;
    });
    expect(detail).toMatch(/housekeeping last ran \d{4}-/);
  });

  const cli = async (...args: string[]) => (await promisify(execFile)('aws', ['--endpoint-url', endpoint(), '--region', 'cn-northwest-1', '--output', 'json', ...args], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } })).stdout;
  const hasCli = async () => promisify(execFile)('aws', ['--version']).then(() => true, () => false);

  it('answers the AWS CLI (when the CLI is installed on this machine)', async () => {
    if (!(await hasCli())) {
      console.warn('aws CLI not installed: the CLI check is skipped; the SDK checks above cover the same API');
      return;
    }
    expect(JSON.parse(await cli('dynamodb', 'list-tables')).TableNames.length).toBeGreaterThanOrEqual(3);
    expect(await cli('s3', 'ls')).toContain('ism-city-445200');
    expect(JSON.parse(await cli('stepfunctions', 'list-state-machines')).stateMachines.length).toBe(2);
    expect(JSON.parse(await cli('sqs', 'list-queues')).QueueUrls.length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(await cli('events', 'put-events', '--entries', JSON.stringify([{ EventBusName: 'ism-city-445200', Source: 'cli', DetailType: 'Probe', Detail: '{}' }]))).FailedEntryCount).toBe(0);
  });
});
