/**
 * Directory sync, password expiry (issue #16 item 2): for each page of users, when the directory expires each one's
 * password, read with the dialect's descriptor (`passwordExpiry`) from the listed entry and the policy entries in
 * force. The policies are read once per run, and again only for a policy a later page names first, so a sync of
 * 100,000 users makes a handful of extra reads, not one per user.
 *
 * What is stored (`users.directory_password_expires_at`): the instant, or null for "never" and "unknown" (no
 * reminder either way). When the policies could not be read (an agent older than the operation, a transient
 * failure), a user whose expiry needs them is left as stored rather than wiped: the next run tries again.
 */
import type { DirectoryEntry } from '../../../core/directory/directory-ports.js';
import type { DirectoryConnection } from '../../../core/ports.js';
import type { DirectoryPasswordPolicies } from '../../../core/password/directory-expiry.js';
import { dialectOf } from '../../../dialects/registry.js';
import { normaliseDn } from '../../../core/directory/ldap-escape.js';

/** Per DN (as listed): the value to store, or absent to leave the stored one. */
export type PageExpiries = Map<string, string | null>;

export type PageExpiryReader = (entries: readonly DirectoryEntry[]) => Promise<PageExpiries>;

const keyOf = (dn: string): string => {
  try {
    return normaliseDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/** A reader for one run over `connection`, remembering the policies it read. */
export const createPageExpiryReader = (connection: DirectoryConnection): PageExpiryReader => {
  const dialect = dialectOf(connection.dialect).passwordExpiry;
  let policies: DirectoryPasswordPolicies | null = null;
  /** Named policies asked for (read or not), so an unreadable one is not asked for on every page. */
  const asked = new Set<string>();
  let failed = false;

  const ensure = async (entries: readonly DirectoryEntry[]) => {
    const wanted = new Map<string, string>();
    for (const entry of entries) {
      const dn = dialect.policyOf(entry);
      if (dn && !asked.has(keyOf(dn))) wanted.set(keyOf(dn), dn);
    }
    if (policies && wanted.size === 0) return;
    // A failed read is not retried within the run: the next run will.
    if (failed) return;
    const read = await connection.readPasswordPolicies([...wanted.values()]);
    for (const key of wanted.keys()) asked.add(key);
    if (!read.ok) {
      failed = true;
      return;
    }
    policies = {
      defaults: read.value.defaults,
      named: [...(policies?.named ?? []), ...read.value.named],
    };
  };

  return async (entries) => {
    // AD's computed attribute needs no policy: only ask when some entry's reading would use one.
    const needsPolicies = entries.some((entry) => dialect.read(entry, null).kind === 'unknown');
    if (needsPolicies) await ensure(entries);
    const expiries: PageExpiries = new Map();
    for (const entry of entries) {
      const expiry = dialect.read(entry, policies);
      if (expiry.kind === 'expires') expiries.set(entry.dn, expiry.at);
      else if (expiry.kind === 'never' || policies !== null) expiries.set(entry.dn, null);
    }
    return expiries;
  };
};

/**
 * A password we just wrote to the directory restarts its clock (issue #16 item 2): the entry is read again, so the
 * expiry is the directory's own (ppolicy's new pwdChangedTime, AD's recomputed time) rather than a guess. Anything
 * that cannot be read gives null (no reminder until the next sync): never the old password's expiry.
 */
export const readUserExpiry = async (connection: DirectoryConnection, login: string): Promise<string | null> => {
  const found = await connection.findUser(login);
  if (!found.ok || !found.value) return null;
  const expiries = await createPageExpiryReader(connection)([found.value]);
  return expiries.get(found.value.dn) ?? null;
};
