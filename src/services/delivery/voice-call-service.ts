import type { VoiceCall } from '../../core/model.js';
import type { ProviderCallback } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import { addSeconds } from '../../core/clock.js';
import { codeRules } from '../../core/methods/verification-code.js';
import { enqueueMessage } from './message-queue.js';

type Deps = Pick<ServiceDeps, 'store' | 'clock' | 'random' | 'sealer' | 'voiceCallbacks'>;

/** Only the pound key confirms; any other key is an explicit "no". */
const outcomeOf = (digits: string): 'confirmed' | 'rejected' => (digits === '#' ? 'confirmed' : 'rejected');

/**
 * Voice calls that ask the callee to press # (the `mobileVoice` / `officeVoice` methods build on
 * this). The row is written with the queued call (the worker asks the provider), so an answer can never arrive for a call
 * we do not know; the answer is recorded once (compare-and-set), however many callbacks race.
 */
export const createVoiceCallService = (deps: Deps) => {
  const answer = async (
    tenantId: string,
    callId: string,
    digits: string,
  ): Promise<Result<{ status: 'confirmed' | 'rejected' }, 'NOT_FOUND' | 'CALL_ALREADY_ANSWERED'>> => {
    const status = outcomeOf(digits);
    if (await deps.store.voiceCalls.settle(tenantId, callId, status, deps.clock.now().toISOString()))
      return success({ status });
    return (await deps.store.voiceCalls.find(tenantId, callId))
      ? failure('CALL_ALREADY_ANSWERED')
      : failure('NOT_FOUND');
  };

  return {
    /**
     * Queues the call with its row (one transaction) and returns its id; the delivery worker places it. A call the
     * provider cannot place is dropped by the worker and its row marked `failed`; one not placed within a code's
     * lifetime is dropped, never rung late. The caller wakes the worker (`wakeDelivery`) once its answer is built:
     * a reset challenge's decoy call wakes it at the same point, so the call's placing falls into neither answer.
     */
    async place(call: { tenantId: string; userId?: string; to: string; locale: string; say: string }): Promise<string> {
      const callId = deps.random.token(24);
      const now = deps.clock.now();
      await deps.store.transaction(async (store) => {
        await store.voiceCalls.add({
          tenantId: call.tenantId,
          callId,
          locale: call.locale,
          status: 'placed',
          createdAt: now.toISOString(),
          answeredAt: null,
        });
        await enqueueMessage(deps, store, {
          channel: 'voice',
          tenantId: call.tenantId,
          to: call.to,
          purpose: 'reset-call',
          userId: call.userId ?? null,
          callId,
          locale: call.locale,
          say: call.say,
          expiresAt: addSeconds(now, codeRules.ttlSeconds).toISOString(),
        });
      });
      return callId;
    },

    answer,

    statusOf: (tenantId: string, callId: string): Promise<VoiceCall | undefined> =>
      deps.store.voiceCalls.find(tenantId, callId),

    /**
     * The provider's callback: authentic only with a valid signature over the public URL and the
     * fields. The reply (what the callee hears) is the provider's format, e.g. TwiML.
     */
    async answerFromProvider(
      tenantId: string,
      callId: string,
      callback: ProviderCallback,
    ): Promise<Result<{ contentType: string; body: string }, 'CALLBACK_SIGNATURE_INVALID' | 'NOT_FOUND'>> {
      const callbacks = deps.voiceCallbacks;
      if (!callbacks?.isAuthentic(callback)) return failure('CALLBACK_SIGNATURE_INVALID');
      const call = await deps.store.voiceCalls.find(tenantId, callId);
      if (!call) return failure('NOT_FOUND');
      const digits = callback.params.Digits;
      const answered = await answer(tenantId, callId, typeof digits === 'string' ? digits : '');
      return success(callbacks.reply(answered.ok ? answered.value.status : 'ended', call.locale));
    },
  };
};

export type VoiceCallService = ReturnType<typeof createVoiceCallService>;
