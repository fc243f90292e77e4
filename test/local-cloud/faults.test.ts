// Strategy: the fault injector of the local cloud (lib/local-cloud/faults.ts) as a developer drives it — its
// control routes mounted on a Gateway on a random port, exactly as the local cloud mounts them — and as the
// cloud obeys it: a real local Lambda runtime (a tiny function in a worker thread that counts its calls) fails
// the selected function's invocations before they reach its sandbox, N times or until cleared, and an SQS event
// source feeding that function leaves the message in the dead-letter queue after maxReceiveCount; once the
// fault is cleared, StartMessageMoveTask redrives it and the function receives it, once, with the same body.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { createFaultInjector, FAULTS_PATH, type FaultInjector } from '../../lib/local-cloud/faults.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { createLambdaRuntime, LambdaInvokeError, type LambdaRuntime } from '../../lib/local-cloud/lambda.ts';
import { arn, LOCAL_REGION, type FunctionSpec, type QueueSpec } from '../../lib/local-cloud/model.ts';
import { createSqs, type LocalSqs } from '../../lib/local-cloud/sqs.ts';

jest.setTimeout(30_000);

const root = mkdtempSync(path.join(tmpdir(), 'ism-faults-'));
const received = path.join(root, 'received.log');
const code = path.join(root, 'code');
mkdirSync(code, { recursive: true });
writeFileSync(path.join(code, 'index.mjs'), `
  import { appendFileSync } from 'node:fs';
  let calls = 0;
  export const handler = async (event) => {
    calls++;
    for (const r of event.Records ?? []) appendFileSync(process.env.RECEIVED, r.body + '\\n');
    return { calls, batchItemFailures: [] };
  };
`);
const fn = (name: string): FunctionSpec => ({
  stack: 'Test', logicalId: name, name, arn: arn.function(name), codeDir: code, handler: 'index.handler', runtime: 'nodejs24.x',
  timeoutSeconds: 10, memoryMb: 256, environment: { RECEIVED: received },
});
const NAMES = ['ism-445200-inbox', 'ism-440500-inbox', 'ism-440500-catalog'];

let faults: FaultInjector;
let runtime: LambdaRuntime;
let gateway: Gateway;
let base: string;
const messages: string[] = [];

beforeAll(async () => {
  faults = createFaultInjector({ functionNames: NAMES, log: (m) => messages.push(m) });
  runtime = createLambdaRuntime({ functions: NAMES.map(fn), faults, baseEnv: { AWS_REGION: LOCAL_REGION }, logDir: path.join(root, 'logs'), log: (m) => messages.push(m) });
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  for (const r of faults.controlRoutes) gateway.control(r.method, r.path, r.handle);
  await gateway.listen();
  base = `http://127.0.0.1:${gateway.port}`;
});
afterEach(() => faults.clear());
afterAll(async () => {
  await runtime.stop();
  await gateway.close();
  rmSync(root, { recursive: true, force: true });
});

