/**
 * Strategy: the local EventBridge on its own, driven through the real Gateway by the real
 * `@aws-sdk/client-eventbridge` (127.0.0.1:<ephemeral>, cn-northwest-1, dummy credentials), with the
 * demo topology's shape: a city bus forwarding credit events to the province bus. SQS, Lambda and
 * Step Functions are in-memory fakes that record deliveries; a queue missing from the fake plays a
 * deleted target. Each test waits for the emulator to go idle (no delivery or retry in flight) and
 * asserts what the targets received, never timing.
 */
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { createEventBridge, type LocalEventBridge } from '../../lib/local-cloud/events.ts';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { arn, LOCAL_REGION, type RuleSpec, type RuleTargetSpec } from '../../lib/local-cloud/model.ts';

jest.setTimeout(20_000);

const CITY = 'ism-city-445200';
const PROVINCE = 'ism-province-440000';
const queueArn = (name: string) => arn.queue(name);

function rule(name: string, busName: string, targets: RuleTargetSpec[], extra: Partial<RuleSpec> = {}): RuleSpec {
  return { stack: 'Test', logicalId: name, name, arn: arn.rule(busName, name), busName, enabled: true, targets, ...extra };
}

const rules: RuleSpec[] = [
  rule('award-to-county', CITY, [
    {
      id: 'county-queue',
      arn: queueArn('county-awards.fifo'),
      sqsMessageGroupId: 'awards',
      inputTransformer: {
        InputPathsMap: { project: '$.detail.data.projectId', amount: '$.detail.data.amount', city: '$.detail.city', first: '$.detail.data.lots[0]' },
        InputTemplate: '{"project": <project>, "amount": <amount>, "first": <first>, "text": "project <project> awarded in <city>", "rule": <aws.events.rule-name>, "ruleArn": "<aws.events.rule-arn>", "original": <aws.events.event.json>}',
      },
    },
  ], { eventPattern: { source: [{ prefix: 'ism.' }], 'detail-type': ['AwardPublished'] } }),
  rule('credit-to-province', CITY, [{ id: 'province-bus', arn: arn.bus(PROVINCE) }], { eventPattern: { 'detail-type': ['CreditRecorded'] } }),
  rule('province-credit', PROVINCE, [{ id: 'credit-queue', arn: queueArn('province-credit') }], { eventPattern: { 'detail-type': ['CreditRecorded'] } }),
  // A misconfigured cycle between the two buses.
  rule('loop-up', CITY, [{ id: 'up', arn: arn.bus(PROVINCE) }], { eventPattern: { 'detail-type': ['Loop'] } }),
  rule('loop-down', PROVINCE, [{ id: 'down', arn: arn.bus(CITY) }], { eventPattern: { 'detail-type': ['Loop'] } }),
  rule('contract-signed', CITY, [
    { id: 'deleted-queue', arn: queueArn('deleted-queue'), deadLetterArn: queueArn('events-dlq'), retryPolicy: { MaximumRetryAttempts: 2 } },
    { id: 'timeline', arn: arn.stateMachine('timeline'), deadLetterArn: queueArn('events-dlq'), retryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } },
  ], { eventPattern: { 'detail-type': ['ContractSigned'] } }),
  rule('evaluated', CITY, [{ id: 'fn', arn: arn.function('evaluate'), inputPath: '$.detail' }], { eventPattern: { 'detail-type': ['ServiceEvaluated'] } }),
  rule('nightly-sweep', 'default', [{ id: 'sweep', arn: arn.function('sweep') }], { scheduleExpression: 'cron(0 1 * * ? *)' }),
  rule('every-minute', 'default', [{ id: 'tick', arn: queueArn('ticks') }], { scheduleExpression: 'cron(* * * * ? *)' }),
];

const knownQueues = new Set(['county-awards.fifo', 'province-credit', 'events-dlq', 'ticks'].map(queueArn));
let sent: { queue: string; body: string; group?: string; attributes?: Record<string, string> }[] = [];
let invoked: { fn: string; event: any }[] = [];
let started: { machine: string; input: string }[] = [];
let logs: string[] = [];
let clock: Date | undefined;

let bridge: LocalEventBridge;
let gateway: Gateway;
let client: EventBridgeClient;

