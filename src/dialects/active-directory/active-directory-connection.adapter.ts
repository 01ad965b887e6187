/**
 * Active Directory (DESIGN §2.8, reference §6). Passwords are written to `unicodePwd` (UTF-16LE of the
 * quoted password), which AD accepts only over an encrypted connection, so plain LDAP is refused here
 * before connecting. A reset replaces the value with the LDAP_SERVER_POLICY_HINTS control, so AD applies
 * its history rule as it does to a user's own change; a change deletes the old value and adds the new
 * one in a single modify (AD checks the old one). `pwdLastSet` is set as Entra does: 0 when the user
 * must change at next sign-in, -1 (now) otherwise. Unlock writes `lockoutTime=0`. Accounts with
 * `adminCount=1` (AD's protected groups) and configured protected accounts are never written.
 */
import { Attribute, Change, Control, type BerWriter, type Client } from 'ldapts';
import {
  misconfigured,
  policyRejected,
  wrongCurrentPassword,
  type DirectoryResult,
} from '../../core/directory/directory-outcomes.js';
import { isProtectedAccount, noProtectedAccounts } from '../../core/directory/protected-accounts.js';
import type {
  DirectoryConnection,
  DirectoryEntry,
  DirectoryListOptions,
  SetDirectoryPasswordOptions,
} from '../../core/ports.js';
import {
  findOne,
  listPaged,
  readEntry,
  valuesOf,
  type BinaryFormatter,
} from '../../adapters/directory/ldap-entries.js';
import {
  classifyFailure,
  diagnosticOf,
  resultCodeOf,
  verifyUserPassword,
  withSession,
  type LdapConnectionSettings,
  type UserPasswordCheck,
} from '../../adapters/directory/ldap-session.js';
import { activeDirectory } from './active-directory.rules.js';
import { readAdLockoutPolicy, readVisible } from './ad-lockout.adapter.js';
import { domainOf } from './ad-lockout.rules.js';
import { listDeleted } from './ad-deleted.adapter.js';
import {
  adAccountMustChange,
  adBindRequiresChange,
  formatObjectGuid,
  policyHintsControlOid,
  policyHintsValue,
  unicodePwdValue,
} from './ad-password.rules.js';

export const adUserAttributes = [
  'userPrincipalName',
  'sAMAccountName',
  activeDirectory.anchorAttribute,
  'mail',
  'givenName',
  'sn',
  'displayName',
  'mobile',
  'telephoneNumber',
  'memberOf',
  ...activeDirectory.disabledAttributes,
  activeDirectory.changeMark.attribute,
  'adminCount',
  ...activeDirectory.passwordExpiry.userAttributes.filter((name) => name !== 'userAccountControl'),
];
export const adGroupAttributes = [
  'cn',
  'sAMAccountName',
  activeDirectory.anchorAttribute,
  'member',
  activeDirectory.changeMark.attribute,
  'adminCount',
];
const defaultUserFilter = '(&(objectCategory=person)(objectClass=user))';
const defaultGroupFilter = '(objectClass=group)';

const guidFormatter: BinaryFormatter = (name, value) =>
  name.toLowerCase() === 'objectguid' ? formatObjectGuid(value) : value.toString('base64');

/**
 * The LDAP_SERVER_POLICY_HINTS request control. Critical by default: a DC that cannot enforce history on
 * a reset refuses the reset (unavailableCriticalExtension → DIRECTORY_MISCONFIGURED controlUnsupported)
 * rather than silently skipping history. `adPolicyHints: 'ifSupported'` sends it non-critical (Samba ≤ 4.20).
 */
export class PolicyHintsControl extends Control {
  constructor(critical = true) {
    super(policyHintsControlOid, { critical });
  }

  override writeControl(writer: BerWriter): void {
    writer.writeBuffer(Buffer.from(policyHintsValue()), 0x04);
  }
}

