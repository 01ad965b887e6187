/**
 * The strategy of the methods that prove a one-time code delivered through a channel (email, SMS): the gate stores
 * the code and sends it after the commit; a decoy gets a code id that was never stored, so it can never pass.
 */
import type { MethodStrategy } from '../../core/methods/method-contract.js';
import { success } from '../../core/result.js';

export const oneTimeCodeStrategy = (channel: 'email' | 'sms'): MethodStrategy => ({
  issue: () => Promise.resolve(success({ kind: 'code', channel })),
  prove: async (_methodId, caps) =>
    caps.decoy
      ? { outcome: 'failed', code: 'CODE_INVALID' }
      : caps.checkCode(caps.pending?.codeId, caps.input.code ?? ''),
});
