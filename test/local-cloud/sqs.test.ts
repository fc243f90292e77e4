// Strategy: the local SQS runs in-process behind a Gateway on a random port with a temporary state
// folder, and is driven by the real SDK v3 SQSClient (JSON protocol; its middleware verifies
// MD5OfMessageBody, so every send and receive here checks the digests too). The query protocol,
// which SDK v3 no longer speaks, is exercised with a plain form POST, as older CLIs send it. Event
// source mappings invoke an in-test function. Waiting is done by polling for an observable outcome
// (never by asserting durations); the queues use a 1 s visibility timeout to keep the file fast.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, GetQueueUrlCommand,
  ListMessageMoveTasksCommand, QueueDoesNotExist, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SetQueueAttributesCommand,
  SQSClient, StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { arn, LOCAL_REGION, type EventSourceMappingSpec, type QueueSpec } from '../../lib/local-cloud/model.ts';
import { createSqs, type LocalSqs } from '../../lib/local-cloud/sqs.ts';
import { md5Hex, md5OfMessageAttributes } from '../../lib/local-cloud/sqs-protocol.ts';

jest.setTimeout(30_000);

const queue = (name: string, o: Partial<QueueSpec> = {}): QueueSpec => ({
  stack: 'test', logicalId: name, name, url: '', arn: arn.queue(name), fifo: false,
  visibilityTimeoutSeconds: 1, messageRetentionSeconds: 345_600, ...o,
});
const QUEUES = [
  queue('plain'),
  queue('orders', { redrive: { deadLetterTargetArn: arn.queue('orders-dlq'), maxReceiveCount: 2 } }),
  queue('orders-dlq'),
  queue('work', { redrive: { deadLetterTargetArn: arn.queue('work-dlq'), maxReceiveCount: 2 } }),
  queue('work-dlq'),
  queue('partial'),
  queue('slow', { visibilityTimeoutSeconds: 300 }),
];

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startLocalSqs(stateDir: string, reset: boolean) {
  const gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  await gateway.listen();
  const endpoint = `http://127.0.0.1:${gateway.port}`;
  const sqs = createSqs({ stateDir, queues: QUEUES, reset, endpoint });
  gateway.register(sqs.service);
  const client = new SQSClient({ endpoint, region: LOCAL_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { gateway, sqs, client, endpoint, stop: async () => { client.destroy(); await sqs.stop(); await gateway.close(); } };
}

let stateDir: string;
let local: Awaited<ReturnType<typeof startLocalSqs>>;
let sqs: LocalSqs;
let client: SQSClient;
const url = (name: string) => `${local.endpoint}/000000000000/${name}`;
const count = async (name: string, attribute: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible' = 'ApproximateNumberOfMessages') =>
  Number((await client.send(new GetQueueAttributesCommand({ QueueUrl: url(name), AttributeNames: [attribute] }))).Attributes?.[attribute]);

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-sqs-'));
  local = await startLocalSqs(stateDir, true);
  ({ sqs, client } = local);
});
afterAll(async () => {
  await local.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

test('MD5OfMessageAttributes matches the digests AWS returns', () => {
  const number = (v: string) => ({ DataType: 'Number', StringValue: v });
  expect(md5OfMessageAttributes({ timestamp: number('1493147359900') })).toBe('235c5c510d26fb653d073faed50ae77c');
  expect(md5OfMessageAttributes({ timestamp: number('1493147359901') })).toBe('994258b45346a2cc3f9cbb611aa7af30');
  expect(md5OfMessageAttributes({ 'SOME_Valid.attribute-Name': number('1493147359900') })).toBe('36655e7e9d7c0e8479fa3f3f42247ae7');
});

test('send, receive and delete round-trip the body and message attributes', async () => {
  const attributes = {
    tenant: { DataType: 'String', StringValue: '445200' },
    amount: { DataType: 'Number', StringValue: '500000' },
    blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 250]) },
  };
  const sent = await client.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: '{"中选":"揭阳"}', MessageAttributes: attributes }));
  expect(sent.MD5OfMessageAttributes).toBe(md5OfMessageAttributes({ ...attributes, blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 250]).toString('base64') } }));

  const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], WaitTimeSeconds: 1 }));
  expect(Messages).toHaveLength(1);
  const [m] = Messages!;
  expect(m.MessageId).toBe(sent.MessageId);
  expect(m.Body).toBe('{"中选":"揭阳"}');
  expect(m.MessageAttributes?.tenant).toEqual({ DataType: 'String', StringValue: '445200' });
  expect(m.MessageAttributes?.amount).toEqual({ DataType: 'Number', StringValue: '500000' });
  expect(Array.from(m.MessageAttributes!.blob.BinaryValue!)).toEqual([0, 1, 2, 250]);
  expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
  expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: expect.any(String), SentTimestamp: expect.stringMatching(/^\d+$/) });

  await client.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: m.ReceiptHandle }));
  expect(await count('plain')).toBe(0);
  expect(await count('plain', 'ApproximateNumberOfMessagesNotVisible')).toBe(0);
});

