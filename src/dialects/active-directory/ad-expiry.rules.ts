/**
 * When Active Directory expires a user's password. First `msDS-UserPasswordExpiryTimeComputed`: a constructed
 * attribute (a FILETIME; 0 and the largest int8 mean never) in which the DC has already applied the domain's
 * `maxPwdAge`, the user's fine-grained policy and DONT_EXPIRE_PASSWD — Windows and Samba return it in a subtree
 * search, so the sync listing asks for it. Without it (an older or a proxied DC): DONT_EXPIRE_PASSWD in
 * `userAccountControl` is never; else `pwdLastSet` plus the maximum age of the user's PSO (`msDS-ResultantPSO`,
 * when the account may read it: by default only Domain Admins may, so usually unknown) or of the domain object.
 * `pwdLastSet` 0 ("must change at next logon") is left to sign-in, where AD itself asks for the change. Pure.
 */
import { firstOf, valuesOf } from '../../core/directory/entry-values.js';
import type { DirectoryEntry } from '../../core/directory/directory-ports.js';
import {
  expiresAt,
  expiryAfter,
  namedPolicy,
  neverExpires,
  parseFileTime,
  unknownExpiry,
  type DirectoryPasswordExpiry,
  type DirectoryPasswordPolicies,
} from '../../core/password/directory-expiry.js';
import { adDurationSeconds } from './ad-lockout.rules.js';

export const adExpiryUserAttributes = [
  'msDS-UserPasswordExpiryTimeComputed',
  'pwdLastSet',
  'userAccountControl',
  'msDS-ResultantPSO',
] as const;
export const adExpiryPolicyAttributes = ['maxPwdAge', 'msDS-MaximumPasswordAge'] as const;

/** userAccountControl's DONT_EXPIRE_PASSWD (0x10000). */
const dontExpirePassword = 0x10000;

export const adResultantPsoOf = (user: DirectoryEntry): string | null => firstOf(user, 'msDS-ResultantPSO');

/** A policy's maximum age in seconds (0: never), or undefined when the entry does not carry it (not readable). */
const maxAgeOf = (policy: DirectoryEntry | undefined): number | undefined => {
  const value = policy && (firstOf(policy, 'msDS-MaximumPasswordAge') ?? firstOf(policy, 'maxPwdAge'));
  return value ? adDurationSeconds(value) : undefined;
};

export const readAdExpiry = (
  user: DirectoryEntry,
  policies: DirectoryPasswordPolicies | null,
): DirectoryPasswordExpiry => {
  const computed = parseFileTime(firstOf(user, 'msDS-UserPasswordExpiryTimeComputed'));
  if (computed === 'never') return neverExpires;
  if (computed) return expiresAt(computed);
  if ((Number(valuesOf(user, 'userAccountControl')[0] ?? '0') & dontExpirePassword) !== 0) return neverExpires;
  const changed = parseFileTime(firstOf(user, 'pwdLastSet'));
  if (!(changed instanceof Date) || !policies) return unknownExpiry;
  const pso = adResultantPsoOf(user);
  const maxAge = pso ? maxAgeOf(namedPolicy(policies, pso)) : maxAgeOf(policies.defaults[0]);
  return maxAge === undefined ? unknownExpiry : expiryAfter(changed, maxAge);
};
