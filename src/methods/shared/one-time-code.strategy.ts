/**
 * The strategy of the methods that prove a one-time code delivered through a channel (email, SMS): the gate stores
 * the code and sends it after the commit; a decoy gets the id of a stand-in code no one can type, never passes, and
 * its check does the same work as a real one's.
 */
import type { MethodStrategy } from '../../core/methods/method-contract.js';
import { success } from '../../core/result.js';

export const oneTimeCodeStrategy = (channel: 'email' | 'sms'): MethodStrategy => ({
  issue: () => Promise.resolve(success({ kind: 'code', channel })),
  prove: async (_methodId, caps) => {
    // A decoy's code is checked too, so its refusal costs what a real wrong code's does (checklist §11 row 2); it is
    // refused whatever the check finds.
    const proof = await caps.checkCode(caps.pending?.codeId, caps.input.code ?? '');
    return caps.decoy ? { outcome: 'failed', code: 'CODE_INVALID' } : proof;
  },
});
