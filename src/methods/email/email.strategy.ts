/**
 * The email method's effects: the gate stores a one-time code and sends it to the address on file
 * after the commit; a decoy gets the id of a stand-in code no one can type, and can never pass.
 */
import { checkEmail } from '../../core/directory/identifiers.js';
import type { EnrolCapabilities } from '../../core/methods/method-contract.js';
import { failure, type Result } from '../../core/result.js';
import { oneTimeCodeStrategy } from '../shared/one-time-code.strategy.js';

export const emailStrategy = oneTimeCodeStrategy('email');

export const enrolAlternateEmail = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> => {
  const email = checkEmail(typeof input.address === 'string' ? input.address : '');
  return email.ok ? caps.addContact('alternateEmail', email.value) : failure('EMAIL_INVALID');
};
