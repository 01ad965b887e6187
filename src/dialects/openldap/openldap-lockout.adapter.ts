/**
 * Reads the ppolicy lockout settings in force for one user, as the service account can (issue #13 item 3): the
 * policy entries in force are found by `openldap-policy.adapter.ts` (the user's `pwdPolicySubentry`, else the
 * configured default, else every visible policy); several candidates give the strictest of them, since slapd applies
 * the default to every user without a subentry and the service must still trip first. Null when none can be read:
 * the service then assumes a policy.
 */
import type { Client } from 'ldapts';
import { firstOf } from '../../core/directory/entry-values.js';
import { misconfigured, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { DirectoryLockoutPolicy } from '../../core/lockout/directory-lockout.js';
import { readEntry } from '../../adapters/directory/ldap-entries.js';
import { defaultPolicyCandidates, readPolicyEntry } from './openldap-policy.adapter.js';
import { openLdap } from './openldap.rules.js';
import { strictestLockout } from './ppolicy-lockout.rules.js';

const policyAttributes = openLdap.lockoutPolicy.policyAttributes;

export const readOpenLdapLockout = async (
  client: Client,
  baseDn: string,
  dn: string,
): Promise<DirectoryResult<DirectoryLockoutPolicy | null>> => {
  const user = await readEntry(client, dn, [...openLdap.lockoutPolicy.userAttributes]);
  if (!user) return misconfigured('entryNotFound');
  const subentry = firstOf(user, 'pwdPolicySubentry');
  if (subentry) {
    const own = await readPolicyEntry(client, subentry, policyAttributes);
    return { ok: true, value: own ? openLdap.lockoutPolicy.read(own) : null };
  }
  const candidates = (await defaultPolicyCandidates(client, baseDn, policyAttributes)).map((entry) =>
    openLdap.lockoutPolicy.read(entry),
  );
  if (candidates.length < 2) return { ok: true, value: candidates[0] ?? null };
  return { ok: true, value: strictestLockout(candidates) };
};
