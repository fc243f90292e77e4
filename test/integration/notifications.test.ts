// Strategy: the notifications queue as its producers use it, through the local cloud. A ProjectAnnouncement (the
// message the procurement timeline sends each qualified agency) is sent twice with the AWS SDK to 揭阳's
// notifications queue, and the agency reads exactly one notice through the API, rendered in Chinese and English,
// with the SMS the logging adapter recorded (masked number). A later kind without a renderer is stored from its
// own subject; a malformed message ends as a rejected record with the queue drained — not in a retry loop, not in
// the DLQ. Finally the daily expiry job's own warning, for an agency admitted by joint review with a certificate
// expiring in 10 days, arrives rendered in that agency's inbox, where the operators of its tenant read it too.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { applyAndSubmit, applicationBody, cityTable, clerkOf, dayOffset, dynamoClient, freshUscc, regulatorOf } from './agencies-fixtures.ts';
import { call, type Claims, endpoint, eventually, JIEDONG, JIEYANG, localCloudOnly, operatorOf, RONGCHENG } from './helpers.ts';

jest.setTimeout(90_000);

const sqs = new SQSClient({ endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** The city's notifications queue (or its dead-letter queue), found by name as an operator would with `aws sqs list-queues`. */
async function notificationsQueue(city: string, deadLetters = false): Promise<string> {
  const urls = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
  const url = urls.find((u) => new RegExp(`${city}.*Notifications`, 'i').test(u) && /DeadLetter/i.test(u) === deadLetters);
  if (!url) throw new Error(`no notifications queue of ${city} in ${urls.join(', ')}`);
  return url;
}

async function send(body: string, attributes: Record<string, string> = {}): Promise<string> {
  const out = await sqs.send(new SendMessageCommand({
    QueueUrl: await notificationsQueue(JIEYANG), MessageBody: body,
    MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
  }));
  return out.MessageId!;
}

/** Messages waiting or in flight: 0 once the worker has acknowledged everything. */
async function inQueue(url: string): Promise<number> {
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
  return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
}
const drained = () => eventually(async () => ((await inQueue(await notificationsQueue(JIEYANG))) === 0 ? true : undefined));

interface Notice { id: string; kind: string; key: string; title: { zh: string; en: string }; body: { zh: string; en: string }; read: boolean; readAt?: string; deliveries: { channel: string; to: string; status: string }[]; data: Record<string, unknown> }
const inbox = (uscc: string, as: Claims, query = '') => call<{ items: Notice[]; unread: number; nextCursor?: string }>(JIEYANG, 'GET', `/v1/agencies/${uscc}/notifications${query}`, { as });
/** The agency's notice of a kind once its SMS is recorded. */
const noticeOf = (uscc: string, kind: string) => eventually(async () => (await inbox(uscc, clerkOf(JIEDONG, uscc))).body.items?.find((n) => n.kind === kind && n.deliveries.length > 0), 20_000);

describe('主动推送: a project announcement reaches the agency once', () => {
  const uscc = freshUscc(JIEDONG);
  const me = clerkOf(JIEDONG, uscc);
  const projectId = `P-${JIEDONG}-${uscc.slice(-6)}`;
  const announcement = {
    kind: 'ProjectAnnouncement', key: `${projectId}#${uscc}`, tenant: JIEDONG, city: JIEYANG, projectId, projectName: '揭东区某道路工程环境影响评价',
    serviceItem: { code: `ZJ-${JIEYANG}-0001`, name: '建设项目环境影响报告书编制' }, agencyUscc: uscc, agencyName: '揭阳市测试环评有限公司',
    contact: { name: '林晓', phone: '13800138000' }, closesAt: '2026-12-01T09:00:00Z', announcementUrl: `/v1/tenants/${JIEDONG}/projects/${projectId}`,
  };
  let notice: Notice;

  it('sent twice, it is one notice with one SMS, rendered in Chinese and English', async () => {
    const attributes = { kind: announcement.kind, key: announcement.key };
    await send(JSON.stringify(announcement), attributes);
    await send(JSON.stringify(announcement), attributes);
    notice = await noticeOf(uscc, 'ProjectAnnouncement');
    await drained();
    const r = await inbox(uscc, me);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.unread).toBe(1);
    expect(r.body.items[0]).toMatchObject({
      id: expect.stringMatching(/^NTC-[0-9a-f]{24}$/), key: announcement.key, tenant: JIEDONG, agencyUscc: uscc, read: false,
      title: { zh: `新项目公告：${announcement.projectName}`, en: `New project: ${announcement.projectName}` },
      body: { zh: expect.stringContaining('报名截止时间为北京时间 2026-12-01 17:00'), en: expect.stringContaining('until 2026-12-01 17:00 Beijing time') },
      link: announcement.announcementUrl,
      // The logging SMS adapter: what would have been texted, to the masked number; no gateway yet.
      deliveries: [{ channel: 'sms', to: '138****8000', status: 'logged', at: expect.any(String) }],
    });
    expect(JSON.stringify(r.body)).not.toContain('13800138000');
  });

  it('the agency marks it read; a second mark keeps the first reading', async () => {
    const path = `/v1/agencies/${uscc}/notifications/${notice.id}/read`;
    const first = await call<Notice>(JIEYANG, 'POST', path, { as: me });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: notice.id, read: true, readAt: expect.any(String) });
    const again = await call<Notice>(JIEYANG, 'POST', path, { as: me });
    expect(again.body.readAt).toBe(first.body.readAt);
    expect((await inbox(uscc, me, '?status=unread')).body).toMatchObject({ items: [], unread: 0 });
  });

  it('nobody else reads or marks it', async () => {
    const other = clerkOf(JIEDONG, freshUscc(JIEDONG));
    const problem = (r: { status: number; headers: Headers; body: unknown }, status: number, code: string) => {
      expect(r.status).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toMatchObject({ code, message: { zh: expect.any(String), en: expect.any(String) } });
    };
    // Without a token the JWT authorizer answers before the function (as API Gateway does).
    expect((await call(JIEYANG, 'GET', `/v1/agencies/${uscc}/notifications`)).status).toBe(401);
    problem(await inbox(uscc, other), 403, 'auth.forbidden');
    // Not an admitted agency here: no tenant's operator governs it.
    problem(await inbox(uscc, operatorOf(JIEDONG)), 404, 'resource.not-found');
    problem(await call(JIEYANG, 'POST', `/v1/agencies/${uscc}/notifications/${notice.id}/read`, { as: operatorOf(JIEDONG) }), 403, 'auth.forbidden');
    // Another agency naming this notice under its own code finds nothing.
    problem(await call(JIEYANG, 'POST', `/v1/agencies/${other.agency}/notifications/${notice.id}/read`, { as: other }), 404, 'resource.not-found');
    problem(await call(JIEYANG, 'POST', `/v1/agencies/${uscc}/notifications/NTC-123/read`, { as: me }), 400, 'request.invalid');
  });

  it('a later kind without a renderer is stored from its own subject and body, not dropped', async () => {
    await send(JSON.stringify({
      kind: 'ObjectionDecided', key: `${projectId}#objection-1#${uscc}`, tenant: JIEDONG, agencyUscc: uscc,
      subject: { zh: '质疑处理结果', en: 'Objection decided' }, body: { zh: '贵机构提出的质疑已处理完毕。', en: 'Your objection has been decided.' },
    }));
    const later = await noticeOf(uscc, 'ObjectionDecided');
    expect(later).toMatchObject({ known: false, title: { zh: '质疑处理结果', en: 'Objection decided' }, body: { zh: '贵机构提出的质疑已处理完毕。' } });
    // Without a contact in the message, the number comes from the agency record; this agency has none here.
    expect(later.deliveries).toEqual([expect.objectContaining({ status: 'skipped', reason: 'no contact number' })]);
    const r = await inbox(uscc, me);
    expect(r.body.items.map((n) => n.kind)).toEqual(['ObjectionDecided', 'ProjectAnnouncement']);
    expect(r.body.unread).toBe(1);
  });
});

