/**
 * What a reset gate sends: an email or SMS code, or a voice call asking to press #. Codes go only to
 * the address or number on file, within the daily send caps of `delivery/send-caps.ts` (the same as
 * for security info). Nothing is sent on the request path: the message is queued in the transaction
 * that stores the code and saves the flow, and the delivery worker sends it (issue #13 item 2), so a
 * real user's challenge and a decoy's take the same time whatever the relay does. A decoy (or a
 * blind challenge) files a code that nothing will ever check and queues a blank row: the same statements in the same
 * transaction (checklist §11 row 2), nothing sent.
 */
import type { CodePurpose } from '../../core/methods/records.js';
import { newPendingCode } from '../../core/methods/verification-code.js';
import type { Tenant, User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import { enqueueBlank, enqueueMessage } from '../delivery/message-queue.js';
import { createSendCaps, type SendRequest } from '../delivery/send-caps.js';
import type { VoiceCallService } from '../delivery/voice-call-service.js';
import { decoyTenantId, type StoredFlow } from './reset-state.js';

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

/**
 * Where a decoy's (or blind challenge's) code is filed: beside, never on, the subject of a real user's reset code, so
 * it supersedes no code that was sent; and under its own purpose, which no check of a reset code looks up.
 */
export const decoyCodeSubject = (userKey: string, methodId: string) => `${userKey}/reset-decoy/${methodId}`;
export const decoyCodePurpose: CodePurpose = 'reset-decoy';

/**
 * A decoy flow for an unregistered domain has no tenant to file rows under (the code and queue tables have a foreign
 * key to the tenant; writing one was a 500): its stand-in rows are not written. That tells a registered domain from
 * an unregistered one, which its start tells already and DNS tells anyone; it tells nothing about an account.
 */
const filesRows = (tenantId: string) => tenantId !== decoyTenantId;

const requestOf = (tenantId: string, userId: string, to: string, send: ResetSend): SendRequest => ({
  tenantId,
  userId,
  to,
  channel: send.channel,
  ip: send.ip,
  // Email has no block; a phone gate without a typed number counts none, for real users and decoys alike.
  prefixOf: send.channel === 'email' ? to : (send.typed ?? ''),
  ...(!filesRows(tenantId) && { noTenant: true }),
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

    /** A stand-in for a message: the same write as `queueCode`'s, never sent (`enqueueBlank`). */
    queueBlank: async (store: StoreRepositories, tenantId: string, channel: 'email' | 'sms' | 'voice') => {
      if (filesRows(tenantId)) await enqueueBlank(deps, store, tenantId, channel, 'reset-code');
    },

    /**
     * A decoy's (or blind challenge's) stand-in for storing a code and `queueCode`, through the caller's transaction:
     * a code made and hashed as a real one is (then forgotten, so no one can ever type it), filed by the same
     * statements (its supersede and insert) under `decoyCodeSubject`, and a blank message row. A real challenge
     * writes two rows and a decoy once wrote one: on PostgreSQL that was measurable (the challenge timing test).
     * Returns the filed code's id, which the flow keeps as a real one's; its check never passes (decoyCodeCheck).
     */
    async queueDecoyCode(
      store: StoreRepositories,
      stored: StoredFlow,
      methodId: string,
      channel: 'email' | 'sms',
    ): Promise<string> {
      const { tenantId } = stored.flow;
      const { record } = newPendingCode(
        deps,
        {
          tenantId,
          userId: stored.flow.userId ?? stored.userKey,
          subjectId: decoyCodeSubject(stored.userKey, methodId),
          purpose: decoyCodePurpose,
        },
        deps.clock.now(),
      );
      if (filesRows(tenantId)) await store.securityInfo.addCode(record);
      await this.queueBlank(store, tenantId, channel);
      return record.codeId;
    },

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

    /**
     * A decoy's call: counted against the caps, and written as a real call is (its call row, left `placed` as an
     * unanswered call's, and a blank message row, in one transaction); nothing placed. Its proof reads the row as a
     * real call's proof does, and never passes.
     */
    async blindCall(stored: StoredFlow, to: string, locale: Locale, send: ResetSend): Promise<Result<string>> {
      if (!(await this.countBlindSend(stored, to, send))) return failure('SEND_LIMIT_REACHED');
      const { tenantId } = stored.flow;
      const callId = deps.random.token(24);
      const createdAt = deps.clock.now().toISOString();
      await deps.store.transaction(async (store) => {
        if (!filesRows(tenantId)) return;
        await store.voiceCalls.add({ tenantId, callId, locale, status: 'placed', createdAt, answeredAt: null });
        await enqueueBlank(deps, store, tenantId, 'voice', 'reset-call');
      });
      return success(callId);
    },
  };
};

export type ResetDelivery = ReturnType<typeof createResetDelivery>;
