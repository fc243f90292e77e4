// Strategy: propagation (issue 5 item 4, DESIGN §7) through the real buses and queues of the local cloud. Events are
// put on 揭阳's city bus with the SDK's PutEvents, in the product's envelope and source `ism.445200`, as 揭阳's own
// handlers publish them; 揭阳's inbox applies them, the forward rule sends them to the province bus, which fans them
// out to 汕头's bus and inbox. What each city then holds is read back through its public API.
//
// 1. Order and idempotency: a subject delivered once in order (v1, v2, v3) is the reference; a twin is delivered
//    v1, v3 (v2 held back), then v3 again and v1 again (same eventIds: duplicates) and v2 at last (an older version
//    after a newer one, first time seen). Both cities must show the twin exactly as the reference (the key aside).
//    The duplicates are known to have been processed — not merely assumed — from each inbox's log line "event
//    already applied" for their eventIds; the late v2 from its applied marker in each city's table.
// 2. Dead letters and redrive: 汕头's inbox worker made to fail (POST /_local/faults) with its queue's visibility
//    timeout at 1 s; events put on 揭阳's bus reach 揭阳 and end in 汕头's inbox DLQ after maxReceiveCount, one message
//    each; the fault cleared, THE README's commands (section "Dead letters and redrive", run verbatim with bash and
//    the AWS CLI, the endpoint aside) redrive them and 汕头 then shows every one of them: counted as put, found once
//    each in the DLQ (its messages received, read and made visible again, so that another file's late event there
//    cannot fool the count), moved by the task, applied in 汕头 as in 揭阳, and nothing left in either queue.
// The first runs for credit records (CreditRecorded/CreditChanged with `{ record }`, built with the credit domain's
// transitions: recorded, objected to, objection rejected; functions/credit/replica.ts) and for agency changes
// (AgencyAdmitted/AgencyChanged, functions/agencies/replica.ts); the second puts both kinds in the DLQ at once.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  ChangeMessageVisibilityBatchCommand, GetQueueAttributesCommand, ListMessageMoveTasksCommand, ListQueuesCommand, ReceiveMessageCommand, SetQueueAttributesCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { admittedAgency } from '#functions/agencies/domain/test-fixtures.ts';
import { decideObjection, newRecord, object } from '#functions/credit/domain/record.ts';
import { DEFAULT_CREDIT_POLICY } from '#functions/tenancy/domain/policy/credit-policy.ts';
import type { DetailType } from '#shared/events/detail-types.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { platformKeys } from '#shared/store/keys.ts';
import { cityTable, dynamoClient, freshUscc } from './agencies-fixtures.ts';
import { call, endpoint, eventually, JIEYANG, localCloudOnly, PROVINCE, RONGCHENG, SHANTOU } from './helpers.ts';

// The README blocks run the AWS CLI (about 2 s a call here) some twenty times.
jest.setTimeout(180_000);