describe('a message that is no notice', () => {
  localCloudOnly()('ends as a rejected record, acknowledged: not retried, not in the dead-letter queue', async () => {
    const table = await cityTable(JIEYANG);
    const dlqBefore = await inQueue(await notificationsQueue(JIEYANG, true));
    const rejectedRow = (messageId: string) => eventually(async () => {
      const item = (await dynamoClient().send(new GetItemCommand({ TableName: table, Key: marshall({ pk: `${JIEYANG}#NOTICE-REJECTED#${messageId}`, sk: 'REJECTED' }), ConsistentRead: true }))).Item;
      return item && unmarshall(item);
    });
    const notJson = await send('这不是 JSON');
    const noKey = await send(JSON.stringify({ kind: 'operator-decision-requested', taskToken: 'secret-token', projectId: 'P-1', tenant: JIEYANG }));
    expect(await rejectedRow(notJson)).toMatchObject({ reasons: ['the body is not JSON'], body: '这不是 JSON', receiveCount: 1 });
    const second = await rejectedRow(noKey);
    expect(second).toMatchObject({ kind: 'operator-decision-requested', reasons: ['no key'] });
    expect(second.body).not.toContain('secret-token');
    await drained();
    // Given time for a redelivery, nothing came back: still received once, and the DLQ holds nothing new.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await rejectedRow(notJson)).receiveCount).toBe(1);
    expect(await inQueue(await notificationsQueue(JIEYANG))).toBe(0);
    expect(await inQueue(await notificationsQueue(JIEYANG, true))).toBe(dlqBefore);
  });
});

