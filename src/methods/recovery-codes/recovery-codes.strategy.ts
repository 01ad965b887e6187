/**
 * Recovery codes' effects: nothing to issue (the sheet is the challenge); a proof looks the typed code
 * up by its keyed hash, and the gate marks it used in the transaction that passes it (single use). A
 * decoy does the same hashing and lookup and never passes.
 */
import type { MethodStrategy } from '../../core/methods/method-contract.js';
import { success } from '../../core/result.js';

export const recoveryCodesStrategy: MethodStrategy = {
  issue: () => Promise.resolve(success({ kind: 'none' })),
  prove: (_methodId, caps) => caps.checkLookupSecret('recoveryCode', caps.input.code ?? ''),
};
