import type { Logger } from '@aws-lambda-powertools/logger';
import { maskPhone } from '../domain/notice.ts';
import type { SmsMessage, SmsPort } from './sms-port.ts';

/**
 * The SMS adapter until a gateway is contracted: nothing leaves the platform. The text and the masked number go
 * to the log, and the notice records a `logged` delivery, so what would have been sent is visible and testable.
 */
export function loggingSms(logger: Pick<Logger, 'info'>, now: () => Date = () => new Date()): SmsPort {
  return {
    async send(message: SmsMessage) {
      const to = maskPhone(message.to);
      logger.info('SMS not sent (logging adapter): the text it would carry', { noticeId: message.noticeId, kind: message.kind, to, text: message.text });
      return { channel: 'sms', to, status: 'logged', at: now().toISOString() };
    },
  };
}
