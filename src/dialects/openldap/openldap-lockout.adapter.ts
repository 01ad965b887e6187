/**
 * Reads the ppolicy lockout settings in force for one user, as the service account can (issue #13 item 3): the
 * user's own `pwdPolicySubentry`; else the overlay's default policy, named by `olcPPolicyDefault` in cn=config (only
 * readable when the server is configured through cn=config and the account may read it); else, since slapd
 * applies the default to every user without a subentry, the strictest of the `pwdPolicy` entries the account can
 * see in the directory's naming contexts. Null when none can be read: the service then assumes a policy.
 */
import type { Client } from 'ldapts';
import { firstOf, valuesOf } from '../../core/directory/entry-values.js';
import { misconfigured, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { DirectoryLockoutPolicy } from '../../core/lockout/directory-lockout.js';
import { readEntry, toDirectoryEntry } from '../../adapters/directory/ldap-entries.js';
import { resultCodeOf } from '../../adapters/directory/ldap-session.js';
import { openLdap } from './openldap.rules.js';
import { strictestLockout } from './ppolicy-lockout.rules.js';

const policyAttributes = [...openLdap.lockoutPolicy.policyAttributes];

/** Result codes that mean "you may not see that" or "there is nothing there": the next source is tried. */
const notVisible = new Set([32, 50, 53]);

const tolerant = async <T>(read: () => Promise<T>, fallback: T): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    const code = resultCodeOf(error);
    if (code !== null && notVisible.has(code)) return fallback;
    throw error;
  }
};

const readPolicy = async (client: Client, dn: string): Promise<DirectoryLockoutPolicy | null> => {
  const entry = await tolerant(() => readEntry(client, dn, policyAttributes), null);
  return entry ? openLdap.lockoutPolicy.read(entry) : null;
};

const configuredDefault = async (client: Client): Promise<string | null> => {
  const { searchEntries } = await tolerant(
    () =>
      client.search('cn=config', {
        scope: 'sub',
        filter: '(olcPPolicyDefault=*)',
        attributes: ['olcPPolicyDefault'],
      }),
    { searchEntries: [], searchReferences: [] },
  );
  const [overlay] = searchEntries;
  return overlay ? firstOf(toDirectoryEntry(overlay), 'olcPPolicyDefault') : null;
};

const visiblePolicies = async (client: Client, fallbackBase: string): Promise<DirectoryLockoutPolicy[]> => {
  const root = await tolerant(() => readEntry(client, '', ['namingContexts']), null);
  const named = root ? valuesOf(root, 'namingContexts') : [];
  const contexts = named.length > 0 ? named : [fallbackBase];
  const found: DirectoryLockoutPolicy[] = [];
  for (const base of contexts) {
    const { searchEntries } = await tolerant(
      () => client.search(base, { scope: 'sub', filter: '(objectClass=pwdPolicy)', attributes: policyAttributes }),
      { searchEntries: [], searchReferences: [] },
    );
    found.push(...searchEntries.map((entry) => openLdap.lockoutPolicy.read(toDirectoryEntry(entry))));
  }
  return found;
};

export const readOpenLdapLockout = async (
  client: Client,
  baseDn: string,
  dn: string,
): Promise<DirectoryResult<DirectoryLockoutPolicy | null>> => {
  const user = await readEntry(client, dn, [...openLdap.lockoutPolicy.userAttributes]);
  if (!user) return misconfigured('entryNotFound');
  const subentry = firstOf(user, 'pwdPolicySubentry');
  if (subentry) return { ok: true, value: await readPolicy(client, subentry) };
  const defaultDn = await configuredDefault(client);
  if (defaultDn) {
    const policy = await readPolicy(client, defaultDn);
    if (policy) return { ok: true, value: policy };
  }
  const visible = await visiblePolicies(client, baseDn);
  return { ok: true, value: visible.length > 0 ? strictestLockout(visible) : null };
};
