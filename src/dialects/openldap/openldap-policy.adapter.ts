/**
 * Which ppolicy entries are in force, as the service account can tell (issue #13 item 3; reused for expiry, issue #16
 * item 2): the user's own `pwdPolicySubentry`; else the overlay's default policy, named by `olcPPolicyDefault` in
 * cn=config (only readable when the server is configured through cn=config, or slapd.conf's in-memory copy, and the
 * account may read it); else, since slapd applies the default to every user without a subentry, the candidates are
 * all the `pwdPolicy` entries the account can see in the directory's naming contexts. What to make of several
 * candidates is the caller's rule (lockout: the strictest; expiry: only a value they agree on).
 */
import type { Client } from 'ldapts';
import { firstOf, valuesOf } from '../../core/directory/entry-values.js';
import type { DirectoryEntry } from '../../core/directory/directory-ports.js';
import type { DirectoryPasswordPolicies } from '../../core/password/directory-expiry.js';
import { readEntry, toDirectoryEntry } from '../../adapters/directory/ldap-entries.js';
import { resultCodeOf } from '../../adapters/directory/ldap-session.js';

/** Result codes that mean "you may not see that" or "there is nothing there": the next source is tried. */
const notVisible = new Set([32, 50, 53]);

export const tolerant = async <T>(read: () => Promise<T>, fallback: T): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    const code = resultCodeOf(error);
    if (code !== null && notVisible.has(code)) return fallback;
    throw error;
  }
};

const noEntries = { searchEntries: [], searchReferences: [] };

/** The policy entry at `dn` with `attributes`, or null when the account cannot see it. */
export const readPolicyEntry = (client: Client, dn: string, attributes: readonly string[]) =>
  tolerant(() => readEntry(client, dn, [...attributes]), null);

const configuredDefault = async (client: Client): Promise<string | null> => {
  const { searchEntries } = await tolerant(
    () =>
      client.search('cn=config', {
        scope: 'sub',
        filter: '(olcPPolicyDefault=*)',
        attributes: ['olcPPolicyDefault'],
      }),
    noEntries,
  );
  const [overlay] = searchEntries;
  return overlay ? firstOf(toDirectoryEntry(overlay), 'olcPPolicyDefault') : null;
};

const visiblePolicies = async (
  client: Client,
  fallbackBase: string,
  attributes: readonly string[],
): Promise<DirectoryEntry[]> => {
  const root = await tolerant(() => readEntry(client, '', ['namingContexts']), null);
  const named = root ? valuesOf(root, 'namingContexts') : [];
  const contexts = named.length > 0 ? named : [fallbackBase];
  const found: DirectoryEntry[] = [];
  for (const base of contexts) {
    const { searchEntries } = await tolerant(
      () => client.search(base, { scope: 'sub', filter: '(objectClass=pwdPolicy)', attributes: [...attributes] }),
      noEntries,
    );
    found.push(...searchEntries.map((entry) => toDirectoryEntry(entry)));
  }
  return found;
};

/** The default policy when the server names it and the account can read it; else every visible policy. */
export const defaultPolicyCandidates = async (
  client: Client,
  baseDn: string,
  attributes: readonly string[],
): Promise<DirectoryEntry[]> => {
  const defaultDn = await configuredDefault(client);
  const configured = defaultDn ? await readPolicyEntry(client, defaultDn, attributes) : null;
  return configured ? [configured] : visiblePolicies(client, baseDn, attributes);
};

/** The default's candidates and the named policies the account can read (the others are left out). */
export const readPpolicyPolicies = async (
  client: Client,
  baseDn: string,
  policyDns: readonly string[],
  attributes: readonly string[],
): Promise<DirectoryPasswordPolicies> => {
  const named: DirectoryEntry[] = [];
  for (const dn of new Set(policyDns)) {
    const entry = await readPolicyEntry(client, dn, attributes);
    if (entry) named.push(entry);
  }
  return { defaults: await defaultPolicyCandidates(client, baseDn, attributes), named };
};