test('a received message is invisible until its visibility timeout ends, then comes back', async () => {
  await client.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'again' }));
  const first = await client.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), WaitTimeSeconds: 1 }));
  expect(first.Messages?.[0]?.Body).toBe('again');
  expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url('plain') }))).Messages).toBeUndefined();
  expect(await count('plain', 'ApproximateNumberOfMessagesNotVisible')).toBe(1);

  const second = await client.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), WaitTimeSeconds: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  expect(second.Messages?.[0]).toMatchObject({ Body: 'again', Attributes: { ApproximateReceiveCount: '2' } });
  await client.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: second.Messages![0].ReceiptHandle }));
});

test('a long poll is answered by the next send', async () => {
  const polling = client.send(new ReceiveMessageCommand({ QueueUrl: url('plain'), WaitTimeSeconds: 20 }));
  await client.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'woken' }));
  const { Messages } = await polling;
  expect(Messages?.[0]?.Body).toBe('woken');
  await client.send(new DeleteMessageCommand({ QueueUrl: url('plain'), ReceiptHandle: Messages![0].ReceiptHandle }));
});

test('a long poll that began before the visibility timeout changed hides what it receives for the new value', async () => {
  const polling = client.send(new ReceiveMessageCommand({ QueueUrl: url('slow'), WaitTimeSeconds: 20 }));
  await client.send(new SetQueueAttributesCommand({ QueueUrl: url('slow'), Attributes: { VisibilityTimeout: '1' } }));
  await client.send(new SendMessageCommand({ QueueUrl: url('slow'), MessageBody: 'soon back' }));
  expect((await polling).Messages?.[0]?.Body).toBe('soon back');
  // Back after 1 s, not after the 300 s the queue had when the poll began.
  const again = await client.send(new ReceiveMessageCommand({ QueueUrl: url('slow'), WaitTimeSeconds: 10 }));
  expect(again.Messages?.[0]?.Body).toBe('soon back');
  await client.send(new DeleteMessageCommand({ QueueUrl: url('slow'), ReceiptHandle: again.Messages![0].ReceiptHandle }));
});

test('after maxReceiveCount receives the message moves to the dead-letter queue, whole', async () => {
  await client.send(new SendMessageCommand({ QueueUrl: url('orders'), MessageBody: 'poison', MessageAttributes: { kind: { DataType: 'String', StringValue: 'award' } } }));
  for (let i = 0; i < 2; i++) {
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: url('orders'), WaitTimeSeconds: 1 }));
    expect(Messages?.[0]?.Body).toBe('poison');
    // Give the message back at once instead of waiting out the visibility timeout.
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: url('orders'), ReceiptHandle: Messages![0].ReceiptHandle, VisibilityTimeout: 0 }));
  }
  expect((await client.send(new ReceiveMessageCommand({ QueueUrl: url('orders') }))).Messages).toBeUndefined();
  const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: url('orders-dlq'), MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
  expect(Messages?.[0]).toMatchObject({ Body: 'poison', MessageAttributes: { kind: { DataType: 'String', StringValue: 'award' } } });
  expect(Messages![0].Attributes?.DeadLetterQueueSourceArn).toBe(arn.queue('orders'));
});

