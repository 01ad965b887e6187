/**
 * A Temporary Access Pass at a reset gate: nothing to issue; the proof looks the typed pass up by its
 * keyed hash (live, and unused if one-time) and the gate claims the use in the transaction that passes it.
 */
import type { MethodStrategy } from '../../core/methods/method-contract.js';
import { success } from '../../core/result.js';

export const temporaryAccessPassStrategy: MethodStrategy = {
  issue: () => Promise.resolve(success({ kind: 'none' })),
  prove: (_methodId, caps) => caps.checkLookupSecret('temporaryAccessPass', caps.input.code ?? ''),
};
