import type { SmsChannel } from '../../core/ports.js';
import { e164, type TwilioClient } from './twilio-client.js';

/** SMS through a Twilio-compatible Messages API. */
export const createTwilioSmsChannel = (client: TwilioClient): SmsChannel => ({
  async send({ to, text }) {
    if (!e164.test(to)) throw new Error('sms delivery refused: the number is not in E.164 format');
    await client.post('Messages', { To: to, From: client.from, Body: text }, 'sms delivery');
  },
});