test('a failing event source ends in the DLQ; a message move task redrives it to a now-healthy function', async () => {
  const events: SQSEvent[] = [];
  let healthy = false;
  const mapping: EventSourceMappingSpec = { stack: 'test', logicalId: 'm', functionName: 'award-worker', queueArn: arn.queue('work'), batchSize: 5, reportBatchItemFailures: false, enabled: true };
  sqs.startEventSources([mapping], async (_name, event) => {
    events.push(event as SQSEvent);
    if (!healthy) throw new Error('downstream unavailable');
    return {};
  }, arn.function);

  await client.send(new SendMessageCommand({ QueueUrl: url('work'), MessageBody: 'award 445202-001' }));
  // The failure message carries what the queues looked like, should this ever time out again (it did once in CI).
  await eventually(async () => (await count('work-dlq')) === 1, 'the message reaches work-dlq')
    .catch(async (error: Error) => {
      const state = `invocations ${events.length}; work visible ${await count('work')}, in flight ${await count('work', 'ApproximateNumberOfMessagesNotVisible')}; dlq ${await count('work-dlq')}`;
      throw new Error(`${error.message} (${state})`);
    });
  expect(events).toHaveLength(2); // maxReceiveCount invocations, then the redrive policy moved it
  expect(events[1].Records[0]).toMatchObject({
    body: 'award 445202-001', eventSource: 'aws:sqs', eventSourceARN: arn.queue('work'), awsRegion: LOCAL_REGION,
    md5OfBody: md5Hex('award 445202-001'), attributes: { ApproximateReceiveCount: '2' },
  });
  expect(Object.keys(events[1].Records[0].attributes)).toEqual(expect.arrayContaining(['SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']));

  healthy = true;
  const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: arn.queue('work-dlq') }));
  expect(task.TaskHandle).toBeTruthy();
  const { Results } = await client.send(new ListMessageMoveTasksCommand({ SourceArn: arn.queue('work-dlq') }));
  expect(Results?.[0]).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 });
  await eventually(() => events.length === 3 || undefined, 'the redriven message is delivered');
  await eventually(async () => (await count('work')) + (await count('work', 'ApproximateNumberOfMessagesNotVisible')) === 0 || undefined, 'the queue is drained');
  expect(events[2].Records[0].body).toBe('award 445202-001');
  expect(await count('work-dlq')).toBe(0);
});

test('with ReportBatchItemFailures only the reported messages come back', async () => {
  const seen: string[] = [];
  sqs.startEventSources([{ stack: 'test', logicalId: 'p', functionName: 'notify', queueArn: arn.queue('partial'), batchSize: 10, reportBatchItemFailures: true, enabled: true }], async (_name, event) => {
    const records = (event as SQSEvent).Records;
    seen.push(...records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
    return { batchItemFailures: records.filter((r) => r.body === 'retry-me' && r.attributes.ApproximateReceiveCount === '1').map((r) => ({ itemIdentifier: r.messageId })) };
  }, arn.function);
  await client.send(new SendMessageBatchCommand({ QueueUrl: url('partial'), Entries: [{ Id: 'a', MessageBody: 'retry-me' }, { Id: 'b', MessageBody: 'fine' }] }));
  await eventually(() => seen.includes('retry-me#2') || undefined, 'the failed item is retried');
  await eventually(async () => (await count('partial')) + (await count('partial', 'ApproximateNumberOfMessagesNotVisible')) === 0 || undefined, 'the queue is drained');
  expect(seen.filter((s) => s.startsWith('fine'))).toEqual(['fine#1']);
});

test('FIFO: order within a group, deduplication, and a group waits while a message is in flight', async () => {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'bids.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '30' } }));
  for (const [body, id] of [['first', 'd1'], ['second', 'd2'], ['first again', 'd1']]) {
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'project-1', MessageDeduplicationId: id }));
  }
  const one = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
  expect(one.Messages?.map((m) => m.Body)).toEqual(['first']);
  expect((await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages).toBeUndefined();
  await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: one.Messages![0].ReceiptHandle }));
  const rest = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  expect(rest.Messages?.map((m) => m.Body)).toEqual(['second']);
});

