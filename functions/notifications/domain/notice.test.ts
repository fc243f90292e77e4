// Strategy: the small facts a notice rests on — its id is a function of the key alone, a phone number is shown
// masked and texted only when it is a mobile, and a rejected record never keeps a task token or a contact.
import * as fc from 'fast-check';
import { NOTICE_ID, REJECTED_BODY_LIMIT, maskPhone, mobileNumber, noticeId, noticeView, rejectedBody, smsText, type Notice } from './notice.ts';

describe('noticeId', () => {
  it('is the same for the same key and well-formed for any key', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 512 }), (key) => {
      expect(noticeId(key)).toBe(noticeId(key));
      expect(noticeId(key)).toMatch(NOTICE_ID);
    }));
  });

  it('differs between keys that differ', () => {
    expect(noticeId('P-1#91445200MA4W3K7RX7')).not.toBe(noticeId('P-1#91445202MA52B6LT5P'));
  });
});

describe('phone numbers', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['86 13800138000', '13800138000'],
    ['0663-8123456', undefined],
    ['12800138000', undefined],
    [undefined, undefined],
  ])('mobileNumber(%s) = %s', (input, expected) => {
    expect(mobileNumber(input)).toBe(expected);
  });

  it('are masked to the first three and the last four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('0663-8123456')).toBe('066****3456');
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('rejectedBody', () => {
  it('removes task tokens and contacts', () => {
    const kept = JSON.parse(rejectedBody(JSON.stringify({ kind: 'x', taskToken: 'secret', contact: { phone: '13800138000' }, other: 1 })));
    expect(kept).toEqual({ kind: 'x', taskToken: '[removed]', contact: '[removed]', other: 1 });
  });

  it('keeps text as it is, cut at the limit', () => {
    expect(rejectedBody('not json')).toBe('not json');
    expect(rejectedBody('x'.repeat(REJECTED_BODY_LIMIT + 10))).toHaveLength(REJECTED_BODY_LIMIT + 1);
  });
});

it('the SMS is the Chinese body, signed; the view leaves out the delivery bookkeeping', () => {
  const notice = { id: 'NTC-0', body: { zh: '正文', en: 'body' }, messageId: 'm', sms: 'done', smsClaimedAt: 'x', readBy: 'clerk', deliveries: [] } as unknown as Notice;
  expect(smsText(notice)).toBe('【网上中介服务超市】正文');
  expect(noticeView(notice)).toEqual({ id: 'NTC-0', body: { zh: '正文', en: 'body' }, deliveries: [], read: false });
});
