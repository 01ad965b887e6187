/**
 * An in-memory `DirectoryConnection` for service and HTTP tests (and the embedded demo later): the port's
 * semantics without LDAP, held to the same contract suite as the OpenLDAP dialect
 * (`test/directory/directory-contract.test.ts`), so a service tested against it behaves the same against
 * slapd. It is not an LDAP server: nothing here parses filters or speaks the protocol.
 */
import {
  misconfigured,
  policyRejected,
  unreachable,
  wrongCurrentPassword,
  type DirectoryResult,
} from '../../core/directory/directory-outcomes.js';
import { normaliseDn } from '../../core/directory/ldap-escape.js';
import {
  isProtectedAccount,
  noProtectedAccounts,
  type ProtectedAccountRule,
} from '../../core/directory/protected-accounts.js';
import type { DirectoryConnection, DirectoryEntry, DirectoryListOptions } from '../../core/ports.js';
import { noPasswordPolicies, type DirectoryPasswordPolicies } from '../../core/password/directory-expiry.js';
import { dialectOf, type DirectoryType } from '../../dialects/registry.js';

export interface MemoryDirectoryUser {
  dn: string;
  attributes: Record<string, string[]>;
  password: string;
}

export interface MemoryDirectoryPolicy {
  minLength: number;
  /** How many earlier passwords (including the current one) may not be reused. */
  inHistory: number;
  /** Wrong binds before the account locks (0 = never). */
  maxFailure: number;
  /** Whether the service account may read that policy (`readLockoutPolicy` answers null when not). */
  lockoutReadable: boolean;
}

interface State extends MemoryDirectoryUser {
  history: string[];
  /** After a reset with mustChangeAtNextLogon (AD's pwdLastSet=0, OpenLDAP's pwdReset under pwdMustChange): the right password is `mustChange` until the next write. */
  mustChange: boolean;
  failures: number;
  locked: boolean;
}

export interface MemoryDirectory extends DirectoryConnection {
  /** A user's bind, as a passthrough sign-in or the directory's own login would do it (counts failures). */
  bind(dn: string, password: string): boolean;
  /** Simulates the directory going away or coming back. */
  setReachable(reachable: boolean): void;
  /** The password now in force (for assertions). */
  passwordOf(dn: string): string | undefined;
  /** Deletes a user; a dialect with tombstones (AD) keeps one (the anchor) for `listDeleted`, as a DC does. */
  remove(dn: string): void;
  /** Whether the service account may read the tombstones (AD's Deleted Objects ACL); default yes. */
  setDeletedReadable(readable: boolean): void;
}

const ok = <T>(value: T): DirectoryResult<T> => ({ ok: true, value });