beforeAll(async () => {
  bridge = createEventBridge({
    buses: [CITY, PROVINCE].map((name) => ({ stack: 'Test', logicalId: name, name, arn: arn.bus(name) })),
    rules,
    sendToQueue: async (queue, body, o) => {
      if (!knownQueues.has(queue)) throw Object.assign(new Error('The specified queue does not exist.'), { type: 'QueueDoesNotExist' });
      sent.push({ queue, body, group: o?.messageGroupId, attributes: o?.attributes });
    },
    invokeFunction: async (fn, event) => {
      invoked.push({ fn: fn.split(':').pop()!, event });
      if (fn.endsWith(':evaluate')) throw Object.assign(new Error('bad score'), { errorType: 'ScoreError' });
      return null;
    },
    startExecution: async (machine, input) => {
      started.push({ machine, input });
      throw new Error('ServiceUnavailable');
    },
    log: (m) => logs.push(m),
    now: () => clock ?? new Date(),
  });
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  gateway.register(bridge.service);
  await gateway.listen();
  client = new EventBridgeClient({ endpoint: `http://127.0.0.1:${gateway.port}`, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

beforeEach(() => {
  sent = [];
  invoked = [];
  started = [];
  logs = [];
  clock = undefined;
});

afterAll(async () => {
  await bridge.stop();
  client.destroy();
  await gateway.close();
});

const detail = (data: Record<string, unknown>) => JSON.stringify({ eventId: crypto.randomUUID(), tenant: '445202', city: '445200', province: '440000', occurredAt: '2025-03-01T08:00:00Z', schemaVersion: 1, data });
const put = (DetailType: string, data: Record<string, unknown>, EventBusName = CITY) =>
  client.send(new PutEventsCommand({ Entries: [{ EventBusName, Source: 'ism.445200', DetailType, Detail: detail(data) }] }));

describe('PutEvents', () => {
  test('each entry is accepted or refused on its own', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'no-such-bus', Source: 'ism.445200', DetailType: 'AwardPublished', Detail: '{}' },
          { EventBusName: arn.bus(CITY), Source: 'ism.445200', DetailType: 'Nothing', Detail: '{}' },
          { EventBusName: CITY, Source: 'ism.445200', DetailType: 'Nothing', Detail: '[1, 2]' },
          { EventBusName: CITY, Source: 'aws.events', DetailType: 'Nothing', Detail: '{}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries![0].ErrorCode).toBe('ResourceNotFoundException');
    expect(out.Entries![1].EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries![2].ErrorCode).toBe('MalformedDetail');
    expect(out.Entries![3].ErrorCode).toBe('NotAuthorizedForSourceException');
  });

  test('a matching rule delivers the transformed input to an SQS FIFO queue', async () => {
    const out = await put('AwardPublished', { projectId: 'P-1', amount: 98000, lots: ['L1', 'L2'] });
    await bridge.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ queue: queueArn('county-awards.fifo'), group: 'awards' });
    const body = JSON.parse(sent[0].body);
    expect(body).toMatchObject({
      project: 'P-1',
      amount: 98000,
      first: 'L1',
      text: 'project P-1 awarded in 445200',
      rule: 'award-to-county',
      ruleArn: arn.rule(CITY, 'award-to-county'),
    });
    // The envelope EventBridge builds: id, second-precision time, account, region, parsed detail.
    expect(body.original).toMatchObject({ version: '0', id: out.Entries![0].EventId, 'detail-type': 'AwardPublished', source: 'ism.445200', account: '000000000000', region: LOCAL_REGION, resources: [] });
    expect(body.original.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.original.detail.data.projectId).toBe('P-1');
  });

  test('a bus target forwards the same event to the province bus, whose rules deliver it', async () => {
    const out = await put('CreditRecorded', { agency: '91445200MA4UXXXX0X', points: -2 });
    await bridge.idle();
    expect(sent).toHaveLength(1);
    const delivered = JSON.parse(sent[0].body);
    expect(sent[0].queue).toBe(queueArn('province-credit'));
    expect(delivered).toMatchObject({ id: out.Entries![0].EventId, source: 'ism.445200', 'detail-type': 'CreditRecorded' });
  });

  test('a forwarding cycle between buses stops at the hop limit with a log line', async () => {
    await put('Loop', {});
    await bridge.idle();
    expect(bridge.deliveries().filter((d) => d.rule.startsWith('loop-') && d.outcome === 'delivered')).toHaveLength(5);
    expect(logs.some((l) => /already crossed 5 buses/.test(l))).toBe(true);
  });

  test('failed targets land in the dead-letter queue with the original event and AWS attributes', async () => {
    const out = await put('ContractSigned', { projectId: 'P-2' });
    await bridge.idle();
    const dlq = sent.filter((s) => s.queue === queueArn('events-dlq'));
    expect(dlq).toHaveLength(2);
    for (const m of dlq) expect(JSON.parse(m.body)).toMatchObject({ id: out.Entries![0].EventId, 'detail-type': 'ContractSigned' });
    const byTarget = Object.fromEntries(dlq.map((m) => [m.attributes!.TARGET_ARN, m.attributes!]));
    // A target that does not exist is not retried.
    expect(byTarget[queueArn('deleted-queue')]).toMatchObject({ RULE_ARN: arn.rule(CITY, 'contract-signed'), ERROR_CODE: 'RESOURCE_NOT_FOUND', RETRY_ATTEMPTS: '0' });
    // A failing StartExecution is retried MaximumRetryAttempts times, then dead-lettered.
    expect(byTarget[arn.stateMachine('timeline')]).toMatchObject({ ERROR_CODE: 'SDK_CLIENT_ERROR', RETRY_ATTEMPTS: '2', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' });
    expect(byTarget[arn.stateMachine('timeline')].ERROR_MESSAGE).toContain('ServiceUnavailable');
    expect(started).toHaveLength(3);
  });

  test("a Lambda target is invoked asynchronously: the function's error is logged, not retried", async () => {
    await put('ServiceEvaluated', { score: 91 });
    await bridge.idle();
    expect(invoked).toEqual([{ fn: 'evaluate', event: expect.objectContaining({ data: { score: 91 } }) }]);
    await new Promise((r) => setImmediate(r));
    expect(logs.some((l) => l.includes('not retried by EventBridge'))).toBe(true);
    expect(bridge.deliveries().at(-1)).toMatchObject({ rule: 'evaluated', outcome: 'accepted', attempts: 1 });
  });
});

describe('scheduled rules', () => {
  test('triggerRule fires a scheduled rule now with the Scheduled Event envelope', async () => {
    await bridge.triggerRule('nightly-sweep');
    expect(invoked).toHaveLength(1);
    expect(invoked[0].fn).toBe('sweep');
    expect(invoked[0].event).toMatchObject({ version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [arn.rule('default', 'nightly-sweep')], detail: {} });
    await expect(bridge.triggerRule('no-such-rule')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });

  test('startSchedules fires a rule at its next cron time, stamped with that time', async () => {
    clock = new Date('2025-03-01T00:00:59.900Z');
    bridge.startSchedules();
    await new Promise((r) => setTimeout(r, 400));
    await bridge.idle();
    const ticks = sent.filter((s) => s.queue === queueArn('ticks')).map((s) => JSON.parse(s.body));
    expect(ticks).toEqual([expect.objectContaining({ 'detail-type': 'Scheduled Event', time: '2025-03-01T00:01:00Z', resources: [arn.rule('default', 'every-minute')] })]);
  });
});

describe('the EventBridge API', () => {
  test('lists buses and rules, describes rules and their targets', async () => {
    const { EventBuses } = await client.send(new ListEventBusesCommand({}));
    expect(EventBuses!.map((b) => b.Name)).toEqual(['default', CITY, PROVINCE]);
    const { Rules } = await client.send(new ListRulesCommand({ EventBusName: CITY }));
    expect(Rules!.map((r) => r.Name)).toEqual(['award-to-county', 'credit-to-province', 'loop-up', 'contract-signed', 'evaluated']);
    const described = await client.send(new DescribeRuleCommand({ Name: 'nightly-sweep' }));
    expect(described).toMatchObject({ Name: 'nightly-sweep', ScheduleExpression: 'cron(0 1 * * ? *)', State: 'ENABLED', EventBusName: 'default' });
    const { Targets } = await client.send(new ListTargetsByRuleCommand({ Rule: 'contract-signed', EventBusName: arn.bus(CITY) }));
    expect(Targets![0]).toMatchObject({ Id: 'deleted-queue', DeadLetterConfig: { Arn: queueArn('events-dlq') }, RetryPolicy: { MaximumRetryAttempts: 2 } });
    await expect(client.send(new DescribeRuleCommand({ Name: 'nightly-sweep', EventBusName: CITY }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('TestEventPattern matches, and refuses an invalid pattern', async () => {
    const event = JSON.stringify({ id: '1', account: '000000000000', source: 'ism.445200', time: '2025-03-01T00:00:00Z', region: LOCAL_REGION, resources: [], 'detail-type': 'AwardPublished', detail: { amount: 5 } });
    const yes = await client.send(new TestEventPatternCommand({ Event: event, EventPattern: JSON.stringify({ detail: { amount: [{ numeric: ['>', 1] }] } }) }));
    const no = await client.send(new TestEventPatternCommand({ Event: event, EventPattern: JSON.stringify({ source: ['ism.440500'] }) }));
    expect([yes.Result, no.Result]).toEqual([true, false]);
    await expect(client.send(new TestEventPatternCommand({ Event: event, EventPattern: '{"source":"x"}' }))).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
  });
});
