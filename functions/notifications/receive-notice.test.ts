// Strategy: the consumer's promises, against an in-memory store with DynamoDB's conditional semantics (a put
// fails on an existing id, an update fails on its condition): a message delivered once, twice or concurrently
// is one notice and one SMS; a failing gateway releases the claim so a redelivery sends it; a claim left by an
// invocation that died is taken over after the lease; a message that is no notice is a rejected record once per
// SQS message id and never a throw. A property test drives arbitrary redeliveries with gateway failures.
import * as fc from 'fast-check';
import { announcement } from './domain/test-fixtures.ts';
import { SMS_CLAIM_LEASE_MS, noticeId, type Delivery, type Notice, type RejectedNotice } from './domain/notice.ts';
import type { SmsMessage, SmsPort } from './adapters/sms-port.ts';
import { type NoticeStore, type ReceiveDeps, receiveNotice } from './receive-notice.ts';

class MemoryStore implements NoticeStore {
  notices = new Map<string, Notice>();
  rejected = new Map<string, RejectedNotice>();
  async putIfAbsent(n: Notice) {
    if (this.notices.has(n.id)) return false;
    this.notices.set(n.id, structuredClone(n));
    return true;
  }
  async get(id: string) {
    const n = this.notices.get(id);
    return n && structuredClone(n);
  }
  async claimSms(id: string, at: string, staleBefore: string) {
    const n = this.notices.get(id)!;
    if (!(n.sms === 'pending' || (n.sms === 'sending' && n.smsClaimedAt! < staleBefore))) return false;
    Object.assign(n, { sms: 'sending', smsClaimedAt: at });
    return true;
  }
  async finishSms(id: string, delivery: Delivery) {
    const n = this.notices.get(id)!;
    if (n.sms !== 'sending') throw new Error('claim lost');
    Object.assign(n, { sms: 'done', deliveries: [...n.deliveries, delivery], smsClaimedAt: undefined });
  }
  async releaseSms(id: string) {
    const n = this.notices.get(id)!;
    if (n.sms === 'sending') Object.assign(n, { sms: 'pending', smsClaimedAt: undefined });
  }
  async putRejected(r: RejectedNotice) {
    if (this.rejected.has(r.messageId)) return false;
    this.rejected.set(r.messageId, r);
    return true;
  }
}

class RecordingSms implements SmsPort {
  sent: SmsMessage[] = [];
  failNext = 0;
  async send(message: SmsMessage): Promise<Delivery> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('gateway unavailable');
    }
    this.sent.push(message);
    return { channel: 'sms', to: '138****8000', status: 'sent', at: '2026-03-01T00:00:00.000Z', reference: `gw-${this.sent.length}` };
  }
}

function setup(now = new Date('2026-03-01T08:00:00Z')) {
  const store = new MemoryStore();
  const sms = new RecordingSms();
  const phones = new Map<string, string>();
  const clock = { now };
  const deps: ReceiveDeps = { city: '445200', store, sms, contacts: { phoneOf: async (u) => phones.get(u) }, now: () => clock.now };
  return { store, sms, phones, clock, deps };
}

const body = (over: Record<string, unknown> = {}) => JSON.stringify({ ...announcement, ...over });

