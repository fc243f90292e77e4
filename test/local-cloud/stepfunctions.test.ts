/**
 * Strategy: the local Step Functions emulator on its own, driven through the real Gateway by the real
 * `@aws-sdk/client-sfn` (endpoint 127.0.0.1:<ephemeral>, cn-northwest-1, dummy credentials). Lambda,
 * SQS and EventBridge are in-memory fakes that record what the state machines asked of them; a fake
 * "review" function stands in for the human step and hands its task token to the test, which then
 * plays the operator through SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. One named test
 * per state-machine path, asserting the path taken (the output), never timing — except that a Wait
 * really waited.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { arn, LOCAL_REGION, type PutEventsEntry, type StateMachineSpec } from '../../lib/local-cloud/model.ts';
import { prepareDefinition } from '../../lib/local-cloud/sfn-definition.ts';
import { createStepFunctions, type LocalStepFunctions } from '../../lib/local-cloud/stepfunctions.ts';

jest.setTimeout(30_000);

const fn = (name: string) => arn.function(name);
const callback = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws-cn:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: fn('review'), Payload: { 'token.$': '$$.Task.Token', 'projectId.$': '$.projectId' } },
  ResultPath: '$.review',
  ...extra,
});
const pass = (result: string) => ({ Type: 'Pass', Result: result, ResultPath: '$.outcome', End: true });

function machine(name: string, definition: Record<string, unknown>): StateMachineSpec {
  return { stack: 'Test', logicalId: name, name, arn: arn.stateMachine(name), definition, type: 'STANDARD' };
}

const machines = [
  machine('objection-review', {
    StartAt: 'Review',
    States: {
      Review: callback({ Catch: [{ ErrorEquals: ['Objection.Upheld'], ResultPath: '$.objection', Next: 'ExcludeWinner' }], Next: 'Confirm' }),
      Confirm: pass('confirmed'),
      ExcludeWinner: pass('excluded'),
    },
  }),
  machine('review-timeout', {
    StartAt: 'Review',
    States: {
      Review: callback({
        TimeoutSeconds: 1,
        // States.TaskFailed matches every task error except States.Timeout, as on AWS.
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'WrongPath' }, { ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }],
        Next: 'Reviewed',
      }),
      Reviewed: pass('reviewed'),
      WrongPath: pass('task-failed'),
      TimedOut: pass('timed-out'),
    },
  }),
  machine('review-heartbeat', {
    StartAt: 'Review',
    States: {
      Review: callback({ HeartbeatSeconds: 1, TimeoutSeconds: 20, Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Abandoned' }], Next: 'Reviewed' }),
      Reviewed: pass('reviewed'),
      Abandoned: pass('abandoned'),
    },
  }),
  machine('integrations', {
    StartAt: 'Score',
    States: {
      Score: {
        Type: 'Task',
        Resource: 'arn:aws-cn:states:::lambda:invoke',
        Parameters: { FunctionName: fn('score'), 'Payload.$': '$' },
        ResultSelector: { 'value.$': '$.Payload.value', 'status.$': '$.StatusCode' },
        ResultPath: '$.score',
        Next: 'Notify',
      },
      Notify: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Queue', States: { Queue: { Type: 'Task', Resource: 'arn:aws-cn:states:::sqs:sendMessage', Parameters: { QueueUrl: 'http://q/notify.fifo', 'MessageBody.$': '$.score', MessageGroupId: 'g1' }, End: true } } },
          { StartAt: 'Publish', States: { Publish: { Type: 'Task', Resource: 'arn:aws-cn:states:::events:putEvents', Parameters: { Entries: [{ Source: 'ism.445200', DetailType: 'SelectionMade', 'Detail.$': '$.score' }] }, End: true } } },
          { StartAt: 'EchoBranch', States: { EchoBranch: { Type: 'Task', Resource: fn('echo'), End: true } } },
        ],
        ResultSelector: { 'echo.$': '$[2]' },
        ResultPath: '$.notified',
        Next: 'EachAgency',
      },
      EachAgency: { Type: 'Map', ItemsPath: '$.agencies', ItemProcessor: { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: fn('echo'), End: true } } }, ResultPath: '$.mapped', End: true },
    },
  }),
  machine('failing', { StartAt: 'Check', States: { Check: { Type: 'Task', Resource: fn('boom'), End: true } } }),
  machine('publicity-window', { StartAt: 'Wait', States: { Wait: { Type: 'Wait', TimestampPath: '$.until', Next: 'Done' }, Done: pass('published') } }),
  machine('contract-deadline', { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 30 * 86_400, Next: 'Done' }, Done: pass('overdue') } }),
  machine('records', {
    StartAt: 'Put',
    States: {
      Put: { Type: 'Task', Resource: 'arn:aws-cn:states:::dynamodb:putItem', Parameters: { TableName: 'projects', Item: { pk: { 'S.$': '$.projectId' }, status: { S: 'open' } } }, ResultPath: null, Next: 'Get' },
      Get: { Type: 'Task', Resource: 'arn:aws-cn:states:::dynamodb:getItem', Parameters: { TableName: 'projects', Key: { pk: { 'S.$': '$.projectId' } } }, ResultSelector: { 'status.$': '$.Item.status.S' }, ResultPath: '$.record', End: true },
    },
  }),
  machine('parent', {
    StartAt: 'Child',
    States: { Child: { Type: 'Task', Resource: 'arn:aws-cn:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: arn.stateMachine('quick'), Input: { 'projectId.$': '$.projectId' } }, ResultSelector: { 'child.$': '$.Output' }, End: true } },
  }),
  machine('quick', { StartAt: 'Done', States: { Done: pass('done') } }),
];

const calls = { invoke: [] as { name: string; payload: any }[], queue: [] as { queue: string; body: string; group?: string }[], events: [] as PutEventsEntry[] };
const tokens: string[] = [];

async function invokeFunction(nameOrArn: string, payload: any): Promise<unknown> {
  const name = nameOrArn.split(':').pop()!;
  calls.invoke.push({ name, payload });
  if (name === 'review') tokens.push(payload.token);
  if (name === 'score') return { value: 42 };
  if (name === 'boom') throw Object.assign(new Error('not eligible'), { errorType: 'Eligibility.Failed', errorMessage: 'not eligible' });
  return payload;
}

// A stand-in for DynamoDB Local: answers PutItem and GetItem from a map, as the wire protocol does.
const items = new Map<string, unknown>();
const dynamodb: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const input = JSON.parse(body);
    const op = String(req.headers['x-amz-target']).split('.')[1];
    if (op === 'PutItem') items.set(`${input.TableName}/${input.Item.pk.S}`, input.Item);
    const out = op === 'GetItem' ? { Item: items.get(`${input.TableName}/${input.Key.pk.S}`) } : {};
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(out));
  });
});

const stateDir = mkdtempSync(join(tmpdir(), 'sfn-test-'));
const logs: string[] = [];
let gateway: Gateway;
let sfn: LocalStepFunctions;
let client: SFNClient;

function start(reset: boolean): LocalStepFunctions {
  return createStepFunctions({
    stateMachines: machines,
    stateDir,
    reset,
    invokeFunction,
    sendToQueue: async (queue, body, o) => void calls.queue.push({ queue, body, group: o?.messageGroupId }),
    putEvents: async (entries) => (calls.events.push(...entries), { failed: 0 }),
    dynamodbEndpoint: `http://127.0.0.1:${(dynamodb.address() as { port: number }).port}`,
    log: (m) => logs.push(m),
  });
}

beforeAll(async () => {
  await new Promise<void>((r) => dynamodb.listen(0, '127.0.0.1', r));
  sfn = start(true);
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  gateway.register({ signingName: 'states', handle: (req, res, body) => sfn.service.handle(req, res, body) });
  await gateway.listen();
  client = new SFNClient({ endpoint: `http://127.0.0.1:${gateway.port}`, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  await sfn.stop();
  client.destroy();
  await gateway.close();
  await new Promise((r) => dynamodb.close(r));
});

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const run = async (name: string, input: unknown, executionName?: string) =>
  (await client.send(new StartExecutionCommand({ stateMachineArn: arn.stateMachine(name), input: JSON.stringify(input), name: executionName }))).executionArn!;
const describe_ = (executionArn: string) => client.send(new DescribeExecutionCommand({ executionArn }));
const finished = (executionArn: string) =>
  until<DescribeExecutionCommandOutput>(async () => {
    const d = await describe_(executionArn);
    return d.status === 'RUNNING' ? undefined : d;
  }, `${executionArn} to finish`);
const nextToken = (count: number) => until(() => (tokens.length > count ? tokens[count] : undefined), 'a task token');
const output = (d: DescribeExecutionCommandOutput) => JSON.parse(d.output!);

describe('callback states (.waitForTaskToken)', () => {
  test('SendTaskSuccess completes the execution with the sent output', async () => {
    const seen = tokens.length;
    const executionArn = await run('objection-review', { projectId: 'P-1' });
    const token = await nextToken(seen);
    expect(calls.invoke.at(-1)!.payload).toEqual({ token, projectId: 'P-1' });
    expect(sfn.pendingTasks()).toContainEqual(expect.objectContaining({ token, executionArn, state: 'Review' }));

    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'no objection' }) }));
    const d = await finished(executionArn);
    expect(d.status).toBe('SUCCEEDED');
    expect(output(d)).toEqual({ projectId: 'P-1', review: { decision: 'no objection' }, outcome: 'confirmed' });
    // The task is closed: a second callback is refused as AWS refuses it.
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('SendTaskFailure with Objection.Upheld takes the Catch path', async () => {
    const seen = tokens.length;
    const executionArn = await run('objection-review', { projectId: 'P-2' });
    const token = await nextToken(seen);
    await client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Objection.Upheld', cause: 'winner lacked qualification' }));
    const d = await finished(executionArn);
    expect(d.status).toBe('SUCCEEDED');
    expect(output(d)).toEqual({ projectId: 'P-2', objection: { Error: 'Objection.Upheld', Cause: 'winner lacked qualification' }, outcome: 'excluded' });
  });

  test('a TimeoutSeconds: 1 state times out into its States.Timeout Catch', async () => {
    const seen = tokens.length;
    const executionArn = await run('review-timeout', { projectId: 'P-3' });
    const token = await nextToken(seen);
    const d = await finished(executionArn);
    expect(output(d).outcome).toBe('timed-out');
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('heartbeats keep a HeartbeatSeconds: 1 state alive', async () => {
    const seen = tokens.length;
    const executionArn = await run('review-heartbeat', { projectId: 'P-4' });
    const token = await nextToken(seen);
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 350));
      await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    expect(output(await finished(executionArn)).outcome).toBe('reviewed');
  });

  test('without heartbeats the state fails with States.HeartbeatTimeout', async () => {
    const executionArn = await run('review-heartbeat', { projectId: 'P-5' });
    expect(output(await finished(executionArn)).outcome).toBe('abandoned');
  });

  test('tokens that are malformed or unknown are refused with AWS error codes', async () => {
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    const unknown = `sfn1${'A'.repeat(64)}`;
    await expect(client.send(new SendTaskHeartbeatCommand({ taskToken: unknown }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  test('StopExecution aborts a waiting execution and closes its task', async () => {
    const seen = tokens.length;
    const executionArn = await run('objection-review', { projectId: 'P-6' });
    const token = await nextToken(seen);
    await client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'project withdrawn' }));
    const d = await finished(executionArn);
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'project withdrawn' });
    expect(sfn.pendingTasks().map((t) => t.token)).not.toContain(token);
  });
});

describe('integrations', () => {
  test('lambda:invoke, sqs:sendMessage, events:putEvents, plain Lambda ARNs in Parallel and Map', async () => {
    const executionArn = await run('integrations', { projectId: 'P-7', agencies: ['A', 'B'] });
    const d = await finished(executionArn);
    expect(d.status).toBe('SUCCEEDED');
    const out = output(d);
    expect(out.score).toEqual({ value: 42, status: 200 });
    expect(out.mapped).toEqual(['A', 'B']);
    expect(out.notified.echo).toMatchObject({ projectId: 'P-7' });
    expect(calls.queue).toContainEqual({ queue: 'http://q/notify.fifo', body: JSON.stringify({ value: 42, status: 200 }), group: 'g1' });
    expect(calls.events).toContainEqual(expect.objectContaining({ Source: 'ism.445200', DetailType: 'SelectionMade', Detail: JSON.stringify({ value: 42, status: 200 }) }));
  });

  test('dynamodb:putItem and getItem go to the DynamoDB endpoint with DynamoDB JSON', async () => {
    const d = await finished(await run('records', { projectId: 'P-11' }));
    expect(output(d)).toEqual({ projectId: 'P-11', record: { status: 'open' } });
  });

  test('states:startExecution.sync:2 waits for the child and returns its output as JSON', async () => {
    const d = await finished(await run('parent', { projectId: 'P-12' }));
    expect(output(d)).toEqual({ child: { projectId: 'P-12', outcome: 'done' } });
  });

  test("a function's error fails the execution under its errorType, with history", async () => {
    const executionArn = await run('failing', {});
    const d = await finished(executionArn);
    expect(d).toMatchObject({ status: 'FAILED', error: 'Eligibility.Failed' });
    expect(JSON.parse(d.cause!)).toMatchObject({ errorMessage: 'not eligible', errorType: 'Eligibility.Failed' });
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskFailed', 'ExecutionFailed']);
    expect(events![2].taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', error: 'Eligibility.Failed' });
  });
});

describe('executions', () => {
  test('StartExecution twice with the same name and input is one execution', async () => {
    const first = await client.send(new StartExecutionCommand({ stateMachineArn: arn.stateMachine('objection-review'), name: 'project-P-8', input: '{"projectId":"P-8"}' }));
    const second = await client.send(new StartExecutionCommand({ stateMachineArn: arn.stateMachine('objection-review'), name: 'project-P-8', input: '{ "projectId": "P-8" }' }));
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate).toEqual(first.startDate);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: arn.stateMachine('objection-review'), name: 'project-P-8', input: '{"projectId":"other"}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn: arn.stateMachine('objection-review'), statusFilter: 'RUNNING' }));
    expect(executions!.filter((e) => e.name === 'project-P-8')).toHaveLength(1);
    await client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  test('a Wait with a Timestamp 1.5 s ahead really waits', async () => {
    const startedAt = Date.now();
    const executionArn = await run('publicity-window', { until: new Date(startedAt + 1500).toISOString() });
    const d = await finished(executionArn);
    expect(d.status).toBe('SUCCEEDED');
    expect(d.stopDate!.getTime() - startedAt).toBeGreaterThanOrEqual(1400);
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toContain('WaitStateExited');
  });

  test('a Wait longer than a Node timer holds (30 days) does not fire early', async () => {
    const executionArn = await run('contract-deadline', {});
    await new Promise((r) => setTimeout(r, 300));
    expect((await describe_(executionArn)).status).toBe('RUNNING');
    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    await client.send(new StopExecutionCommand({ executionArn }));
    expect((await finished(executionArn)).status).toBe('ABORTED');
  });

  test('the API lists and describes the synthesized machines', async () => {
    const { stateMachines } = await client.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((m) => m.name)).toEqual(machines.map((m) => m.name));
    const d = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine('quick') }));
    expect(JSON.parse(d.definition!)).toEqual(machines.at(-1)!.definition);
    await expect(client.send(new DescribeStateMachineCommand({ stateMachineArn: arn.stateMachine('nope') }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  test('finished executions survive a restart; running ones are re-run from their start', async () => {
    const done = await run('quick', { projectId: 'P-9' });
    expect((await finished(done)).status).toBe('SUCCEEDED');
    const seen = tokens.length;
    const waiting = await run('objection-review', { projectId: 'P-10' }, 'project-P-10');
    const oldToken = await nextToken(seen);

    await sfn.stop();
    sfn = start(false);
    await until(() => (logs.some((l) => l.includes(`re-running ${waiting}`)) ? true : undefined), 'the re-run');
    const after = await describe_(done);
    expect(after.status).toBe('SUCCEEDED');
    expect(output(after)).toEqual({ projectId: 'P-9', outcome: 'done' });

    const newToken = await nextToken(seen + 1);
    expect(newToken).not.toBe(oldToken);
    expect(sfn.pendingTasks()).toContainEqual(expect.objectContaining({ token: newToken, executionArn: waiting }));
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await client.send(new SendTaskSuccessCommand({ taskToken: newToken, output: '{"decision":"ok"}' }));
    expect(output(await finished(waiting)).outcome).toBe('confirmed');
  });
});

describe('definition preparation (library gaps)', () => {
  test('Tasks get AWS-like timeouts the library can hold; Waits become locally served Tasks', () => {
    const { definition, states } = prepareDefinition({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: fn('x'), Next: 'B' },
        B: { Type: 'Task', Resource: fn('x'), TimeoutSecondsPath: '$.t', Next: 'C' },
        C: { Type: 'Wait', Seconds: 5, OutputPath: '$.x', End: true },
      },
    });
    const s = definition.States as unknown as Record<string, Record<string, unknown>>;
    // The library's own default is 60 s; AWS has none to speak of.
    expect(s.A.TimeoutSeconds).toBe(2_147_483);
    expect(s.B).not.toHaveProperty('TimeoutSecondsPath');
    expect(s.C).toMatchObject({ Type: 'Task', Resource: 'arn:aws:states:::local:wait', OutputPath: '$.x', End: true });
    expect(states.get('C')).toMatchObject({ type: 'Wait', state: { Seconds: 5 } });
  });
});
