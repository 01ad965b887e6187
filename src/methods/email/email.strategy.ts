/**
 * The email method's effects: the gate stores a one-time code and sends it to the address on file
 * after the commit; a decoy gets a code id that was never stored, so it can never pass.
 */
import { checkEmail } from '../../core/directory/identifiers.js';
import type { EnrolCapabilities, MethodStrategy } from '../../core/methods/method-contract.js';
import { failure, success, type Result } from '../../core/result.js';

export const emailStrategy: MethodStrategy = {
  issue: () => Promise.resolve(success({ kind: 'code', channel: 'email' })),
  prove: async (_methodId, caps) =>
    caps.decoy
      ? { outcome: 'failed', code: 'CODE_INVALID' }
      : caps.checkCode(caps.pending?.codeId, caps.input.code ?? ''),
};

export const enrolAlternateEmail = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> => {
  const email = checkEmail(typeof input.address === 'string' ? input.address : '');
  return email.ok ? caps.addContact('alternateEmail', email.value) : failure('EMAIL_INVALID');
};