/** The exact modification a password write sends; exported so tests can pin the bytes. */
export const adPasswordChanges = (newPassword: string, options: SetDirectoryPasswordOptions): Change[] => {
  const value = (password: string) =>
    new Attribute({ type: 'unicodePwd', values: [Buffer.from(unicodePwdValue(password))] });
  if (options.mode === 'reset') {
    // Entra: pwdLastSet 0 = must change at next sign-in; -1 = "now", which clears a pending must-change.
    const pwdLastSet = new Attribute({ type: 'pwdLastSet', values: [options.mustChangeAtNextLogon ? '0' : '-1'] });
    return [
      new Change({ operation: 'replace', modification: value(newPassword) }),
      new Change({ operation: 'replace', modification: pwdLastSet }),
    ];
  }
  return [
    new Change({ operation: 'delete', modification: value(options.oldPassword ?? '') }),
    new Change({ operation: 'add', modification: value(newPassword) }),
  ];
};

const passwordFailure = (error: unknown): DirectoryResult<never> => {
  const resultCode = resultCodeOf(error);
  const refusal =
    resultCode === null ? null : activeDirectory.readPasswordRefusal({ resultCode, diagnostic: diagnosticOf(error) });
  if (refusal?.kind === 'wrongPassword') return wrongCurrentPassword();
  if (refusal?.kind === 'policy') return policyRejected(refusal.reason, diagnosticOf(error));
  return { ok: false, ...classifyFailure(error) };
};

/**
 * "Must change" on AD: Windows refuses the bind (data 773, 532 expired); Samba binds the account, so the entry (read
 * as the user, who may read their own) says it. A read that fails leaves the bind's verdict: the password was right.
 */
const adPasswordCheck: UserPasswordCheck = {
  refusedForChange: (diagnostic) => adBindRequiresChange(49, diagnostic),
  boundMustChange: async (client, dn) => {
    const entry = await readEntry(client, dn, ['pwdLastSet', 'msDS-User-Account-Control-Computed']).catch(() => null);
    return (
      entry !== null &&
      adAccountMustChange(valuesOf(entry, 'pwdLastSet'), valuesOf(entry, 'msDS-User-Account-Control-Computed'))
    );
  },
};