const CITIES = [JIEYANG, SHANTOU] as const;
const aws = { endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const sqs = new SQSClient(aws);
const bus = new EventBridgeClient(aws);

interface BusEntry { detailType: DetailType; detail: EventDetail }
/** What a city shows of a subject through its API: its version, and the whole answer with the subject's key replaced by KEY. */
interface Seen { version: number; view: unknown }

/** Something every city replicates, ordered by version. */
interface Replicated {
  label: string;
  /** A fresh subject: its key and the events of its versions 1, 2, 3 (each with an eventId of its own). */
  fresh(): { key: string; versions: BusEntry[] };
  /** What `city` shows of it, once it shows anything. */
  seen(city: string, key: string): Promise<Seen | undefined>;
  /** Words that only version 3 shows. */
  onlyInV3: string;
}

const envelope = <T>(tenant: string, data: T): EventDetail<T> => ({
  eventId: randomUUID(), tenant, city: JIEYANG, province: PROVINCE, occurredAt: new Date().toISOString(), schemaVersion: 1, data,
});
/** The answer with the subject's key (and the random part of a credit record's id) replaced: two subjects compare. */
const withKey = (value: unknown, key: string): unknown => JSON.parse(JSON.stringify(value).replaceAll(key, 'KEY').replace(/CR-KEY-[0-9A-Z]{8}/g, 'CR-KEY-ID'));
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const at = (day: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z`);

/**
 * Credit records issued by 榕城's regulator: an administrative penalty recorded (CreditRecorded v1), objected to by the
 * agency (CreditChanged v2, under objection), the objection rejected (CreditChanged v3, upheld: the record stands).
 * Built with the credit domain's own transitions; read back through GET /v1/agencies/{uscc}/credit (profile and records).
 */
const credit: Replicated = {
  label: 'credit records (CreditRecorded / CreditChanged)',
  onlyInV3: '复议维持原处罚决定',
  fresh() {
    const uscc = freshUscc(RONGCHENG);
    const id = `CR-${uscc}-${Array.from({ length: 8 }, () => CROCKFORD[Math.floor(Math.random() * 32)]).join('')}`;
    const regulator = { by: 'regulator-propagation', role: 'regulator' };
    const v1 = newRecord({
      id, province: PROVINCE, uscc, agencyName: '揭阳市传播测试环境科技有限公司', source: 'regulator', kind: 'administrative-penalty',
      facts: '未按规定编制环境影响报告书，被处以罚款（传播测试）', basis: '揭环罚〔2026〕88 号', effectiveAt: at(2).toISOString(),
      issuedBy: { tenant: RONGCHENG, city: JIEYANG, sub: regulator.by, role: regulator.role },
    }, DEFAULT_CREDIT_POLICY, at(2));
    const v2 = object(v1, { reason: '处罚所依据的事实有误，已申请行政复议', evidence: [], windowEndsAt: at(23).toISOString(), decisionDueAt: at(17).toISOString() }, { by: `agency-${uscc}`, role: 'agency', at: at(3) });
    const v3 = decideObjection(v2, { upheld: false, reason: '复议维持原处罚决定，异议不成立' }, { ...regulator, at: at(5) });
    expect([v1, v2, v3].map((r) => [r.version, r.state])).toEqual([[1, 'active'], [2, 'under-objection'], [3, 'upheld']]);
    const versions = [v1, v2, v3].map((record): BusEntry => ({ detailType: record.version === 1 ? 'CreditRecorded' : 'CreditChanged', detail: envelope(RONGCHENG, { record }) }));
    return { key: uscc, versions };
  },
  async seen(city, uscc) {
    const r = await call(city, 'GET', `/v1/agencies/${uscc}/credit`);
    return r.status === 200 && r.body.records?.length ? { version: r.body.records[0].version, view: withKey(r.body, uscc) } : undefined;
  },
};

/** Agencies admitted in 榕城 (揭阳): AgencyAdmitted v1, then AgencyChanged v2 and v3 (a new address each). */
const agencies: Replicated = {
  label: 'agency changes (AgencyAdmitted / AgencyChanged)',
  onlyInV3: '临江北路 3 号',
  fresh() {
    const uscc = freshUscc(RONGCHENG);
    const base = admittedAgency({ uscc, name: '揭阳市传播测试环境科技有限公司' });
    const versions = [1, 2, 3].map((version): BusEntry => {
      const agency = {
        ...base, admittedIn: RONGCHENG, version, address: `广东省揭阳市榕城区临江北路 ${version} 号`, updatedAt: `2026-11-0${version}T10:00:00+08:00`, updatedBy: 'propagation-test',
        // Valid for years: the daily expiry job has nothing to do with these. No service item: no other file's project
        // finds these agencies qualified (they exist only on the buses, without a clerk to answer).
        qualifications: base.qualifications.map((q) => ({ ...q, validTo: '2030-12-31' })), serviceItems: [],
      };
      return { detailType: version === 1 ? 'AgencyAdmitted' : 'AgencyChanged', detail: envelope(RONGCHENG, { uscc, version, agency }) };
    });
    return { key: uscc, versions };
  },
  async seen(city, uscc) {
    const r = await call(city, 'GET', `/v1/agencies/${uscc}`);
    return r.status === 200 ? { version: r.body.version, view: withKey(r.body, uscc) } : undefined;
  },
};

async function put(entries: BusEntry[]): Promise<void> {
  const out = await bus.send(new PutEventsCommand({
    Entries: entries.map((e) => ({ EventBusName: `ism-city-${JIEYANG}`, Source: `ism.${JIEYANG}`, DetailType: e.detailType, Detail: JSON.stringify(e.detail) })),
  }));
  expect(out.FailedEntryCount).toBe(0);
}

/** Both cities show `version` (or a later one) of the subject; resolves with what each shows. */
const reached = (subject: Replicated, key: string, version: number, timeoutMs = 20_000) => Promise.all(CITIES.map((city) =>
  eventually(async () => {
    const seen = await subject.seen(city, key);
    return seen && seen.version >= version ? seen : undefined;
  }, timeoutMs)));

/** The inbox of `city` has written its applied marker for the event. */
const markerIn = (city: string, eventId: string) => eventually(async () => {
  const out = await dynamoClient().send(new GetItemCommand({ TableName: await cityTable(city), Key: { pk: { S: platformKeys.appliedEvent(city, eventId).pk }, sk: { S: 'APPLIED' } }, ConsistentRead: true }));
  return out.Item ? true : undefined;
});

/** The inbox of `city` received the event again and acknowledged it without effect (its log says so). */
const acknowledgedAgainIn = (city: string, eventId: string) => eventually(async () => {
  const file = join(process.env.ISM_TEST_STATE_DIR!, 'logs', `ism-${city}-inbox.log`);
  const log = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return log.split('\n').some((l) => l.includes('"message":"event already applied"') && l.includes(`"eventId":"${eventId}"`)) ? true : undefined;
});

// ---- queues, as an operator finds them (the README's prefixes) ----
async function queueUrl(prefix: string): Promise<string> {
  const [url] = (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }))).QueueUrls ?? [];
  if (!url) throw new Error(`no queue named ${prefix}…`);
  return url;
}
async function attributes(url: string): Promise<Record<string, string>> {
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
}
/** Waiting plus in flight. */
const messagesIn = async (url: string) => {
  const a = await attributes(url);
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
};

/**
 * The eventIds of the events waiting in a DLQ, each as often as it is there: every message is received (hidden a
 * moment so that the next receive returns others), read, and made visible again at once, as an operator looks into
 * a DLQ before redriving it. Other messages (another test's late events) are listed too, and told apart.
 */
async function eventIdsIn(url: string): Promise<string[]> {
  const seen: { id: string; handle: string; eventId: string }[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 0 }));
    if (!Messages.length) break;
    seen.push(...Messages.map((m) => ({ id: m.MessageId!, handle: m.ReceiptHandle!, eventId: (JSON.parse(m.Body!) as { detail?: { eventId?: string } }).detail?.eventId ?? '?' })));
  }
  for (let i = 0; i < seen.length; i += 10) {
    const entries = seen.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.handle, VisibilityTimeout: 0 }));
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }));
  }
  return seen.map((m) => m.eventId);
}

// ---- the README's commands ----
/** The bash blocks of the README's section "Dead letters and redrive", in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^### Dead letters and redrive$/m)[1]?.split(/^#{2,3} /m)[0];
  if (!section) throw new Error('README has no section "### Dead letters and redrive"');
  return [...section.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}
function readmeBlock(containing: string): string {
  const found = readmeBlocks().filter((b) => b.includes(containing));
  if (found.length !== 1) throw new Error(`README "Dead letters and redrive": ${found.length} blocks with ${containing}`);
  return found[0];
}
/** Runs a README block after the section's first block (credentials, endpoint, queue variables), against this cloud. */
async function runReadme(containing: string): Promise<string> {
  const script = `set -euo pipefail\n${readmeBlock('export AWS_ACCESS_KEY_ID')}\n${readmeBlock(containing)}`.replaceAll('http://localhost:4566', endpoint());
  const out = await promisify(execFile)('bash', ['-c', script], { env: process.env, timeout: 60_000 });
  return out.stdout;
}

const faults = async (method: 'GET' | 'DELETE') => (await (await fetch(`${endpoint()}/_local/faults`, { method })).json()) as { faults?: { function: string; injected: number }[] };

describe.each([credit, agencies])('$label', (subject) => {
  it('the same event twice, and an older version after a newer one, leave the state of a single in-order delivery, in both cities', async () => {
    const reference = subject.fresh();
    for (const v of reference.versions) await put([v]);
    const expected = await reached(subject, reference.key, 3);

    const twin = subject.fresh();
    const [v1, v2, v3] = twin.versions;
    await put([v1]);
    await reached(subject, twin.key, 1);
    await put([v3]);
    await reached(subject, twin.key, 3);
    // Duplicates (the same eventIds again, as SQS's at-least-once delivery or a redrive would bring them) and v2 at last.
    await put([v3, v1, v2]);
    for (const city of CITIES) {
      await markerIn(city, v2.detail.eventId);
      if (process.env.ISM_TEST_STATE_DIR) {
        await acknowledgedAgainIn(city, v3.detail.eventId);
        await acknowledgedAgainIn(city, v1.detail.eventId);
      }
    }
    const seen = await Promise.all(CITIES.map((city) => subject.seen(city, twin.key)));
    expect(seen.map((s) => s?.version)).toEqual([3, 3]);
    expect(seen).toEqual(expected);
    // And the reference is v3 as it was put (the comparison is not between two equally wrong states).
    expect(expected[0].view).toEqual(expected[1].view);
    expect(JSON.stringify(expected[0].view)).toContain(subject.onlyInV3);
  });
});

describe('a consumer made to fail (汕头\'s inbox worker)', () => {
  // Credit records and agency changes alike, in one go: the DLQ does not care what it holds.
  const KINDS = [{ subject: credit, events: 3 }, { subject: agencies, events: 2 }];
  const EVENTS = KINDS.reduce((n, k) => n + k.events, 0);
  let inbox: string;
  let dlq: string;
  let visibility: string;
  afterAll(async () => {
    // Whatever happened, leave the cloud as the other files expect it.
    if (process.env.ISM_TEST_TARGET === 'external') return;
    await faults('DELETE');
    if (visibility) await sqs.send(new SetQueueAttributesCommand({ QueueUrl: inbox, Attributes: { VisibilityTimeout: visibility } }));
  });

  localCloudOnly()('puts every event in 汕头\'s inbox DLQ after maxReceiveCount; the README\'s redrive restores them all, counted', async () => {
    inbox = await queueUrl(`Ism-City-${SHANTOU}-InboxQueue`);
    dlq = await queueUrl(`Ism-City-${SHANTOU}-InboxDeadLetters`);
    const before = await attributes(inbox);
    visibility = before.VisibilityTimeout;
    const maxReceiveCount = Number(JSON.parse(before.RedrivePolicy).maxReceiveCount);

    // The README's "try it" block: the fault, and a 1 s visibility timeout.
    await runReadme('/_local/faults -H');
    expect((await attributes(inbox)).VisibilityTimeout).toBe('1');
    expect((await faults('GET')).faults).toEqual([expect.objectContaining({ function: `ism-${SHANTOU}-inbox` })]);

    const subjects = KINDS.flatMap(({ subject, events }) => Array.from({ length: events }, () => ({ subject, ...subject.fresh() })));
    await put(subjects.map((s) => s.versions[0]));
    // 揭阳's own inbox is healthy: it has them at once.
    for (const s of subjects) await eventually(() => s.subject.seen(JIEYANG, s.key));
    // Each of them in 汕头's DLQ once (whatever else a previous test may have left there), none applied in 汕头.
    const ours = subjects.map((s) => s.versions[0].detail.eventId);
    const inDlq = await eventually(async () => {
      if ((await messagesIn(dlq)) < EVENTS) return undefined;
      const ids = await eventIdsIn(dlq);
      return ours.every((id) => ids.includes(id)) ? ids : undefined;
    }, 60_000);
    expect(inDlq.filter((id) => ours.includes(id)).sort()).toEqual([...ours].sort());
    for (const s of subjects) expect(await s.subject.seen(SHANTOU, s.key)).toBeUndefined();
    // The README's listing shows them: a count per DLQ, 汕头's inbox DLQ with (at least) ours.
    const listed = new RegExp(`^(\\d+)\\s+\\S*Ism-City-${SHANTOU}-InboxDeadLetters`, 'm').exec(await runReadme('contains(@, `DeadLetters`)'));
    expect(Number(listed?.[1])).toBeGreaterThanOrEqual(EVENTS);
    const [fault] = (await faults('GET')).faults!;
    expect(fault.injected).toBeGreaterThanOrEqual(maxReceiveCount);

    // Heal (the README's block), then the README's redrive, verbatim.
    await runReadme('-X DELETE');
    expect((await faults('GET')).faults).toEqual([]);
    expect((await attributes(inbox)).VisibilityTimeout).toBe(visibility);
    visibility = '';
    // What the redrive will move: ours, once each (and anything else that was there).
    const deadLetters = await eventIdsIn(dlq);
    expect(deadLetters.filter((id) => ours.includes(id)).sort()).toEqual([...ours].sort());
    expect(await runReadme('start-message-move-task')).toContain('ApproximateNumberOfMessagesMoved');

    // Every one back and applied in 汕头, as in 揭阳; nothing left behind, nothing counted twice.
    for (const s of subjects) await eventually(() => s.subject.seen(SHANTOU, s.key));
    await eventually(async () => ((await messagesIn(inbox)) === 0 ? true : undefined));
    expect(await eventIdsIn(dlq)).toEqual([]);
    const [task] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: (await attributes(dlq)).QueueArn }))).Results ?? [];
    expect(task).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: deadLetters.length });
    for (const s of subjects) {
      const [inJieyang, inShantou] = await Promise.all(CITIES.map((city) => s.subject.seen(city, s.key)));
      expect(inShantou).toEqual(inJieyang);
      for (const city of CITIES) await markerIn(city, s.versions[0].detail.eventId);
    }
  });
});
