/**
 * What a reset gate sends: an email or SMS code, or a voice call asking to press #. Codes go only to
 * the address or number on file, within the daily send caps of `delivery/send-caps.ts` (the same as
 * for security info). Delivery happens after the flow's state is committed; a channel that rejects is
 * answered DELIVERY_FAILED and the user can ask again.
 */
import type { Tenant, User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import { createSendCaps } from '../delivery/send-caps.js';
import type { VoiceCallService } from '../delivery/voice-call-service.js';
import type { StoredFlow } from './reset-state.js';

export const createResetDelivery = (deps: ServiceDeps, voiceCalls: VoiceCallService) => {
  // The same daily caps as security-info codes: per number or address, per user, per tenant.
  const caps = createSendCaps(deps);

  return {
    async sendCode(
      tenant: Tenant,
      user: User,
      channel: 'email' | 'sms',
      to: string,
      code: string,
      locale: Locale,
    ): Promise<Result<void>> {
      if (!(await caps.allow(tenant.tenantId, user.userId, to))) return failure('SEND_LIMIT_REACHED');
      const params = { tenant: tenant.name, upn: user.upn, code };
      try {
        if (channel === 'email') {
          await deps.email.send({
            tenantId: tenant.tenantId,
            to,
            subject: translate(locale, 'reset.emailCode.subject', params),
            text: translate(locale, 'reset.emailCode.text', params),
          });
        } else {
          await deps.sms.send({ tenantId: tenant.tenantId, to, text: translate(locale, 'reset.smsCode.text', params) });
        }
        return success(undefined);
      } catch {
        return failure('DELIVERY_FAILED');
      }
    },

    /**
     * Counts a send that does not happen (a decoy's, or a real user's to a number that is not on file) against the
     * same caps, so a cap is reached — and refuses — alike for decoys and real users. A decoy's user is its keyed
     * user ID and its destination its decoy entry, so one user ID typed by anyone behaves as a real one would.
     */
    countBlindSend: (stored: StoredFlow, to: string): Promise<boolean> =>
      caps.allow(stored.flow.tenantId, stored.flow.userId ?? stored.userKey, to),

    /** Places the call; its id is what "verify" later checks. */
    async call(tenant: Tenant, user: User, to: string, locale: Locale): Promise<Result<string>> {
      if (!(await caps.allow(tenant.tenantId, user.userId, to))) return failure('SEND_LIMIT_REACHED');
      try {
        return success(
          await voiceCalls.place({
            tenantId: tenant.tenantId,
            to,
            locale,
            say: translate(locale, 'reset.voice.say', { tenant: tenant.name }),
          }),
        );
      } catch {
        return failure('DELIVERY_FAILED');
      }
    },
  };
};

export type ResetDelivery = ReturnType<typeof createResetDelivery>;
