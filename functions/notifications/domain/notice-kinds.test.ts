// Strategy: readNoticeMessage is the contract with every producer, so each kind is read from the exact shape its
// producer sends (the expiry job's own exported type), rendered in both languages, and every way a message can
// fail to be a notice is named — an unknown kind with the common members is a notice, never a rejection.
import type { QualificationExpiryNotice } from '#functions/agencies/expiry-job.ts';
import { readNoticeMessage, shanghaiMinute, type AcceptedMessage } from './notice-kinds.ts';
import { USCC, announcement } from './test-fixtures.ts';

const accepted = (body: unknown): AcceptedMessage => {
  const read = readNoticeMessage(typeof body === 'string' ? body : JSON.stringify(body));
  if (!read.accepted) throw new Error(`rejected: ${read.rejection.reasons.join('; ')}`);
  return read.message;
};
const reasons = (body: string) => {
  const read = readNoticeMessage(body);
  if (read.accepted) throw new Error('accepted');
  return read.rejection;
};

describe('ProjectAnnouncement (项目公告, 短信邀请)', () => {
  it('is addressed to the agency, in the project\'s tenant, rendered in Chinese and English with the deadline in Beijing time', () => {
    const m = accepted(announcement);
    expect(m).toMatchObject({ kind: 'ProjectAnnouncement', key: announcement.key, known: true, tenant: '445203', agencyUscc: USCC, agencyName: '揭阳市绿源环境科技有限公司', contact: { phone: '13800138000' } });
    expect(m.rendered.title).toEqual({ zh: '新项目公告：揭东区某道路工程环境影响评价', en: 'New project: 揭东区某道路工程环境影响评价' });
    expect(m.rendered.body.zh).toContain('报名截止时间为北京时间 2026-03-02 17:00');
    expect(m.rendered.body.zh).toContain('“建设项目环境影响报告书编制”（ZJ-445200-0001）');
    expect(m.rendered.body.en).toContain('until 2026-03-02 17:00 Beijing time');
    expect(m.rendered.link).toBe(announcement.announcementUrl);
  });

  it('keeps the message as data, without the contact person', () => {
    const m = accepted({ ...announcement, lot: 2 });
    expect(m.data).toMatchObject({ projectId: 'P-445203-0001', lot: 2 });
    expect(m.data).not.toHaveProperty('contact');
  });

  it('a missing member of the kind is a rejection that names it', () => {
    const { closesAt: _c, ...rest } = announcement;
    void _c;
    expect(reasons(JSON.stringify(rest))).toEqual({ kind: 'ProjectAnnouncement', key: announcement.key, reasons: [expect.stringMatching(/^closesAt: /)] });
    expect(reasons(JSON.stringify({ ...announcement, closesAt: '2026-03-02 17:00' })).reasons).toEqual([expect.stringMatching(/^closesAt: /)]);
  });
});

describe('QualificationExpiryWarning (资质到期预警) as the daily job sends it', () => {
  const warning: QualificationExpiryNotice = {
    kind: 'QualificationExpiryWarning', key: `qualification-expiry/${USCC}/q-1/2026-04-11`, uscc: USCC, qualificationId: 'q-1',
    type: '环境影响评价', number: '粤环评〔2025〕0001号', validTo: '2026-04-11', daysLeft: 10,
    agencyName: '揭阳市绿源环境科技有限公司', admittedIn: '445202', contact: { name: '林晓', phone: '13800138000', email: 'linxiao@example.cn' },
  };

  it('is addressed by its own member names: uscc and the admitting tenant', () => {
    const m = accepted(warning);
    expect(m).toMatchObject({ known: true, tenant: '445202', agencyUscc: USCC, contact: { phone: '13800138000' } });
    expect(m.rendered.title).toEqual({ zh: '资质即将到期：环境影响评价', en: 'Qualification expiring: 环境影响评价' });
    expect(m.rendered.body.zh).toContain('将于 2026-04-11 到期，还剩 10 天');
    expect(m.rendered.body.en).toContain('expires on 2026-04-11, in 10 days');
  });

  it('says so on the last valid day', () => {
    const m = accepted({ ...warning, daysLeft: 0 });
    expect(m.rendered.body.zh).toContain('今天（2026-04-11）是最后有效日');
    expect(m.rendered.body.en).toContain('today (2026-04-11) is its last valid day');
  });
});

