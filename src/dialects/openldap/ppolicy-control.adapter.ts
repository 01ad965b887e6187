/**
 * ppolicy on the wire: the password-policy request control (its response parsed into the same object by ldapts), and
 * reading a refused password write through the dialect's policy-error map. OpenLDAP's alone; the shared session code
 * (`src/adapters/directory/ldap-session.ts`) only carries the control as any other.
 */
import { type BerReader, Control } from 'ldapts';
import { policyRejected, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import { classifyFailure, diagnosticOf, resultCodeOf } from '../../adapters/directory/ldap-session.js';
import type { UserPasswordCheck } from '../../adapters/directory/ldap-session.js';
import { openLdap } from './openldap.rules.js';
import {
  decodePasswordPolicyResponse,
  passwordPolicyControlOid,
  ppolicyChangeAfterReset,
  type PasswordPolicyResponse,
} from './ppolicy.rules.js';

/** The password-policy request control; the server's response control is parsed into the same object. */
export class PasswordPolicyControl extends Control {
  response: PasswordPolicyResponse | undefined;

  constructor() {
    super(passwordPolicyControlOid, { critical: false });
  }

  override parseControl(reader: BerReader): void {
    try {
      this.response = decodePasswordPolicyResponse(reader.buffer);
    } catch {
      this.response = undefined;
    }
  }
}

/** A refused password write: the ppolicy response control first, then the result code and diagnostic. */
export const classifyPasswordFailure = (
  error: unknown,
  control: PasswordPolicyControl | undefined,
): DirectoryResult<never> => {
  const resultCode = resultCodeOf(error);
  const policyError = control?.response?.error;
  const refusal =
    resultCode === null && policyError === undefined
      ? null
      : openLdap.readPasswordRefusal({
          resultCode: resultCode ?? 0,
          diagnostic: diagnosticOf(error),
          ...(policyError !== undefined && { policyError }),
        });
  if (refusal?.kind === 'policy') return policyRejected(refusal.reason, diagnosticOf(error));
  return { ok: false, ...classifyFailure(error) };
};

/** A passthrough bind asks for the policy response: a bind that succeeds with `changeAfterReset` must change now. */
export const ppolicyPasswordCheck: UserPasswordCheck = {
  bindControl: () => {
    const control = new PasswordPolicyControl();
    return { control, mustChange: () => control.response?.error === ppolicyChangeAfterReset };
  },
};
