/**
 * The voice methods' effects: a call placed to the number on file; the provider's signed answer
 * confirms it. A decoy's call is written as a real one is but never placed (and counted against the send caps all
 * the same); its proof reads it as a real one's and waits like an unanswered call's.
 */
import type { MethodStrategy } from '../../core/methods/method-contract.js';
import { success } from '../../core/result.js';

export const voiceStrategy: MethodStrategy = {
  async issue(_methodId, caps) {
    // A decoy's call goes nowhere, but the capability counts it against the send caps as a real call.
    const placed = await caps.placeCall(caps.value ?? '');
    return placed.ok ? success({ kind: 'call', callId: placed.value }) : placed;
  },
  async prove(_methodId, caps) {
    const callId = caps.pending?.callId;
    // A decoy's call row is read as a real one's (the same statement, checklist §11 row 2); it is never answered,
    // and a decoy never passes whatever it reads.
    const call = callId ? await caps.callStatus(callId) : undefined;
    if (call === 'confirmed' && !caps.decoy) return { outcome: 'passed' };
    // Still ringing (or a decoy's call that never rings): not a failed proof, just not yet.
    if (!call || call === 'placed') return { outcome: 'refused', code: 'CALL_NOT_ANSWERED' };
    return { outcome: 'failed', code: 'CALL_NOT_ANSWERED' };
  },
};
