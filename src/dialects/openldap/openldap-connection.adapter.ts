/**
 * OpenLDAP with the ppolicy overlay (DESIGN §2.8). Passwords are written with the Password Modify
 * extended operation (RFC 3062) carrying the password-policy request control, so the server hashes the
 * password, applies its policy (length, quality, history, age) and tells us why it refused. A reset runs
 * as the service account; a user's own change binds as the user, so the policy's self-change rules
 * (pwdAllowUserChange, pwdMinAge, pwdSafeModify) apply to it. Unlock deletes the lockout attributes.
 *
 * An administrative lock (`pwdAccountLockedTime` = `000001010000Z`, which sync maps to disabled) is an
 * administrator's decision, not a lockout: reset, change and unlock refuse such an entry (`accountDisabled`)
 * and `isLocked` does not report it, so self-service can never lift it between the lock and the next sync.
 */
import { Attribute, BerWriter, Change, Control, type Client } from 'ldapts';
import {
  misconfigured,
  policyRejected,
  wrongCurrentPassword,
  type DirectoryResult,
} from '../../core/directory/directory-outcomes.js';
import { escapeFilterValue } from '../../core/directory/ldap-escape.js';
import { isProtectedAccount, noProtectedAccounts } from '../../core/directory/protected-accounts.js';
import type {
  DirectoryConnection,
  DirectoryEntry,
  DirectoryListOptions,
  SetDirectoryPasswordOptions,
} from '../../core/ports.js';
import { findOne, listPaged, readEntry, valuesOf } from '../../adapters/directory/ldap-entries.js';
import {
  classifyFailure,
  resultCodeOf,
  verifyUserPassword,
  withSession,
  type LdapConnectionSettings,
} from '../../adapters/directory/ldap-session.js';
import { readOpenLdapLockout } from './openldap-lockout.adapter.js';
import { readPpolicyPolicies } from './openldap-policy.adapter.js';
import { openLdap } from './openldap.rules.js';
import { classifyPasswordFailure, PasswordPolicyControl, ppolicyPasswordCheck } from './ppolicy-control.adapter.js';
import { reasonForPpolicyError } from './ppolicy.rules.js';

export const passwordModifyOid = '1.3.6.1.4.1.4203.1.11.1';
/** OpenLDAP's Relax Rules control (draft-zeilenga-ldap-relax), needed to delete NO-USER-MODIFICATION attributes. */
export const relaxRulesOid = '1.3.6.1.4.1.4203.666.5.12';

/** `pwdAccountLockedTime` (operational, so named): its administrative-lock value syncs the user as disabled. */
export const openLdapUserAttributes = [
  openLdap.anchorAttribute,
  'uid',
  'mail',
  'givenName',
  'sn',
  'cn',
  'mobile',
  'telephoneNumber',
  openLdap.changeMark.attribute,
  'entryCSN',
  ...openLdap.disabledAttributes,
  ...openLdap.passwordExpiry.userAttributes,
];
export const openLdapGroupAttributes = [
  openLdap.anchorAttribute,
  'cn',
  'member',
  'uniqueMember',
  openLdap.changeMark.attribute,
  'entryCSN',
];
const defaultUserFilter = '(objectClass=inetOrgPerson)';
const defaultGroupFilter = '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))';

/** PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], oldPasswd [1], newPasswd [2] } (all OPTIONAL). */
export const encodePasswordModifyRequest = (fields: {
  userIdentity?: string;
  oldPassword?: string;
  newPassword?: string;
}): Buffer => {
  const writer = new BerWriter();
  writer.startSequence();
  if (fields.userIdentity !== undefined) writer.writeString(fields.userIdentity, 0x80);
  if (fields.oldPassword !== undefined) writer.writeString(fields.oldPassword, 0x81);
  if (fields.newPassword !== undefined) writer.writeString(fields.newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
};

export const createOpenLdapDirectory = (settings: LdapConnectionSettings): DirectoryConnection => {
  const protectedAccounts = settings.protectedAccounts ?? noProtectedAccounts;
  const hasProtectionRule = protectedAccounts.dns.length > 0 || protectedAccounts.groups.length > 0;
  const service = { kind: 'service' } as const;

  /**
   * Whether self-service may touch the entry at all, read as the service account: not a protected account (with a
   * configured rule, the entry's DN and groups decide; without one nothing is protected on OpenLDAP, and `memberOf`
   * is not asked for) and not administratively locked. Returns the entry for the caller's own attributes.
   */
  const guard = async (
    client: Client,
    dn: string,
    attributes: readonly string[] = [],
  ): Promise<DirectoryResult<DirectoryEntry>> => {
    const entry = await readEntry(client, dn, [
      ...new Set([...openLdap.disabledAttributes, ...attributes, ...(hasProtectionRule ? ['memberOf'] : [])]),
    ]);
    if (!entry) return misconfigured('entryNotFound');
    if (
      hasProtectionRule &&
      isProtectedAccount({ dn: entry.dn, memberOf: valuesOf(entry, 'memberOf') }, protectedAccounts)
    )
      return policyRejected('protectedAccount');
    if (openLdap.isDisabled(entry)) return policyRejected('accountDisabled');
    return { ok: true, value: entry };
  };

  /**
   * "Must change at next logon" as ppolicy keeps it: `pwdReset: TRUE`, which slapd does not set itself for a Password
   * Modify by the service account; with `pwdMustChange: TRUE` in the user's policy the next bind then answers
   * `changeAfterReset` (and only a password change is allowed). Not forced: any pending flag goes. The password is
   * written by now, so a service account without write access to pwdReset leaves the change unforced rather than
   * failing a reset that happened (docs/directory.md asks for that access).
   */
  const markReset = async (client: Client, dn: string, mustChange: boolean): Promise<DirectoryResult<void>> => {
    try {
      await client.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'pwdReset', values: mustChange ? ['TRUE'] : [] }),
        }),
      );
    } catch (error) {
      if (resultCodeOf(error) !== 50) return { ok: false, ...classifyFailure(error) };
    }
    return { ok: true, value: undefined };
  };

  const writePassword = async (
    dn: string,
    newPassword: string,
    options: SetDirectoryPasswordOptions,
  ): Promise<DirectoryResult<void>> => {
    const control = new PasswordPolicyControl();
    const exop = async ({ client }: { client: Client }): Promise<DirectoryResult<void>> => {
      try {
        await client.exop(
          passwordModifyOid,
          encodePasswordModifyRequest({
            userIdentity: dn,
            oldPassword: options.mode === 'change' ? options.oldPassword : undefined,
            newPassword,
          }),
          [control],
        );
        return { ok: true, value: undefined };
      } catch (error) {
        return classifyPasswordFailure(error, control);
      }
    };
    // A reset checks and writes in one service session; a change checks as the service account, then binds as the user.
    if (options.mode === 'reset') {
      return withSession(settings, service, async (session) => {
        const allowed = await guard(session.client, dn);
        if (!allowed.ok) return allowed;
        const written = await exop(session);
        return written.ok ? markReset(session.client, dn, options.mustChangeAtNextLogon === true) : written;
      });
    }
    const oldPassword = options.oldPassword;
    if (oldPassword === undefined) return policyRejected('mustSupplyOldPassword');
    const allowed = await withSession(settings, service, ({ client }) => guard(client, dn));
    if (!allowed.ok) return allowed;
    const bindControl = new PasswordPolicyControl();
    return withSession(settings, { kind: 'user', dn, password: oldPassword, control: bindControl }, exop, {
      onUserBindFailure: (error) => {
        const ppolicyError = bindControl.response?.error;
        // Locked, or expired without grace binds: the directory's reason, not "wrong password".
        if (ppolicyError !== undefined) return policyRejected(reasonForPpolicyError(ppolicyError));
        if (resultCodeOf(error) === 49) return wrongCurrentPassword();
        return { ok: false, ...classifyFailure(error) };
      },
    });
  };

  const changedAfterFilter = (options: DirectoryListOptions): string | DirectoryResult<never> => {
    if (options.changedAfter === undefined) return '';
    const mark = openLdap.changeMark;
    if (!mark.pattern.test(options.changedAfter))
      return misconfigured('unsupported', `changedAfter must be ${mark.description}`);
    // >= is the only ordering LDAP has; the caller's mark is the newest modifyTimestamp it already holds.
    return `(${mark.attribute}>=${escapeFilterValue(options.changedAfter)})`;
  };

  const list = async (
    objectFilter: string,
    attributes: string[],
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ): Promise<DirectoryResult<{ entries: number }>> => {
    const since = changedAfterFilter(options);
    if (typeof since !== 'string') return since;
    const filter = since ? `(&${objectFilter}${since})` : objectFilter;
    return withSession(
      settings,
      service,
      ({ client }) => listPaged(client, { baseDn: settings.baseDn, filter, attributes, ...options }, onPage),
      {
        unbounded: true,
      },
    );
  };

  return {
    dialect: openLdap.id,

    verifyPassword: (dn, password) => verifyUserPassword(settings, dn, password, ppolicyPasswordCheck),

    readLockoutPolicy: (dn) =>
      withSession(settings, service, ({ client }) => readOpenLdapLockout(client, settings.baseDn, dn)),

    readPasswordPolicies: (policyDns) =>
      withSession(settings, service, async ({ client }) => ({
        ok: true,
        value: await readPpolicyPolicies(client, settings.baseDn, policyDns, openLdap.passwordExpiry.policyAttributes),
      })),

    test: () =>
      withSession(settings, service, async ({ client }) => {
        const base = await readEntry(client, settings.baseDn, ['1.1']).catch((error: unknown) => {
          if (resultCodeOf(error) === 32) return null;
          throw error;
        });
        return base
          ? { ok: true, value: { baseDn: base.dn } }
          : misconfigured('baseNotFound', `no entry at ${settings.baseDn}`);
      }),

    findUser: (login) =>
      withSession(settings, service, ({ client }) =>
        findOne(
          client,
          {
            baseDn: settings.baseDn,
            objectFilter: settings.userFilter ?? defaultUserFilter,
            loginAttributes: settings.loginAttributes ?? openLdap.user.loginAttributes,
            attributes: openLdapUserAttributes,
          },
          login,
        ),
      ),

    setPassword: writePassword,

    unlock: (dn) =>
      withSession(settings, service, async ({ client }) => {
        const allowed = await guard(client, dn, openLdap.lockout.attributes);
        if (!allowed.ok) return allowed;
        const changes = openLdap.lockout.unlockChanges(allowed.value);
        const deletesFailures = changes.some(({ attribute }) => attribute === 'pwdFailureTime');
        // Unlocking an unlocked account is a success: the verb is idempotent (REL-05). pwdFailureTime is
        // NO-USER-MODIFICATION: deleting it needs the Relax Rules control and `manage` access (docs/directory.md).
        if (changes.length > 0)
          await client.modify(
            dn,
            changes.map(
              ({ attribute }) => new Change({ operation: 'delete', modification: new Attribute({ type: attribute }) }),
            ),
            deletesFailures ? [new Control(relaxRulesOid, { critical: true })] : undefined,
          );
        return { ok: true, value: undefined };
      }),

    isLocked: (dn) =>
      withSession(settings, service, async ({ client }) => {
        const entry = await readEntry(client, dn, [...openLdap.lockout.attributes]);
        if (!entry) return misconfigured('entryNotFound');
        return { ok: true, value: openLdap.lockout.isLocked(entry) };
      }),

    listUsers: (options, onPage) =>
      list(settings.userFilter ?? defaultUserFilter, openLdapUserAttributes, options, onPage),
    listGroups: (options, onPage) =>
      list(settings.groupFilter ?? defaultGroupFilter, openLdapGroupAttributes, options, onPage),
    // No tombstones without accesslog: deletions are found by full runs (the linked users a full listing no longer returns).
    listDeleted: () => Promise.resolve({ ok: true, value: { entries: 0 } }),
  };
};
