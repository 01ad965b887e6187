/**
 * When OpenLDAP ppolicy expires a user's password (draft-behera-ldap-password-policy §5.2, §5.3.1): `pwdMaxAge`
 * seconds after the user entry's `pwdChangedTime` (operational: asked for by name), under the policy the user names
 * with `pwdPolicySubentry`, else the overlay's default. `pwdMaxAge` 0 or absent: never. An entry without
 * `pwdChangedTime` (loaded offline, or set before the overlay ran) cannot be told: unknown, no reminder. Pure.
 */
import { firstOf } from '../../core/directory/entry-values.js';
import type { DirectoryEntry } from '../../core/directory/directory-ports.js';
import {
  agreedMaxAge,
  expiryAfter,
  namedPolicy,
  parseGeneralizedTime,
  unknownExpiry,
  type DirectoryPasswordExpiry,
  type DirectoryPasswordPolicies,
} from '../../core/password/directory-expiry.js';

export const ppolicyExpiryUserAttributes = ['pwdChangedTime', 'pwdPolicySubentry'] as const;
export const ppolicyExpiryPolicyAttributes = ['pwdMaxAge'] as const;

/** A policy's pwdMaxAge in seconds; absent or not a whole number is 0 (the draft's default: never). */
const maxAgeOf = (policy: DirectoryEntry): number => {
  const age = Number(firstOf(policy, 'pwdMaxAge') ?? '0');
  return Number.isSafeInteger(age) && age > 0 ? age : 0;
};

export const ppolicySubentryOf = (user: DirectoryEntry): string | null => firstOf(user, 'pwdPolicySubentry');

export const readPpolicyExpiry = (
  user: DirectoryEntry,
  policies: DirectoryPasswordPolicies | null,
): DirectoryPasswordExpiry => {
  const changedAt = parseGeneralizedTime(firstOf(user, 'pwdChangedTime'));
  if (!changedAt || !policies) return unknownExpiry;
  const subentry = ppolicySubentryOf(user);
  if (subentry) {
    const own = namedPolicy(policies, subentry);
    return own ? expiryAfter(changedAt, maxAgeOf(own)) : unknownExpiry;
  }
  const maxAge = agreedMaxAge(policies.defaults.map(maxAgeOf));
  return maxAge === undefined ? unknownExpiry : expiryAfter(changedAt, maxAge);
};
