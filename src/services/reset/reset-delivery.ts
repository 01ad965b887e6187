/**
 * What a reset gate sends: an email or SMS code, or a voice call asking to press #. Codes go only to
 * the address or number on file, within the daily send caps of `delivery/send-caps.ts` (the same as
 * for security info). Nothing is sent on the request path: the message is queued in the transaction
 * that stores the code and saves the flow, and the delivery worker sends it (issue #13 item 2), so a
 * real user's challenge and a decoy's take the same time whatever the relay does. A decoy (or a
 * blind challenge) queues a blank row instead, the same write, never sent.
 */
import type { Tenant, User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import { enqueueBlank, enqueueMessage } from '../delivery/message-queue.js';
import { createSendCaps, type SendRequest } from '../delivery/send-caps.js';
import type { VoiceCallService } from '../delivery/voice-call-service.js';
import type { StoredFlow } from './reset-state.js';

export interface QueuedCode {
  tenant: Tenant;
  user: User;
  channel: 'email' | 'sms';
  to: string;
  code: string;
  /** The code's expiry: the message is dropped, never sent, after it. */
  expiresAt: string;
  locale: Locale;
}

/**
 * What the caps need besides the user and destination: the channel, the client address, and the number the
 * requester typed (a phone gate asks for the whole number): its block is counted for real users and decoys alike,
 * so the prefix cap refuses — or not — the same for a user ID whatever its account (checklist §11 rows 1 and 9).
 */
export interface ResetSend {
  channel: 'email' | 'sms' | 'voice';
  typed?: string | null;
  ip: string | null;
}

const requestOf = (tenantId: string, userId: string, to: string, send: ResetSend): SendRequest => ({
  tenantId,
  userId,
  to,
  channel: send.channel,
  ip: send.ip,
  // Email has no block; a phone gate without a typed number counts none, for real users and decoys alike.
  prefixOf: send.channel === 'email' ? to : (send.typed ?? ''),
});

export const createResetDelivery = (deps: ServiceDeps, voiceCalls: VoiceCallService) => {
  // The same daily caps as security-info codes: per number or address, per user, per tenant.
  const caps = createSendCaps(deps);

  return {
    /** Counts a real send against the daily caps; false when one is reached (SEND_LIMIT_REACHED). */
    allowSend: (tenant: Tenant, user: User, to: string, send: ResetSend): Promise<boolean> =>
      caps.allow(requestOf(tenant.tenantId, user.userId, to, send)),

    /** Queues the code message through the caller's transaction (the one that stores the code). */
    async queueCode(store: StoreRepositories, message: QueuedCode): Promise<void> {
      const { tenant, user, code, locale } = message;
      const params = { tenant: tenant.name, upn: user.upn, code };
      const envelope = {
        tenantId: tenant.tenantId,
        to: message.to,
        purpose: 'reset-code',
        userId: user.userId,
        expiresAt: message.expiresAt,
      };
      await enqueueMessage(
        deps,
        store,
        message.channel === 'email'
          ? {
              ...envelope,
              channel: 'email',
              subject: translate(locale, 'reset.emailCode.subject', params),
              text: translate(locale, 'reset.emailCode.text', params),
            }
          : { ...envelope, channel: 'sms', text: translate(locale, 'reset.smsCode.text', params) },
      );
    },

    /** A decoy's or blind challenge's stand-in for `queueCode`: the same write, never sent. */
    queueBlank: (store: StoreRepositories, tenantId: string, channel: 'email' | 'sms' | 'voice') =>
      enqueueBlank(deps, store, tenantId, channel, 'reset-code'),

    /**
     * Counts a send that does not happen (a decoy's, or a real user's to a number that is not on file) against the
     * same caps, so a cap is reached — and refuses — alike for decoys and real users. A decoy's user is its keyed
     * user ID and its destination its decoy entry, so one user ID typed by anyone behaves as a real one would.
     */
    countBlindSend: (stored: StoredFlow, to: string, send: ResetSend): Promise<boolean> =>
      caps.allow(requestOf(stored.flow.tenantId, stored.flow.userId ?? stored.userKey, to, send)),

    /** Places the call (queued with its row); its id is what "verify" later checks. */
    async call(tenant: Tenant, user: User, to: string, locale: Locale, send: ResetSend): Promise<Result<string>> {
      if (!(await caps.allow(requestOf(tenant.tenantId, user.userId, to, send)))) return failure('SEND_LIMIT_REACHED');
      return success(
        await voiceCalls.place({
          tenantId: tenant.tenantId,
          userId: user.userId,
          to,
          locale,
          say: translate(locale, 'reset.voice.say', { tenant: tenant.name }),
        }),
      );
    },

    /** A decoy's call: counted against the caps, a blank row written as a real call's message is; nothing placed. */
    async blindCall(stored: StoredFlow, to: string, send: ResetSend): Promise<Result<string>> {
      if (!(await this.countBlindSend(stored, to, send))) return failure('SEND_LIMIT_REACHED');
      await deps.store.transaction((store) => enqueueBlank(deps, store, stored.flow.tenantId, 'voice', 'reset-call'));
      return success(deps.random.token(24));
    },
  };
};

export type ResetDelivery = ReturnType<typeof createResetDelivery>;
