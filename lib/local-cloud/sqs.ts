/**
 * SQS for the local cloud: the synthesized queues (and any created at run time) with the semantics
 * the product relies on — visibility timeouts, receive counts, redrive to a dead-letter queue after
 * `maxReceiveCount`, the documented redrive back (StartMessageMoveTask), retention, long polling,
 * FIFO basics — plus the Lambda event source mappings (sqs-event-source.ts).
 *
 * Persistence: queue contents are saved to `<stateDir>/sqs.json` (debounced, on stop and at exit),
 * and every accepted send is first appended to `<stateDir>/sqs.journal`, replayed at start: a
 * message SendMessage acknowledged survives even a hard kill. Receives and deletes made in the last
 * moments before a kill may be lost, which SQS's at-least-once delivery allows (it is redelivered).
 */
import { randomUUID, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {
  ChangeMessageVisibilityRequest, CreateQueueRequest, DeleteMessageRequest, GetQueueAttributesRequest, GetQueueUrlRequest,
  ListDeadLetterSourceQueuesRequest, ListMessageMoveTasksRequest, ListMessageMoveTasksResultEntry, ListQueuesRequest,
  ReceiveMessageRequest, SetQueueAttributesRequest, StartMessageMoveTaskRequest,
} from '@aws-sdk/client-sqs';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION, type AwsServiceHandler, type EventSourceMappingSpec, type QueueSpec } from './model.ts';
import { startPollers, type Pollers } from './sqs-event-source.ts';
import {
  answerBatch, decodeSqsRequest, md5Hex, md5OfMessageAttributes, sendSqsError, sendSqsResult, SqsError, sqsErrors,
  type SqsInput, type WireAttribute, type WireMessage,
} from './sqs-protocol.ts';

export interface LocalSqs {
  service: AwsServiceHandler;
  /** Delivers a message as SendMessage would (EventBridge targets, Step Functions tasks); `attributes` become String message attributes. */
  send(queueArnOrUrl: string, body: string, o?: { messageGroupId?: string; attributes?: Record<string, string> }): Promise<void>;
  startEventSources(mappings: EventSourceMappingSpec[], invoke: (functionName: string, event: unknown) => Promise<unknown>, functionArn: (name: string) => string): void;
  stop(): Promise<void>;
}

interface StoredMessage {
  id: string; body: string; attributes: Record<string, WireAttribute>;
  sentAt: number; visibleAt: number; receiveCount: number; firstReceiveAt?: number; receiptHandle?: string;
  groupId?: string; dedupId?: string; sequence?: string; deadLetterSourceArn?: string;
}
interface Queue {
  name: string; arn: string; attributes: Record<string, string>; messages: StoredMessage[];
  dedup: Record<string, { id: string; at: number; sequence?: string }>; sequence: number;
}

