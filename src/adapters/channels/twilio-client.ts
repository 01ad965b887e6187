import { DeliveryAttemptError, defaultDeliveryPolicy, deliverWithRetries, type DeliveryPolicy } from './delivery.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** E.164 number messages and calls come from. */
  from: string;
  /** `https://api.twilio.com` or a compatible provider; no trailing slash. */
  baseUrl: string;
  delivery?: DeliveryPolicy;
}

export const e164 = /^\+[1-9]\d{6,14}$/;

/**
 * The REST calls both Twilio channels make: a form-encoded POST to an account resource with Basic
 * auth, through the delivery wrapper. 5xx and 429 are retried, other 4xx never (they would fail the
 * same way). The provider's answer goes into `cause` only: it can name numbers and account details.
 */
export const createTwilioClient = (options: TwilioOptions) => {
  const policy = options.delivery ?? defaultDeliveryPolicy;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const accountUrl = `${options.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`;

  return {
    from: options.from,
    post: (resource: 'Messages' | 'Calls', fields: Record<string, string>, what: string): Promise<void> =>
      deliverWithRetries(what, policy, async (signal) => {
        let response: Response;
        try {
          response = await fetch(`${accountUrl}/${resource}.json`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams(fields).toString(),
            // A redirect would resend the credentials somewhere we did not configure.
            redirect: 'error',
            signal,
          });
        } catch (error) {
          throw new DeliveryAttemptError('the provider could not be reached', { retryable: true, cause: error });
        }
        const answer = await response.text().catch(() => '');
        if (response.ok) return;
        throw new DeliveryAttemptError(`the provider answered ${response.status}`, {
          retryable: response.status >= 500 || response.status === 429,
          cause: new Error(`provider answered ${response.status}: ${answer.slice(0, 500)}`),
        });
      }),
  };
};

export type TwilioClient = ReturnType<typeof createTwilioClient>;
