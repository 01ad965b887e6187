/**
 * Reads the AD lockout settings in force for one user, as the service account can (issue #13 item 3): the
 * fine-grained password policy AD computes for the user (`msDS-ResultantPSO`, a constructed attribute) when there is
 * one, else the domain object's (the default domain policy: `lockoutThreshold`, `lockOutObservationWindow`). A PSO
 * that applies but cannot be read (by default only Domain Admins read the Password Settings Container) or a domain
 * object without the attribute makes the answer null, never "does not lock": the service then assumes a policy.
 */
import type { Client } from 'ldapts';
import { firstOf, valuesOf } from '../../core/directory/entry-values.js';
import { misconfigured, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { DirectoryLockoutPolicy } from '../../core/lockout/directory-lockout.js';
import { readEntry } from '../../adapters/directory/ldap-entries.js';
import { resultCodeOf } from '../../adapters/directory/ldap-session.js';
import { activeDirectory } from './active-directory.rules.js';
import { domainOf } from './ad-lockout.rules.js';

const policyAttributes = [...activeDirectory.lockoutPolicy.policyAttributes];

/** A policy entry (PSO or domain object) with `attributes`, or null when it is not there or not readable. */
export const readVisible = async (
  client: Client,
  dn: string,
  attributes: readonly string[] = policyAttributes,
): Promise<ReturnType<typeof readEntry>> => {
  try {
    return await readEntry(client, dn, [...attributes]);
  } catch (error) {
    // No such object or no access: not readable, which is "unknown".
    if ([32, 50].includes(resultCodeOf(error) ?? -1)) return null;
    throw error;
  }
};

const readIf = (entry: Awaited<ReturnType<typeof readEntry>>, mandatory: string): DirectoryLockoutPolicy | null =>
  entry && valuesOf(entry, mandatory).length > 0 ? activeDirectory.lockoutPolicy.read(entry) : null;

export const readAdLockoutPolicy = async (
  client: Client,
  dn: string,
): Promise<DirectoryResult<DirectoryLockoutPolicy | null>> => {
  const user = await readEntry(client, dn, [...activeDirectory.lockoutPolicy.userAttributes]);
  if (!user) return misconfigured('entryNotFound');
  const pso = firstOf(user, 'msDS-ResultantPSO');
  if (pso) return { ok: true, value: readIf(await readVisible(client, pso), 'msDS-LockoutThreshold') };
  const domain = domainOf(user.dn);
  if (!domain) return { ok: true, value: null };
  return { ok: true, value: readIf(await readVisible(client, domain), 'lockoutThreshold') };
};