describe('AwardNotice (中选结果公示) as the timeline sends it to each registrant', () => {
  const award = {
    kind: 'AwardNotice', key: `P-445203-0001#award-1#${USCC}`, tenant: '445203', city: '445200', projectId: 'P-445203-0001', projectName: '某道路工程环评',
    serviceItem: { code: 'ZJ-445200-0001', name: '建设项目环境影响报告书编制' }, announcementUrl: '/v1/tenants/445203/projects/P-445203-0001',
    agencyUscc: USCC, winner: '91445202MA52B6LT5P', won: false, publicityEndsAt: '2026-03-06T00:00:00.000+08:00',
  };

  it('tells a registrant who did not win who did, until when, and that it may object', () => {
    const m = accepted(award);
    expect(m).toMatchObject({ known: true, tenant: '445203', agencyUscc: USCC });
    expect(m.rendered.title.zh).toBe('中选结果公示：某道路工程环评');
    expect(m.rendered.body.zh).toContain('（中选机构 91445202MA52B6LT5P），公示至北京时间 2026-03-06 00:00。如有异议');
  });

  it('tells the winner it won', () => {
    const m = accepted({ ...award, won: true, winner: USCC });
    expect(m.rendered.title).toEqual({ zh: '中选通知：某道路工程环评', en: 'Selected: 某道路工程环评' });
    expect(m.rendered.body.en).toContain('Your agency was selected');
  });
});

describe('a kind without a renderer (ObjectionDecided, …)', () => {
  const common = { kind: 'ObjectionDecided', key: `P-1#${USCC}#objection-1`, tenant: '445203', agencyUscc: USCC };

  it('is stored from the common members with a neutral text naming the kind', () => {
    const m = accepted(common);
    expect(m).toMatchObject({ kind: 'ObjectionDecided', known: false, tenant: '445203', agencyUscc: USCC });
    expect(m.rendered.title).toEqual({ zh: '新通知：ObjectionDecided', en: 'New notice: ObjectionDecided' });
  });

  it('uses the producer\'s subject and body: a string for both languages, or {zh, en}', () => {
    const m = accepted({ ...common, subject: '中选结果公示', body: { zh: '贵机构报名的项目已公示中选结果。', en: 'The award of a project you registered for is published.' }, link: '/portal/x' });
    expect(m.rendered).toEqual({
      title: { zh: '中选结果公示', en: '中选结果公示' },
      body: { zh: '贵机构报名的项目已公示中选结果。', en: 'The award of a project you registered for is published.' },
      link: '/portal/x',
    });
  });

  it('without an addressee it is rejected, not guessed', () => {
    expect(reasons(JSON.stringify({ ...common, agencyUscc: undefined })).reasons).toEqual([expect.stringMatching(/^agencyUscc: /)]);
    expect(reasons(JSON.stringify({ ...common, agencyUscc: '91445200MA4W3K7RX8' })).reasons).toEqual([expect.stringMatching(/^agencyUscc: /)]);
    expect(reasons(JSON.stringify({ ...common, tenant: '4452' })).reasons).toEqual([expect.stringMatching(/^tenant: /)]);
  });

  it('a kind named like an Object member is just another unknown kind', () => {
    expect(accepted({ ...common, kind: 'toString' }).known).toBe(false);
    expect(accepted({ ...common, kind: 'constructor' }).known).toBe(false);
  });
});

describe('messages that are no notice', () => {
  it.each([
    ['not JSON', 'hello', ['the body is not JSON']],
    ['JSON but not an object', '[1,2]', ['the body is not a JSON object']],
    ['null', 'null', ['the body is not a JSON object']],
    ['no kind', JSON.stringify({ key: 'k' }), ['no kind']],
    ['no key', JSON.stringify({ kind: 'ProjectAnnouncement' }), ['no key']],
    ['neither', JSON.stringify({ kind: '', key: 3 }), ['no kind', 'no key']],
  ])('%s', (_what, body, expected) => {
    expect(reasons(body).reasons).toEqual(expected);
  });

  it('the timeline skeleton\'s decision request (no key) is one', () => {
    expect(reasons(JSON.stringify({ kind: 'operator-decision-requested', taskToken: 't', projectId: 'P', tenant: '445200' }))).toEqual({ kind: 'operator-decision-requested', reasons: ['no key'] });
  });
});

it('shanghaiMinute reads any offset as Beijing time', () => {
  expect(shanghaiMinute('2026-03-02T17:00:00+08:00')).toBe('2026-03-02 17:00');
  expect(shanghaiMinute('2026-03-02T23:30:00Z')).toBe('2026-03-03 07:30');
});