describe('idempotent on the message key', () => {
  it('a message delivered twice is one notice and one SMS', async () => {
    const { store, sms, deps } = setup();
    const first = await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    const again = await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    expect(first.outcome).toBe('stored');
    expect(again.outcome).toBe('duplicate');
    expect(store.notices.size).toBe(1);
    expect(sms.sent).toEqual([{ noticeId: noticeId(announcement.key), kind: 'ProjectAnnouncement', to: '13800138000', text: expect.stringMatching(/^【网上中介服务超市】揭阳市绿源环境科技有限公司：/) }]);
    expect(store.notices.get(noticeId(announcement.key))).toMatchObject({ sms: 'done', messageId: 'm-1', deliveries: [{ channel: 'sms', status: 'sent' }] });
  });

  it('a duplicate send (another message id, the same key) is the same notice; the first one\'s content stays', async () => {
    const { store, sms, deps } = setup();
    await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    const dup = await receiveNotice({ messageId: 'm-2', body: body({ projectName: '改过的名称' }) }, deps);
    expect(dup).toMatchObject({ outcome: 'duplicate', notice: { messageId: 'm-1', title: { zh: expect.not.stringContaining('改过的名称') } } });
    expect(store.notices.size).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('concurrent deliveries store one notice and send one SMS', async () => {
    const { store, sms, deps } = setup();
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => receiveNotice({ messageId: `m-${i}`, body: body() }, deps)));
    expect(outcomes.filter((o) => o.outcome === 'stored')).toHaveLength(1);
    expect(store.notices.size).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('different agencies of one project are different notices', async () => {
    const { store, deps } = setup();
    await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    await receiveNotice({ messageId: 'm-2', body: body({ agencyUscc: '91445202MA52B6LT5P', key: `${announcement.projectId}#91445202MA52B6LT5P` }) }, deps);
    expect(store.notices.size).toBe(2);
  });
});

describe('the SMS', () => {
  it('a failing gateway releases the claim and fails the message; the redelivery sends it once', async () => {
    const { store, sms, deps } = setup();
    sms.failNext = 1;
    await expect(receiveNotice({ messageId: 'm-1', body: body() }, deps)).rejects.toThrow('gateway unavailable');
    expect(store.notices.get(noticeId(announcement.key))).toMatchObject({ sms: 'pending', deliveries: [] });
    const retried = await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    expect(retried).toMatchObject({ outcome: 'duplicate', delivery: { status: 'sent' } });
    expect(sms.sent).toHaveLength(1);
  });

  it('a claim left by an invocation that died is taken over after the lease, not before', async () => {
    const { store, sms, clock, deps } = setup();
    const id = noticeId(announcement.key);
    // The first invocation claims the SMS and never comes back (Lambda timed out).
    void receiveNotice({ messageId: 'm-1', body: body() }, { ...deps, sms: { send: () => new Promise<never>(() => {}) } });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.notices.get(id)!.sms).toBe('sending');
    clock.now = new Date(clock.now.getTime() + SMS_CLAIM_LEASE_MS - 1000);
    await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    expect(sms.sent).toHaveLength(0);
    clock.now = new Date(clock.now.getTime() + 2000);
    await receiveNotice({ messageId: 'm-1', body: body() }, deps);
    expect(sms.sent).toHaveLength(1);
    expect(store.notices.get(id)!.sms).toBe('done');
  });

  it('without a contact in the message, the agency record\'s mobile is texted', async () => {
    const { sms, phones, deps } = setup();
    phones.set(announcement.agencyUscc, '+86 139-0000-1111');
    await receiveNotice({ messageId: 'm-1', body: body({ contact: undefined }) }, deps);
    expect(sms.sent.map((m) => m.to)).toEqual(['13900001111']);
  });

  it.each([
    ['no number anywhere', undefined, { to: '', reason: 'no contact number' }],
    ['an office line', '0663-8123456', { to: '066****3456', reason: 'not a mobile number' }],
  ])('%s: the delivery is recorded as skipped', async (_what, phone, expected) => {
    const { store, sms, phones, deps } = setup();
    if (phone) phones.set(announcement.agencyUscc, phone);
    await receiveNotice({ messageId: 'm-1', body: body({ contact: undefined }) }, deps);
    expect(sms.sent).toEqual([]);
    expect(store.notices.get(noticeId(announcement.key))).toMatchObject({ sms: 'done', deliveries: [{ channel: 'sms', status: 'skipped', ...expected }] });
  });
});

describe('messages that are no notice', () => {
  it('become a rejected record once per message id, and never throw', async () => {
    const { store, deps } = setup();
    const first = await receiveNotice({ messageId: 'bad-1', body: '{not json', receiveCount: 1 }, deps);
    const again = await receiveNotice({ messageId: 'bad-1', body: '{not json', receiveCount: 2 }, deps);
    expect(first).toMatchObject({ outcome: 'rejected', first: true, rejected: { messageId: 'bad-1', city: '445200', reasons: ['the body is not JSON'], body: '{not json', receiveCount: 1 } });
    expect(again).toMatchObject({ outcome: 'rejected', first: false });
    expect(store.rejected.size).toBe(1);
    expect(store.notices.size).toBe(0);
  });
});

it('property: any redeliveries of one message, with gateway failures between them, leave one notice and at most one SMS — exactly one once a delivery succeeded', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (gatewayFails) => {
    const { store, sms, deps } = setup();
    let succeeded = false;
    for (const [i, fails] of gatewayFails.entries()) {
      sms.failNext = fails ? 1 : 0;
      try {
        await receiveNotice({ messageId: `m-${i % 2}`, body: body() }, deps);
        succeeded = true;
      } catch {
        /* SQS delivers it again */
      }
    }
    expect(store.notices.size).toBe(1);
    expect(sms.sent.length).toBe(succeeded ? 1 : 0);
    expect(store.notices.get(noticeId(announcement.key))!.deliveries).toHaveLength(sms.sent.length);
  }));
});