test('errors have SQS shapes: an unknown queue is QueueDoesNotExist', async () => {
  await expect(client.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  await expect(client.send(new SendMessageCommand({ QueueUrl: url('nope'), MessageBody: 'x' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
});

test('the query protocol (form Action=..., XML answers) lists queues and sends', async () => {
  const post = (form: Record<string, string>) => fetch(local.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2012-11-05', ...form }) });
  const listed = await post({ Action: 'ListQueues', QueueNamePrefix: 'orders' });
  expect(listed.status).toBe(200);
  const xml = await listed.text();
  expect(xml).toContain(`<QueueUrl>${url('orders')}</QueueUrl>`);
  expect(xml).toContain(`<QueueUrl>${url('orders-dlq')}</QueueUrl>`);
  expect(xml).not.toContain('plain');

  const sent = await (await post({
    Action: 'SendMessage', QueueUrl: url('plain'), MessageBody: 'via query',
    'MessageAttribute.1.Name': 'timestamp', 'MessageAttribute.1.Value.DataType': 'Number', 'MessageAttribute.1.Value.StringValue': '1493147359900',
  })).text();
  expect(sent).toContain(`<MD5OfMessageBody>${md5Hex('via query')}</MD5OfMessageBody>`);
  expect(sent).toContain('<MD5OfMessageAttributes>235c5c510d26fb653d073faed50ae77c</MD5OfMessageAttributes>');
  const received = await (await post({ Action: 'ReceiveMessage', QueueUrl: url('plain'), 'MessageAttributeName.1': 'All' })).text();
  expect(received).toMatch(/<Message><MessageId>[^<]+<\/MessageId><ReceiptHandle>[^<]+<\/ReceiptHandle><MD5OfBody>/);
  expect(received).toContain('<Body>via query</Body>');
  expect(received).toContain('<MessageAttribute><Name>timestamp</Name><Value><DataType>Number</DataType><StringValue>1493147359900</StringValue></Value></MessageAttribute>');
  const missing = await post({ Action: 'GetQueueUrl', QueueName: 'nope' });
  expect(missing.status).toBe(400);
  expect(await missing.text()).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
});

test('messages survive a restart without reset, and are gone with reset', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-sqs-restart-'));
  try {
    const before = await startLocalSqs(dir, true);
    await before.client.send(new SendMessageCommand({ QueueUrl: `${before.endpoint}/000000000000/plain`, MessageBody: 'keep me' }));
    await before.client.send(new CreateQueueCommand({ QueueName: 'made-at-run-time' }));
    await before.stop();

    const after = await startLocalSqs(dir, false);
    const { Messages } = await after.client.send(new ReceiveMessageCommand({ QueueUrl: `${after.endpoint}/000000000000/plain`, WaitTimeSeconds: 1 }));
    expect(Messages?.[0]?.Body).toBe('keep me');
    await after.client.send(new DeleteMessageCommand({ QueueUrl: `${after.endpoint}/000000000000/plain`, ReceiptHandle: Messages![0].ReceiptHandle }));
    expect((await after.client.send(new GetQueueUrlCommand({ QueueName: 'made-at-run-time' }))).QueueUrl).toBe(`${after.endpoint}/000000000000/made-at-run-time`);
    await after.stop();

    // A hard kill leaves no snapshot of the latest sends: the journal of acknowledged sends covers them.
    const killed = await startLocalSqs(dir, false);
    await killed.client.send(new SendMessageCommand({ QueueUrl: `${killed.endpoint}/000000000000/plain`, MessageBody: 'sent just before a kill' }));
    const revived = createSqs({ stateDir: dir, queues: QUEUES, reset: false, endpoint: killed.endpoint });
    killed.gateway.register(revived.service);
    const afterKill = await killed.client.send(new ReceiveMessageCommand({ QueueUrl: `${killed.endpoint}/000000000000/plain`, WaitTimeSeconds: 1 }));
    expect(afterKill.Messages?.[0]?.Body).toBe('sent just before a kill');
    await revived.stop();
    await killed.stop();

    const reset = await startLocalSqs(dir, true);
    expect((await reset.client.send(new ReceiveMessageCommand({ QueueUrl: `${reset.endpoint}/000000000000/plain` }))).Messages).toBeUndefined();
    await reset.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