const control = async (method: string, body?: unknown, query = '') => {
  const res = await fetch(`${base}${FAULTS_PATH}${query}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const calls = async (name: string) => ((await runtime.invoke(name, {})) as { calls: number }).calls;
async function injected(name: string): Promise<LambdaInvokeError> {
  try {
    await runtime.invoke(name, {});
  } catch (error) {
    expect(error).toBeInstanceOf(LambdaInvokeError);
    return error as LambdaInvokeError;
  }
  throw new Error(`${name} was expected to fail`);
}

describe('the control route', () => {
  test('selects by name or suffix, lists, and clears one or all', async () => {
    const set = await control('POST', { function: '440500-inbox', failures: 'always' });
    expect(set.status).toBe(201);
    expect(set.body.faults).toEqual([{ function: 'ism-440500-inbox', failures: 'always', injected: 0, since: expect.any(String) }]);
    // A suffix shared by several functions selects each of them.
    expect((await control('POST', { function: 'inbox', failures: 2 })).body.faults.map((f: { function: string }) => f.function)).toEqual(['ism-445200-inbox', 'ism-440500-inbox']);
    expect((await control('GET')).body.faults).toEqual([
      expect.objectContaining({ function: 'ism-445200-inbox', failures: 2 }),
      expect.objectContaining({ function: 'ism-440500-inbox', failures: 2 }),
    ]);
    const one = await control('DELETE', undefined, '?function=ism-445200-inbox');
    expect(one.body.cleared.map((f: { function: string }) => f.function)).toEqual(['ism-445200-inbox']);
    expect((await control('GET')).body.faults.map((f: { function: string }) => f.function)).toEqual(['ism-440500-inbox']);
    expect((await control('DELETE')).body.cleared).toHaveLength(1);
    expect((await control('GET')).body.faults).toEqual([]);
  });

  test('refuses an unknown function and a malformed request, and sets nothing', async () => {
    expect((await control('POST', { function: 'no-such-worker', failures: 1 })).status).toBe(404);
    for (const bad of [{ function: 'inbox' }, { function: 'inbox', failures: 0 }, { function: 'inbox', failures: 'sometimes' }, { function: '', failures: 1 }, { function: 'inbox', failures: 1, extra: true }]) {
      expect((await control('POST', bad)).status).toBe(400);
    }
    const res = await fetch(`${base}${FAULTS_PATH}`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    expect((await control('GET')).body.faults).toEqual([]);
  });
});

describe('the Lambda runtime obeys it', () => {
  test('N failures fail the next N invocations before the handler runs, then the function answers again', async () => {
    const before = await calls('ism-440500-catalog');
    await control('POST', { function: 'ism-440500-catalog', failures: 2 });
    const first = await injected('ism-440500-catalog');
    expect(first.errorType).toBe('LocalCloud.InjectedFault');
    expect(first.errorMessage).toContain('ism-440500-catalog');
    await injected('ism-440500-catalog');
    // The handler never ran for the two failures; the fault is spent and gone.
    expect(await calls('ism-440500-catalog')).toBe(before + 1);
    expect((await control('GET')).body.faults).toEqual([]);
    const stats = runtime.stats().find((s) => s.name === 'ism-440500-catalog')!;
    expect(stats.errors).toBe(2);
    // Other functions are untouched.
    await expect(calls('ism-445200-inbox')).resolves.toBeGreaterThan(0);
    expect(messages.filter((m) => m.includes('ism-440500-catalog: invocation failed by an injected fault'))).toHaveLength(2);
  });

  test('"always" fails every invocation until cleared, and counts them', async () => {
    await control('POST', { function: 'ism-445200-inbox', failures: 'always' });
    for (let i = 0; i < 3; i++) await injected('ism-445200-inbox');
    expect((await control('GET')).body.faults).toEqual([expect.objectContaining({ function: 'ism-445200-inbox', failures: 'always', injected: 3 })]);
    await control('DELETE', undefined, '?function=445200-inbox');
    await expect(calls('ism-445200-inbox')).resolves.toBeGreaterThan(0);
  });
});

describe('a failing consumer behind an SQS event source', () => {
  const queue = (name: string, o: Partial<QueueSpec> = {}): QueueSpec => ({
    stack: 'test', logicalId: name, name, url: '', arn: arn.queue(name), fifo: false, visibilityTimeoutSeconds: 1, messageRetentionSeconds: 345_600, ...o,
  });
  let sqs: LocalSqs;
  let sqsGateway: Gateway;
  let client: SQSClient;
  const url = (name: string) => `http://127.0.0.1:${sqsGateway.port}/000000000000/${name}`;
  /** Waiting and in flight. */
  const count = async (name: string) => {
    const a = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url(name), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
    return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
  };
  const lines = () => readFileSync(received, 'utf8').split('\n').filter(Boolean);
  async function until(probe: () => Promise<boolean> | boolean, what: string) {
    const deadline = Date.now() + 20_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    writeFileSync(received, '');
    sqsGateway = new Gateway({ port: 0, host: '127.0.0.1' });
    await sqsGateway.listen();
    sqs = createSqs({
      stateDir: path.join(root, 'sqs'), reset: true, endpoint: `http://127.0.0.1:${sqsGateway.port}`,
      queues: [queue('inbox', { redrive: { deadLetterTargetArn: arn.queue('inbox-dlq'), maxReceiveCount: 3 } }), queue('inbox-dlq')],
    });
    sqsGateway.register(sqs.service);
    client = new SQSClient({ endpoint: `http://127.0.0.1:${sqsGateway.port}`, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    sqs.startEventSources([{ stack: 'test', logicalId: 'm', functionName: 'ism-440500-inbox', queueArn: arn.queue('inbox'), batchSize: 10, reportBatchItemFailures: true, enabled: true }],
      (name, event) => runtime.invoke(name, event), (name) => arn.function(name));
  });
  afterAll(async () => {
    client.destroy();
    await sqs.stop();
    await sqsGateway.close();
  });

  test('ends in the DLQ after maxReceiveCount failed invocations; the redrive after clearing delivers it once', async () => {
    await control('POST', { function: 'ism-440500-inbox', failures: 'always' });
    const bodies = ['{"eventId":"e-1"}', '{"eventId":"e-2"}'];
    for (const body of bodies) await client.send(new SendMessageCommand({ QueueUrl: url('inbox'), MessageBody: body }));
    await until(async () => (await count('inbox-dlq')) === 2, 'both messages in the DLQ');
    expect(await count('inbox')).toBe(0);
    expect(lines()).toEqual([]); // the handler never saw them
    const [fault] = (await control('GET')).body.faults;
    expect(fault.injected).toBeGreaterThanOrEqual(3); // maxReceiveCount receives, each a failed invocation

    await control('DELETE');
    const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: arn.queue('inbox-dlq') }));
    expect(task.TaskHandle).toBeTruthy();
    await until(() => lines().length === 2, 'the redriven messages delivered');
    await until(async () => (await count('inbox')) === 0, 'the inbox drained');
    expect(lines().sort()).toEqual(bodies);
    expect(await count('inbox-dlq')).toBe(0);
  });
});
