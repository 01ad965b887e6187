/**
 * The mobile SMS method's effects: as email, a one-time code stored by the gate and texted to the
 * number on file after the commit (a decoy's code id was never stored). Enrolment checks the number
 * against the tenant's allowed countries before anything is sent.
 */
import { checkMethodPhone } from '../../core/methods/phone.js';
import type { EnrolCapabilities, MethodStrategy } from '../../core/methods/method-contract.js';
import { failure, success, type Result } from '../../core/result.js';

export const mobileSmsStrategy: MethodStrategy = {
  issue: () => Promise.resolve(success({ kind: 'code', channel: 'sms' })),
  prove: async (_methodId, caps) =>
    caps.decoy
      ? { outcome: 'failed', code: 'CODE_INVALID' }
      : caps.checkCode(caps.pending?.codeId, caps.input.code ?? ''),
};

export const enrolMobilePhone = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> => {
  const phone = checkMethodPhone(typeof input.number === 'string' ? input.number : '', await caps.allowedRegions());
  return phone.ok ? caps.addContact('mobilePhone', phone.e164) : failure(phone.code);
};
