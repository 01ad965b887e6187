/**
 * The mobile SMS method's effects: as email, a one-time code stored by the gate and texted to the
 * number on file after the commit (a decoy's, a stand-in no one can type). Enrolment checks the number
 * against the tenant's allowed countries before anything is sent.
 */
import { checkMethodPhone } from '../../core/methods/phone.js';
import type { EnrolCapabilities } from '../../core/methods/method-contract.js';
import { failure, type Result } from '../../core/result.js';
import { oneTimeCodeStrategy } from '../shared/one-time-code.strategy.js';

export const mobileSmsStrategy = oneTimeCodeStrategy('sms');

export const enrolMobilePhone = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> => {
  const phone = checkMethodPhone(typeof input.number === 'string' ? input.number : '', await caps.allowedRegions());
  return phone.ok ? caps.addContact('mobilePhone', phone.e164) : failure(phone.code);
};