const DEDUP_WINDOW_MS = 5 * 60_000; // FIFO deduplication interval
const SENDER_ID = LOCAL_ACCOUNT;
const DEFAULTS = { VisibilityTimeout: '30', MessageRetentionPeriod: '345600', DelaySeconds: '0', MaximumMessageSize: '1048576', ReceiveMessageWaitTimeSeconds: '0' };
// SQS's allowed characters: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.
const INVALID_CHARS = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function createSqs(opts: { stateDir: string; queues: QueueSpec[]; reset: boolean; endpoint: string; log?: (m: string) => void }): LocalSqs {
  const file = path.join(opts.stateDir, 'sqs.json');
  const journal = path.join(opts.stateDir, 'sqs.journal');
  const queues = new Map<string, Queue>();
  const waiters = new Map<string, Set<() => void>>();
  const moveTasks: ListMessageMoveTasksResultEntry[] = [];
  const log = opts.log ?? (() => {});
  let stopped = false;
  const pollers: Pollers[] = [];

  // ---- state and persistence ----
  if (opts.reset) for (const f of [file, journal]) fs.rmSync(f, { force: true });
  fs.mkdirSync(opts.stateDir, { recursive: true });
  if (fs.existsSync(file)) for (const q of (JSON.parse(fs.readFileSync(file, 'utf8')) as { queues: Queue[] }).queues) queues.set(q.name, q);
  for (const line of fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n') : []) {
    if (!line.trim()) continue;
    const { queue, message } = JSON.parse(line) as { queue: string; message: StoredMessage };
    const q = queues.get(queue);
    if (q && !q.messages.some((m) => m.id === message.id)) q.messages.push(message);
  }
  for (const spec of opts.queues) {
    // The synthesized attributes win over saved ones; saved messages are kept.
    const q = queues.get(spec.name) ?? newQueue(spec.name, {});
    Object.assign(q.attributes, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds), MessageRetentionPeriod: String(spec.messageRetentionSeconds),
      ...(spec.fifo ? { FifoQueue: 'true' } : {}),
      ...(spec.redrive ? { RedrivePolicy: JSON.stringify(spec.redrive) } : {}),
    });
    if (!spec.redrive) delete q.attributes.RedrivePolicy;
    q.arn = spec.arn;
    queues.set(spec.name, q);
  }
  let saveTimer: NodeJS.Timeout | undefined;
  const saveNow = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, queues: [...queues.values()] }));
    fs.renameSync(`${file}.tmp`, file); // atomic: a crash mid-write leaves the previous state
    fs.writeFileSync(journal, ''); // every journaled send is in the snapshot now
  };
  const changed = () => (saveTimer ??= setTimeout(saveNow, 100));
  const saveAtExit = () => saveTimer && saveNow();
  process.on('exit', saveAtExit);

  function newQueue(name: string, attributes: Record<string, string>): Queue {
    const now = String(Math.floor(Date.now() / 1000));
    return { name, arn: `arn:${LOCAL_PARTITION}:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`, attributes: { ...DEFAULTS, CreatedTimestamp: now, LastModifiedTimestamp: now, ...attributes }, messages: [], dedup: {}, sequence: 0 };
  }
  const urlOf = (q: Queue) => `${opts.endpoint}/${LOCAL_ACCOUNT}/${q.name}`;
  const fifo = (q: Queue) => q.attributes.FifoQueue === 'true';
  const num = (q: Queue, attribute: keyof typeof DEFAULTS) => Number(q.attributes[attribute] ?? DEFAULTS[attribute]);
  const redriveOf = (q: Queue) => (q.attributes.RedrivePolicy ? JSON.parse(q.attributes.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string } : undefined);
  /** By URL (any host), ARN or name: the last segment names the queue. */
  function find(ref: unknown): Queue {
    if (typeof ref !== 'string' || !ref) throw sqsErrors.missing('QueueUrl');
    const q = queues.get(ref.startsWith('arn:') ? ref.split(':').pop()! : ref.split('/').filter(Boolean).pop()!);
    if (!q) throw sqsErrors.noQueue();
    return q;
  }
  const wake = (q: Queue) => waiters.get(q.name)?.forEach((w) => w());

  // ---- messages ----
  type NewMessage = { body: string; attributes?: Record<string, WireAttribute>; delaySeconds?: number; groupId?: string; dedupId?: string; id?: string; sentAt?: number; receiveCount?: number; deadLetterSourceArn?: string };
  /**
   * `send`: a client's send — deduplicated (FIFO) and journaled before it is acknowledged. Moves
   * between queues (redrive, move tasks) are neither: a moved message must never be dropped as a duplicate.
   */
  function enqueue(q: Queue, m: NewMessage, send = false) {
    const now = Date.now();
    for (const [id, d] of Object.entries(q.dedup)) if (now - d.at > DEDUP_WINDOW_MS) delete q.dedup[id];
    if (send && fifo(q) && m.dedupId && q.dedup[m.dedupId]) return { id: q.dedup[m.dedupId].id, sequence: q.dedup[m.dedupId].sequence };
    const message: StoredMessage = {
      id: m.id ?? randomUUID(), body: m.body, attributes: m.attributes ?? {}, sentAt: m.sentAt ?? now, receiveCount: m.receiveCount ?? 0,
      visibleAt: now + 1000 * (m.delaySeconds ?? num(q, 'DelaySeconds')), groupId: m.groupId, dedupId: m.dedupId, deadLetterSourceArn: m.deadLetterSourceArn,
      sequence: fifo(q) ? String(++q.sequence).padStart(20, '0') : undefined,
    };
    if (send) fs.appendFileSync(journal, JSON.stringify({ queue: q.name, message }) + '\n');
    q.messages.push(message);
    if (send && fifo(q) && m.dedupId) q.dedup[m.dedupId] = { id: message.id, at: now, sequence: message.sequence };
    changed();
    wake(q);
    return { id: message.id, sequence: message.sequence };
  }

  function sendMessage(q: Queue, e: SqsInput) {
    const body = e.MessageBody;
    if (typeof body !== 'string' || !body) throw sqsErrors.missing('MessageBody');
    if (INVALID_CHARS.test(body)) throw new SqsError('InvalidMessageContents', 'InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    const attributes: Record<string, WireAttribute> = {};
    for (const [name, a] of Object.entries((e.MessageAttributes ?? {}) as Record<string, WireAttribute>)) {
      if (!a?.DataType) throw sqsErrors.invalid(`The message attribute '${name}' must contain non-empty message attribute type.`);
      attributes[name] = { DataType: a.DataType, ...(a.BinaryValue !== undefined ? { BinaryValue: a.BinaryValue } : { StringValue: a.StringValue ?? '' }) };
    }
    if (Buffer.byteLength(body) + JSON.stringify(attributes).length > num(q, 'MaximumMessageSize')) throw sqsErrors.invalid(`One or more parameters are invalid. Reason: Message must be shorter than ${num(q, 'MaximumMessageSize')} bytes.`);
    if (fifo(q) && !e.MessageGroupId) throw sqsErrors.missing('MessageGroupId');
    // Model queues do not say whether content-based deduplication is on; without an id, deduplicate by content.
    const dedupId = fifo(q) ? String(e.MessageDeduplicationId ?? createHash('sha256').update(body).digest('hex')) : undefined;
    const sent = enqueue(q, { body, attributes, delaySeconds: e.DelaySeconds as number | undefined, groupId: e.MessageGroupId as string | undefined, dedupId }, true);
    const hasAttributes = Object.keys(attributes).length > 0;
    return { MessageId: sent.id, MD5OfMessageBody: md5Hex(body), ...(hasAttributes ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}), ...(sent.sequence ? { SequenceNumber: sent.sequence } : {}) };
  }

  /** Drops messages past the retention period (counted from the first enqueue, also in a DLQ, as on AWS). */
  function sweep(q: Queue): number {
    const now = Date.now();
    const retention = num(q, 'MessageRetentionPeriod') * 1000;
    if (q.messages.some((m) => now - m.sentAt >= retention)) {
      q.messages = q.messages.filter((m) => now - m.sentAt < retention);
      changed();
    }
    return now;
  }

  /**
   * Takes up to `max` visible messages; a message already received maxReceiveCount times goes to the DLQ instead.
   * Without a request's own `visibilitySeconds`, the queue's VisibilityTimeout as it is now (a long poll that
   * began before SetQueueAttributes changed it hides what it receives for the new value, as SQS does).
   */
  function take(q: Queue, max: number, visibilitySeconds: number | undefined): StoredMessage[] {
    const now = sweep(q);
    const redrive = redriveOf(q);
    const blockedGroups = new Set<string>(); // FIFO: a group with a message in flight waits
    const taken: StoredMessage[] = [];
    for (const m of [...q.messages]) {
      if (taken.length >= max) break;
      if (m.visibleAt > now) { if (m.groupId) blockedGroups.add(m.groupId); continue; }
      if (m.groupId && blockedGroups.has(m.groupId)) continue;
      const dlq = redrive && m.receiveCount >= Number(redrive.maxReceiveCount) ? queues.get(redrive.deadLetterTargetArn.split(':').pop()!) : undefined;
      if (dlq) {
        // Same id, body, attributes and enqueue time, as AWS moves it; the DLQ remembers where it came from.
        q.messages = q.messages.filter((x) => x !== m);
        enqueue(dlq, { ...m, delaySeconds: 0, deadLetterSourceArn: q.arn });
        continue;
      }
      m.receiveCount += 1;
      m.firstReceiveAt ??= now;
      m.visibleAt = now + (visibilitySeconds ?? num(q, 'VisibilityTimeout')) * 1000;
      m.receiptHandle = Buffer.from(`${q.name}\n${m.id}\n${randomUUID()}`).toString('base64url');
      taken.push(m);
    }
    if (taken.length) changed();
    return taken;
  }

  /** ReceiveMessage with long polling: waits for a send, a visibility timeout to expire, or the deadline. */
  async function receive(q: Queue, max: number, visibilitySeconds: number | undefined, waitSeconds: number, signal?: AbortSignal): Promise<StoredMessage[]> {
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      if (stopped || signal?.aborted) return [];
      const taken = take(q, max, visibilitySeconds);
      if (taken.length || Date.now() >= deadline) return taken;
      // Only a future change can help: a visible message held back (FIFO group in flight) must not spin this loop.
      const now = Date.now();
      const nextVisible = Math.min(...q.messages.filter((m) => m.visibleAt > now).map((m) => m.visibleAt));
      await new Promise<void>((resolve) => {
        const set = waiters.get(q.name) ?? waiters.set(q.name, new Set()).get(q.name)!;
        const done = () => { clearTimeout(timer); set.delete(done); signal?.removeEventListener('abort', done); resolve(); };
        const timer = setTimeout(done, Math.max(0, Math.min(deadline, nextVisible) - Date.now()));
        set.add(done);
        signal?.addEventListener('abort', done);
      });
    }
  }

  function view(q: Queue, m: StoredMessage, systemNames: string[], attributeNames: string[]): WireMessage {
    const system: Record<string, string | undefined> = {
      SenderId: SENDER_ID, SentTimestamp: String(m.sentAt), ApproximateReceiveCount: String(m.receiveCount),
      ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt ?? m.sentAt), MessageGroupId: m.groupId,
      MessageDeduplicationId: fifo(q) ? m.dedupId : undefined, SequenceNumber: m.sequence, DeadLetterQueueSourceArn: m.deadLetterSourceArn,
    };
    const all = systemNames.includes('All');
    const attributes = Object.fromEntries(Object.entries(system).filter(([k, v]) => v !== undefined && (all || systemNames.includes(k)))) as Record<string, string>;
    const wanted = (name: string) => attributeNames.some((p) => p === 'All' || p === '.*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))));
    const messageAttributes = Object.fromEntries(Object.entries(m.attributes).filter(([k]) => wanted(k)));
    const some = Object.keys(messageAttributes).length > 0;
    return {
      MessageId: m.id, ReceiptHandle: m.receiptHandle!, MD5OfBody: md5Hex(m.body), Body: m.body,
      ...(Object.keys(attributes).length ? { Attributes: attributes } : {}),
      ...(some ? { MessageAttributes: messageAttributes, MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) } : {}),
    };
  }

  /** The message a receipt handle stands for, if that handle is still its latest one. */
  function byHandle(q: Queue, handle: unknown): StoredMessage | undefined {
    const [queueName, id] = Buffer.from(String(handle ?? ''), 'base64url').toString('utf8').split('\n');
    if (!id || queueName !== q.name) throw sqsErrors.receiptHandle(String(handle));
    // An old handle of a message received again does not delete it; SQS still answers success.
    return q.messages.find((m) => m.id === id && m.receiptHandle === handle);
  }
  function deleteMessage(q: Queue, handle: unknown): void {
    const m = byHandle(q, handle);
    if (m) { q.messages = q.messages.filter((x) => x !== m); changed(); }
  }
  function changeVisibility(q: Queue, handle: unknown, seconds: unknown): void {
    const m = byHandle(q, handle);
    if (typeof seconds !== 'number' || seconds < 0 || seconds > 43_200) throw sqsErrors.invalid('Value for parameter VisibilityTimeout is invalid. Reason: must be between 0 and 43200.');
    if (!m || m.visibleAt <= Date.now()) throw sqsErrors.notInflight();
    m.visibleAt = Date.now() + seconds * 1000;
    changed();
    if (seconds === 0) wake(q);
  }

  function queueAttributes(q: Queue): Record<string, string> {
    const now = sweep(q);
    const count = (f: (m: StoredMessage) => boolean) => String(q.messages.filter(f).length);
    return {
      ...q.attributes, QueueArn: q.arn,
      ApproximateNumberOfMessages: count((m) => m.visibleAt <= now),
      ApproximateNumberOfMessagesNotVisible: count((m) => m.visibleAt > now && m.receiveCount > 0),
      ApproximateNumberOfMessagesDelayed: count((m) => m.visibleAt > now && m.receiveCount === 0),
    };
  }

  // ---- operations, in the JSON protocol's shapes ----
  type Operation = (input: SqsInput, signal: AbortSignal) => Promise<Record<string, unknown>> | Record<string, unknown>;
  // Inputs arrive untyped from the wire; the SDK's request shapes document what each operation reads.
  const op = <T,>(fn: (input: T, signal: AbortSignal) => Promise<Record<string, unknown>> | Record<string, unknown>) => fn as unknown as Operation;
  const operations: Record<string, Operation> = {
    ListQueues: op((i: ListQueuesRequest) => {
      const urls = [...queues.values()].filter((q) => q.name.startsWith(i.QueueNamePrefix ?? '')).map(urlOf).slice(0, i.MaxResults ?? 1000);
      return urls.length ? { QueueUrls: urls } : {};
    }),
    GetQueueUrl: op((i: GetQueueUrlRequest) => ({ QueueUrl: urlOf(find(i.QueueName)) })),
    CreateQueue: op((i: CreateQueueRequest) => {
      const name = i.QueueName;
      if (!name || !/^[\w-]{1,80}(\.fifo)?$/.test(name)) throw sqsErrors.invalid('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
      if (name.endsWith('.fifo') !== (i.Attributes?.FifoQueue === 'true')) throw sqsErrors.invalid('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix.');
      const existing = queues.get(name);
      if (existing) {
        if (Object.entries(i.Attributes ?? {}).some(([k, v]) => (existing.attributes[k] ?? DEFAULTS[k as keyof typeof DEFAULTS]) !== v)) throw sqsErrors.queueExists(name);
        return { QueueUrl: urlOf(existing) };
      }
      const q = newQueue(name, (i.Attributes ?? {}) as Record<string, string>);
      queues.set(name, q);
      changed();
      return { QueueUrl: urlOf(q) };
    }),
    DeleteQueue: (i) => { queues.delete(find(i.QueueUrl).name); changed(); return {}; },
    GetQueueAttributes: op((i: GetQueueAttributesRequest) => {
      const all = queueAttributes(find(i.QueueUrl));
      const names = i.AttributeNames ?? [];
      const Attributes = names.includes('All') ? all : Object.fromEntries(Object.entries(all).filter(([k]) => (names as string[]).includes(k)));
      return Object.keys(Attributes).length ? { Attributes } : {};
    }),
    SetQueueAttributes: op((i: SetQueueAttributesRequest) => {
      const q = find(i.QueueUrl);
      Object.assign(q.attributes, i.Attributes, { LastModifiedTimestamp: String(Math.floor(Date.now() / 1000)) });
      changed();
      return {};
    }),
    SendMessage: (i) => sendMessage(find(i.QueueUrl), i),
    SendMessageBatch: (i) => { const q = find(i.QueueUrl); return answerBatch(i.Entries, (e) => sendMessage(q, e)); },
    ReceiveMessage: op(async (i: ReceiveMessageRequest, signal) => {
      const q = find(i.QueueUrl);
      const max = i.MaxNumberOfMessages ?? 1;
      if (max < 1 || max > 10) throw sqsErrors.invalid('Value for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.');
      const wait = i.WaitTimeSeconds ?? num(q, 'ReceiveMessageWaitTimeSeconds');
      if (wait < 0 || wait > 20) throw sqsErrors.invalid('Value for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20.');
      const taken = await receive(q, max, i.VisibilityTimeout, wait, signal);
      const system = [...(i.MessageSystemAttributeNames ?? []), ...(i.AttributeNames ?? [])] as string[];
      return taken.length ? { Messages: taken.map((m) => view(q, m, system, i.MessageAttributeNames ?? [])) } : {};
    }),
    DeleteMessage: op((i: DeleteMessageRequest) => { deleteMessage(find(i.QueueUrl), i.ReceiptHandle); return {}; }),
    DeleteMessageBatch: (i) => { const q = find(i.QueueUrl); return answerBatch(i.Entries, (e) => (deleteMessage(q, e.ReceiptHandle), {})); },
    ChangeMessageVisibility: op((i: ChangeMessageVisibilityRequest) => { changeVisibility(find(i.QueueUrl), i.ReceiptHandle, i.VisibilityTimeout); return {}; }),
    ChangeMessageVisibilityBatch: (i) => { const q = find(i.QueueUrl); return answerBatch(i.Entries, (e) => (changeVisibility(q, e.ReceiptHandle, e.VisibilityTimeout), {})); },
    PurgeQueue: (i) => { find(i.QueueUrl).messages = []; changed(); return {}; },
    ListDeadLetterSourceQueues: op((i: ListDeadLetterSourceQueuesRequest) => {
      const dlq = find(i.QueueUrl);
      return { queueUrls: [...queues.values()].filter((q) => redriveOf(q)?.deadLetterTargetArn === dlq.arn).map(urlOf) };
    }),
    StartMessageMoveTask: op((i: StartMessageMoveTaskRequest) => startMoveTask(i)),
    ListMessageMoveTasks: op((i: ListMessageMoveTasksRequest) => {
      find(i.SourceArn);
      return { Results: moveTasks.filter((t) => t.SourceArn === i.SourceArn).slice(0, i.MaxResults ?? 1) };
    }),
  };

  /**
   * The documented redrive (`aws sqs start-message-move-task --source-arn <dlq-arn>`): the DLQ's
   * available messages go back to the queue each came from (or to DestinationArn) as new messages,
   * receive count 0. AWS moves them over time; locally the task completes at once.
   */
  function startMoveTask(i: StartMessageMoveTaskRequest) {
    const dlq = find(i.SourceArn);
    const sources = [...queues.values()].filter((q) => redriveOf(q)?.deadLetterTargetArn === dlq.arn);
    if (!sources.length) throw sqsErrors.invalid('Source queue must be configured as a Dead Letter Queue.');
    const destination = i.DestinationArn ? find(i.DestinationArn) : undefined;
    const now = Date.now();
    const moving = dlq.messages.filter((m) => m.visibleAt <= now);
    for (const m of moving) {
      const target = destination ?? queues.get(m.deadLetterSourceArn?.split(':').pop() ?? '') ?? sources[0];
      enqueue(target, { body: m.body, attributes: m.attributes, groupId: m.groupId, dedupId: fifo(target) ? randomUUID() : undefined, delaySeconds: 0 });
    }
    dlq.messages = dlq.messages.filter((m) => !moving.includes(m));
    changed();
    const TaskHandle = Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: dlq.arn })).toString('base64');
    moveTasks.unshift({
      Status: 'COMPLETED', SourceArn: dlq.arn, DestinationArn: i.DestinationArn, MaxNumberOfMessagesPerSecond: i.MaxNumberOfMessagesPerSecond,
      ApproximateNumberOfMessagesMoved: moving.length, ApproximateNumberOfMessagesToMove: moving.length, StartedTimestamp: now,
    });
    log(`moved ${moving.length} message(s) out of ${dlq.name}`);
    return { TaskHandle };
  }

  const service: AwsServiceHandler = {
    signingName: 'sqs',
    async handle(req, res, body) {
      let call;
      try {
        call = decodeSqsRequest(req, body);
      } catch {
        return sendSqsError(res, 'json', new SqsError('SerializationException', 'SerializationException', 'The request body is not valid JSON.'));
      }
      const aborted = new AbortController();
      res.on('close', () => aborted.abort()); // a client gone mid long poll must not take messages
      try {
        const operation = operations[call.action];
        if (!operation) throw sqsErrors.unsupported(call.action || 'An empty Action');
        sendSqsResult(res, call, await operation(call.input, aborted.signal));
      } catch (error) {
        if (error instanceof SqsError) sendSqsError(res, call.protocol, error);
        else throw error;
      }
    },
  };

  return {
    service,
    async send(queueArnOrUrl, body, o = {}) {
      const q = find(queueArnOrUrl);
      const attributes = Object.fromEntries(Object.entries(o.attributes ?? {}).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));
      sendMessage(q, { MessageBody: body, MessageAttributes: attributes, MessageGroupId: o.messageGroupId ?? (fifo(q) ? 'default' : undefined), MessageDeduplicationId: fifo(q) ? randomUUID() : undefined });
    },
    startEventSources(mappings, invoke, functionArn) {
      pollers.push(startPollers({
        mappings, invoke, functionArn, log,
        receive: async (queueArn, max, signal) => {
          const q = find(queueArn);
          const taken = await receive(q, max, undefined, 20, signal);
          return taken.map((m) => view(q, m, ['All'], ['All']));
        },
        delete: (queueArn, handle) => deleteMessage(find(queueArn), handle),
      }));
    },
    async stop() {
      stopped = true;
      for (const set of waiters.values()) set.forEach((w) => w());
      await Promise.all(pollers.map((p) => p.stop()));
      process.off('exit', saveAtExit);
      saveNow();
    },
  };
}
