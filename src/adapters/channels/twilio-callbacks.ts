import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ProviderCallback, VoiceCallbacks } from '../../core/ports.js';
import { answerTwiml } from './twilio-twiml.js';

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed with the auth token, over the full URL the
 * provider posted to followed by every POST field as name + value, names sorted (repeated names:
 * each value, values sorted).
 */
export const twilioSignature = (authToken: string, url: string, params: ProviderCallback['params']): string => {
  const data = Object.keys(params)
    .sort()
    .map((name) => {
      const value = params[name]!;
      return Array.isArray(value)
        ? [...value]
            .sort()
            .map((v) => name + v)
            .join('')
        : name + value;
    })
    .join('');
  return createHmac('sha1', authToken)
    .update(url + data, 'utf8')
    .digest('base64');
};

/** Verifies callbacks with the auth token (constant-time) and answers them in TwiML. */
export const createTwilioCallbacks = (authToken: string): VoiceCallbacks => ({
  isAuthentic({ url, params, signature }) {
    if (!signature) return false;
    const expected = Buffer.from(twilioSignature(authToken, url, params));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  },
  reply: (outcome, locale) => ({ contentType: 'text/xml; charset=utf-8', body: answerTwiml(outcome, locale) }),
});