export const createAdDirectory = (settings: LdapConnectionSettings): DirectoryConnection => {
  const protectedAccounts = settings.protectedAccounts ?? noProtectedAccounts;
  const service = { kind: 'service' } as const;
  // AD refuses unicodePwd writes without encryption; refusing plain LDAP up front also keeps the service password off the wire.
  const adSettings: LdapConnectionSettings = { ...settings, allowPlaintext: false };

  /**
   * Reads what decides protection and whether an administrator disabled the account (ACCOUNTDISABLE, which sync maps
   * to disabled: self-service never re-opens it, not even by unlocking or resetting); null when the entry is gone.
   */
  const guard = async (client: Client, dn: string): Promise<DirectoryResult<DirectoryEntry>> => {
    const entry = await readEntry(client, dn, ['adminCount', 'memberOf', ...activeDirectory.disabledAttributes]);
    if (!entry) return misconfigured('entryNotFound');
    const facts = { dn: entry.dn, adminCount: valuesOf(entry, 'adminCount'), memberOf: valuesOf(entry, 'memberOf') };
    if (isProtectedAccount(facts, protectedAccounts)) return policyRejected('protectedAccount');
    return activeDirectory.isDisabled(entry) ? policyRejected('accountDisabled') : { ok: true, value: entry };
  };

  const setPassword = (
    dn: string,
    newPassword: string,
    options: SetDirectoryPasswordOptions,
  ): Promise<DirectoryResult<void>> =>
    withSession(adSettings, service, async ({ client }) => {
      const allowed = await guard(client, dn);
      if (!allowed.ok) return allowed;
      if (options.mode === 'change' && options.oldPassword === undefined)
        return policyRejected('mustSupplyOldPassword');
      try {
        const hints =
          options.mode === 'reset' ? [new PolicyHintsControl(settings.adPolicyHints !== 'ifSupported')] : undefined;
        // One modify, so the password and pwdLastSet are written together or not at all.
        await client.modify(dn, adPasswordChanges(newPassword, options), hints);
      } catch (error) {
        if (resultCodeOf(error) === 12)
          return misconfigured(
            'controlUnsupported',
            'the DC does not support LDAP_SERVER_POLICY_HINTS (Windows Server 2012+)',
          );
        return passwordFailure(error);
      }
      return { ok: true, value: undefined };
    });

  const list = (
    objectFilter: string,
    attributes: string[],
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ) => {
    const mark = activeDirectory.changeMark;
    if (options.changedAfter !== undefined && !mark.pattern.test(options.changedAfter)) {
      return Promise.resolve(misconfigured('unsupported', `changedAfter must be ${mark.description}`));
    }
    const filter =
      options.changedAfter === undefined
        ? objectFilter
        : `(&${objectFilter}(${mark.attribute}>=${options.changedAfter}))`;
    return withSession(
      adSettings,
      service,
      ({ client }) =>
        listPaged(
          client,
          {
            baseDn: settings.baseDn,
            filter,
            attributes,
            binaryAttributes: ['objectGUID'],
            binary: guidFormatter,
            ...options,
          },
          onPage,
        ),
      { unbounded: true },
    );
  };

  return {
    dialect: activeDirectory.id,

    verifyPassword: (dn, password) => verifyUserPassword(adSettings, dn, password, adPasswordCheck),

    readLockoutPolicy: (dn) => withSession(adSettings, service, ({ client }) => readAdLockoutPolicy(client, dn)),

    // The domain object (maxPwdAge) and the PSOs the account may read; only needed where the computed expiry is missing.
    readPasswordPolicies: (policyDns) =>
      withSession(adSettings, service, async ({ client }) => {
        const attributes = activeDirectory.passwordExpiry.policyAttributes;
        const named = [];
        for (const dn of new Set(policyDns)) {
          const entry = await readVisible(client, dn, attributes);
          if (entry) named.push(entry);
        }
        const domainDn = domainOf(settings.baseDn);
        const domain = domainDn ? await readVisible(client, domainDn, attributes) : null;
        return { ok: true, value: { defaults: domain ? [domain] : [], named } };
      }),

    test: () =>
      withSession(adSettings, service, async ({ client }) => {
        const base = await readEntry(client, settings.baseDn, ['1.1']).catch((error: unknown) => {
          if (resultCodeOf(error) === 32) return null;
          throw error;
        });
        return base
          ? { ok: true, value: { baseDn: base.dn } }
          : misconfigured('baseNotFound', `no entry at ${settings.baseDn}`);
      }),

    findUser: (login) =>
      withSession(adSettings, service, ({ client }) =>
        findOne(
          client,
          {
            baseDn: settings.baseDn,
            objectFilter: settings.userFilter ?? defaultUserFilter,
            loginAttributes: settings.loginAttributes ?? activeDirectory.user.loginAttributes,
            attributes: adUserAttributes,
            binaryAttributes: ['objectGUID'],
            binary: guidFormatter,
          },
          login,
        ),
      ),

    setPassword,

    unlock: (dn) =>
      withSession(adSettings, service, async ({ client }) => {
        const allowed = await guard(client, dn);
        if (!allowed.ok) return allowed;
        const changes = activeDirectory.lockout.unlockChanges(allowed.value).map(
          (change) =>
            new Change({
              operation: change.operation,
              modification: new Attribute({
                type: change.attribute,
                values: change.operation === 'replace' ? [...change.values] : [],
              }),
            }),
        );
        if (changes.length > 0) await client.modify(dn, changes);
        return { ok: true, value: undefined };
      }),

    isLocked: (dn) =>
      withSession(adSettings, service, async ({ client }) => {
        const entry = await readEntry(client, dn, [...activeDirectory.lockout.attributes]);
        if (!entry) return misconfigured('entryNotFound');
        return { ok: true, value: activeDirectory.lockout.isLocked(entry) };
      }),

    listUsers: (options, onPage) => list(settings.userFilter ?? defaultUserFilter, adUserAttributes, options, onPage),
    listGroups: (options, onPage) =>
      list(settings.groupFilter ?? defaultGroupFilter, adGroupAttributes, options, onPage),
    listDeleted: (options, onPage) => listDeleted(adSettings, options, onPage),
  };
};