describe('the daily expiry job\'s warnings are rendered in the agency\'s inbox', () => {
  const uscc = freshUscc(JIEDONG);
  const me = clerkOf(JIEDONG, uscc);
  const validTo = dayOffset(10);

  localCloudOnly()('an agency admitted in 揭东 with a certificate expiring in 10 days is warned, by notice and SMS', async () => {
    const body = applicationBody(uscc, '揭阳市揭东区到期预警测试环评有限公司', [{ tenant: JIEYANG, code: `ZJ-${JIEYANG}-0001` }], [
      { id: 'q-eia', type: '环境影响评价', number: '粤环评〔2026〕8888号', issuer: '广东省生态环境厅', validFrom: '2025-01-01', validTo },
    ]);
    // Unknown to the e-licence library: joint review by the county's operator and the environment regulator.
    const { id, submitted } = await applyAndSubmit(JIEYANG, me, body);
    expect(submitted.body.status).toBe('submitted');
    for (const reviewer of [regulatorOf(JIEYANG, 'environment'), operatorOf(JIEDONG)]) {
      expect((await call(JIEYANG, 'POST', `/v1/agencies/applications/${id}/review`, { as: reviewer, body: { decision: 'approve', reason: '同意' } })).status).toBe(200);
    }
    expect((await call(JIEYANG, 'GET', `/v1/agencies/${uscc}`)).body.status).toBe('active');

    expect((await fetch(`${endpoint()}/_local/rules/ism-${JIEYANG}-agency-expiry-schedule/trigger`, { method: 'POST' })).status).toBe(202);
    const warning = await noticeOf(uscc, 'QualificationExpiryWarning');
    expect(warning).toMatchObject({
      key: `qualification-expiry/${uscc}/q-eia/${validTo}`, tenant: JIEDONG, known: true,
      title: { zh: '资质即将到期：环境影响评价', en: 'Qualification expiring: 环境影响评价' },
      body: { zh: expect.stringContaining(`将于 ${validTo} 到期，还剩 10 天`), en: expect.stringContaining(`expires on ${validTo}, in 10 days`) },
      deliveries: [{ channel: 'sms', to: '138****8000', status: 'logged' }],
    });

    // The operators governing its admitting tenant read the inbox too; another county's operator does not.
    expect((await inbox(uscc, operatorOf(JIEDONG))).body.items.map((n) => n.id)).toContain(warning.id);
    expect((await inbox(uscc, operatorOf(JIEYANG))).status).toBe(200);
    expect((await inbox(uscc, operatorOf(RONGCHENG))).status).toBe(403);
    expect((await inbox(uscc, regulatorOf(JIEYANG, 'environment'))).status).toBe(403);
  });
});