export const createMemoryDirectory = (options: {
  users: MemoryDirectoryUser[];
  policy?: Partial<MemoryDirectoryPolicy>;
  loginAttributes?: readonly string[];
  protectedAccounts?: ProtectedAccountRule;
  /**
   * The password policy entries it holds (`readPasswordPolicies` answers the defaults and those of the named DNs it
   * has); none by default, so expiry is unknown unless the entries carry AD's computed attribute.
   */
  passwordPolicies?: DirectoryPasswordPolicies;
  /** The dialect it emulates: how "disabled" is read and whether deletions leave tombstones come from its descriptor. */
  dialect?: DirectoryType;
}): MemoryDirectory => {
  const dialect = dialectOf(options.dialect ?? 'openldap');
  const policy: MemoryDirectoryPolicy = {
    minLength: 8,
    inHistory: 3,
    maxFailure: 3,
    lockoutReadable: true,
    ...options.policy,
  };
  const loginAttributes = options.loginAttributes ?? dialect.user.loginAttributes;
  const rule = options.protectedAccounts ?? noProtectedAccounts;
  const users = new Map<string, State>(
    options.users.map((user) => [
      normaliseDn(user.dn),
      {
        ...user,
        attributes: { ...user.attributes },
        history: [user.password],
        failures: 0,
        locked: false,
        mustChange: false,
      },
    ]),
  );
  let reachable = true;
  let deletedReadable = true;
  const tombstones: DirectoryEntry[] = [];
  const lookup = (dn: string): State | undefined => {
    try {
      return users.get(normaliseDn(dn));
    } catch {
      return undefined;
    }
  };
  const entryOf = (user: State): DirectoryEntry => ({ dn: user.dn, attributes: structuredClone(user.attributes) });
  const guarded = <T>(work: () => DirectoryResult<T>): Promise<DirectoryResult<T>> =>
    Promise.resolve(reachable ? work() : unreachable('memory directory set unreachable'));
  const attribute = (user: State, name: string) =>
    Object.entries(user.attributes).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? [];
  /** Disabled by an administrator, as the dialect says it (OpenLDAP's administrative lock, AD's ACCOUNTDISABLE). */
  const disabled = (user: State) => dialect.isDisabled(entryOf(user));
  /** What self-service may never touch: a protected account, or one an administrator disabled. */
  const refusal = (user: State): DirectoryResult<never> | undefined => {
    if (
      isProtectedAccount(
        { dn: user.dn, adminCount: attribute(user, 'adminCount'), memberOf: attribute(user, 'memberOf') },
        rule,
      )
    )
      return policyRejected('protectedAccount');
    return disabled(user) ? policyRejected('accountDisabled') : undefined;
  };

  const write = (user: State, newPassword: string): DirectoryResult<void> => {
    if (newPassword.length < policy.minLength) return policyRejected('tooShort');
    if (user.history.slice(-policy.inHistory).includes(newPassword)) return policyRejected('inHistory');
    user.password = newPassword;
    user.history.push(newPassword);
    user.failures = 0;
    user.mustChange = false;
    return ok(undefined);
  };

  const listEntries = (
    read: () => DirectoryEntry[],
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ) => {
    if (!reachable) return Promise.resolve(unreachable('memory directory set unreachable'));
    return (async (): Promise<DirectoryResult<{ entries: number }>> => {
      const entries = read();
      const size = options.pageSize ?? 500;
      for (let start = 0; start < entries.length; start += size) await onPage(entries.slice(start, start + size));
      return ok({ entries: entries.length });
    })();
  };
  const list = (
    pick: (user: State) => boolean,
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ) => listEntries(() => [...users.values()].filter(pick).map(entryOf), options, onPage);

  const bind = (dn: string, password: string): boolean => {
    const user = lookup(dn);
    if (!user || user.locked || disabled(user)) return false;
    if (user.password === password) {
      user.failures = 0;
      return true;
    }
    user.failures += 1;
    if (policy.maxFailure > 0 && user.failures >= policy.maxFailure) user.locked = true;
    return false;
  };

  return {
    dialect: dialect.id,
    test: () => guarded(() => ok({ baseDn: 'memory' })),
    findUser: (login) =>
      guarded(() => {
        const matches = [...users.values()].filter((user) =>
          loginAttributes.some((name) =>
            attribute(user, name).some((value) => value.toLowerCase() === login.toLowerCase()),
          ),
        );
        if (matches.length > 1) return misconfigured('ambiguousLogin');
        const [match] = matches;
        return ok(match ? entryOf(match) : null);
      }),
    setPassword: (dn, newPassword, passwordOptions) =>
      guarded(() => {
        const user = lookup(dn);
        if (!user) return misconfigured('entryNotFound');
        const refused = refusal(user);
        if (refused) return refused;
        if (passwordOptions.mode === 'change') {
          if (passwordOptions.oldPassword === undefined) return policyRejected('mustSupplyOldPassword');
          if (user.locked) return policyRejected('accountLocked');
          if (passwordOptions.oldPassword !== user.password) return wrongCurrentPassword();
        }
        const written = write(user, newPassword);
        if (written.ok && passwordOptions.mode === 'reset' && passwordOptions.mustChangeAtNextLogon)
          user.mustChange = true;
        return written;
      }),
    unlock: (dn) =>
      guarded(() => {
        const user = lookup(dn);
        if (!user) return misconfigured('entryNotFound');
        const refused = refusal(user);
        if (refused) return refused;
        user.locked = false;
        user.failures = 0;
        return ok(undefined);
      }),
    isLocked: (dn) =>
      guarded(() => {
        const user = lookup(dn);
        return user ? ok(user.locked) : misconfigured('entryNotFound');
      }),
    verifyPassword: (dn, password) =>
      guarded(() =>
        ok(password.length > 0 && bind(dn, password) ? (lookup(dn)?.mustChange ? 'mustChange' : 'valid') : 'invalid'),
      ),
    // Failures are kept until a right bind or an unlock, as ppolicy without pwdFailureCountInterval.
    readLockoutPolicy: (dn) =>
      guarded(() => {
        if (!lookup(dn)) return misconfigured('entryNotFound');
        return ok(policy.lockoutReadable ? { threshold: policy.maxFailure, windowSeconds: 0 } : null);
      }),
    readPasswordPolicies: (policyDns) =>
      guarded(() => {
        const held = options.passwordPolicies ?? noPasswordPolicies;
        const wanted = new Set(policyDns.map((dn) => normaliseDn(dn)));
        return ok({
          defaults: structuredClone(held.defaults),
          named: structuredClone(held.named.filter((entry) => wanted.has(normaliseDn(entry.dn)))),
        });
      }),
    listUsers: (listOptions, onPage) => list(() => true, listOptions, onPage),
    listGroups: (listOptions, onPage) => list(() => false, listOptions, onPage),
    // Every tombstone, whatever the watermark: like listUsers, the memory directory keeps no change marks.
    listDeleted: (listOptions, onPage) => {
      if (deletedReadable || !reachable)
        return listEntries(() => tombstones.map((entry) => structuredClone(entry)), listOptions, onPage);
      return Promise.resolve(
        misconfigured('insufficientAccess', 'the service account cannot read the Deleted Objects container'),
      );
    },
    bind,
    setReachable(value) {
      reachable = value;
    },
    passwordOf: (dn) => lookup(dn)?.password,
    remove(dn) {
      const user = lookup(dn);
      if (!user) return;
      users.delete(normaliseDn(dn));
      const anchor = attribute(user, dialect.anchorAttribute)[0];
      if (dialect.tombstones && anchor) tombstones.push(dialect.tombstones.of(anchor, 'user'));
    },
    setDeletedReadable(readable) {
      deletedReadable = readable;
    },
  };
};
