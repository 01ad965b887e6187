/**
 * OpenLDAP with the ppolicy overlay, as a descriptor (`DirectoryDialect`): inetOrgPerson users anchored on
 * `entryUUID`, `modifyTimestamp` (a generalized time, compared as text) as the change mark, ppolicy's lockout
 * attributes, and its administrative lock as "disabled". No tombstones without accesslog, so only full runs see
 * deletions. The connection code is in `openldap-connection.adapter.ts`.
 */
import type { DirectoryDialect, UnlockChange } from '../../core/directory/dialect.js';
import { valuesOf } from '../../core/directory/entry-values.js';
import { openLdapTexts } from './openldap.texts.js';
import {
  ppolicyExpiryPolicyAttributes,
  ppolicyExpiryUserAttributes,
  ppolicySubentryOf,
  readPpolicyExpiry,
} from './ppolicy-expiry.rules.js';
import { ppolicyLockoutAttributes, readPpolicyLockout } from './ppolicy-lockout.rules.js';
import { reasonForPpolicyError, reasonFromDiagnostic } from './ppolicy.rules.js';

/**
 * ppolicy's administrative lock: `pwdAccountLockedTime` set to this value locks the account until an administrator
 * removes it (draft-behera-ldap-password-policy §5.3.3), which is how OpenLDAP has a "disabled" account.
 */
export const administrativeLockTime = '000001010000Z';

/**
 * Whether an OpenLDAP entry's `pwdAccountLockedTime` values hold the administrative lock. Any other time is a
 * temporary lockout after failed binds: the account is still enabled (unlocking it is what SSPR unlock is for).
 */
export const isAdministrativelyLocked = (lockedTimes: readonly string[]): boolean =>
  lockedTimes.some((value) => value.trim() === administrativeLockTime);

/** A generalized time as slapd writes `modifyTimestamp` (UTC, `Z`). */
const generalizedTime = /^[0-9]{14}(?:\.[0-9]+)?Z$/;

export const openLdap: DirectoryDialect<'openldap'> = {
  id: 'openldap',
  texts: openLdapTexts,
  anchorAttribute: 'entryUUID',
  user: { upnAttribute: 'mail', displayNameAttribute: 'cn', loginAttributes: ['uid', 'mail'] },
  changeMark: {
    attribute: 'modifyTimestamp',
    pattern: generalizedTime,
    description: 'a generalized time',
    // Generalized times of one precision and zone sort as text.
    isLater: (a, b) => b > a,
  },
  disabledAttributes: ['pwdAccountLockedTime'],
  isDisabled: (entry) => isAdministrativelyLocked(valuesOf(entry, 'pwdAccountLockedTime')),
  lockout: {
    attributes: ['pwdAccountLockedTime', 'pwdFailureTime'],
    // The administrative lock is "disabled", not "locked": the flow must not offer to unlock it.
    isLocked: (entry) => {
      const lockedTime = valuesOf(entry, 'pwdAccountLockedTime');
      return lockedTime.length > 0 && !isAdministrativelyLocked(lockedTime);
    },
    // Deleting what is there: the lock and the failure count (so the next wrong password does not lock it again).
    unlockChanges: (entry) =>
      ['pwdAccountLockedTime', 'pwdFailureTime']
        .filter((attribute) => valuesOf(entry, attribute).length > 0)
        .map((attribute): UnlockChange => ({ operation: 'delete', attribute })),
  },
  // The user's own policy (`pwdPolicySubentry`); without one the overlay's default (openldap-lockout.adapter.ts).
  lockoutPolicy: {
    userAttributes: ['pwdPolicySubentry'],
    policyAttributes: ppolicyLockoutAttributes,
    read: readPpolicyLockout,
  },
  // pwdChangedTime + the effective policy's pwdMaxAge; the policy is found as for lockout (openldap-policy.adapter.ts).
  passwordExpiry: {
    userAttributes: ppolicyExpiryUserAttributes,
    policyOf: ppolicySubentryOf,
    policyAttributes: ppolicyExpiryPolicyAttributes,
    read: readPpolicyExpiry,
  },
  // The ppolicy response control first; without it (no overlay, or a proxy dropped it) the result code and text.
  readPasswordRefusal: ({ resultCode, diagnostic, policyError }) => {
    const reason =
      policyError !== undefined ? reasonForPpolicyError(policyError) : reasonFromDiagnostic(resultCode, diagnostic);
    return reason === null ? null : { kind: 'policy', reason };
  },
  tombstones: null,
  urlHint: 'ldaps://ldap.example.org:636, or ldap://…:389 with StartTLS',
};
