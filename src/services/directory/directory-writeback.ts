/**
 * Password writeback and unlock against the tenant's on-premises directory (issue 7, reference §1.1 step 3,
 * §1.3): synchronous, on-premises first. The user's entry is found by UPN (the dialect matches it against its
 * login attributes: OpenLDAP uid/mail, AD userPrincipalName/sAMAccountName); protected accounts are refused by
 * the adapter. Failures come back as catalogue codes with the user-facing sentence in `detail` — the
 * directory's raw diagnostic is kept for the audit log only.
 */
import { misconfigured, type DirectoryFailure, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { DirectoryConnectionConfig, User } from '../../core/model.js';
import type { DirectoryConnection } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale, type MessageKey } from '../../i18n/i18n.js';
import type { DirectoryService } from './directory-service.js';

/** How long a write-back waits for the directory's new expiry before answering the user. */
const expiryReadWaitMs = 5_000;

export type WritebackCode =
  'DIRECTORY_POLICY_REJECTED' | 'DIRECTORY_UNREACHABLE' | 'DIRECTORY_MISCONFIGURED' | 'INVALID_CURRENT_PASSWORD';

export interface WritebackFailure {
  code: WritebackCode;
  /** What the user and the API are told (reason + sentence); `diagnostic` stays in the audit log. */
  details: { reason: string; detail: string };
  auditReason: string;
  diagnostic: string | undefined;
}

export interface OpenDirectory {
  config: DirectoryConnectionConfig;
  connection: DirectoryConnection;
}

/** Entra's codes for a directory that cannot be used, and our plain-words reason for a policy refusal. */
export const writebackFailureOf = (outcome: { ok: false } & DirectoryFailure, locale: Locale): WritebackFailure => {
  const diagnostic = outcome.details.diagnostic;
  if (outcome.code === 'DIRECTORY_POLICY_REJECTED') {
    const reason = outcome.details.reason;
    return {
      code: outcome.code,
      details: { reason, detail: translate(locale, `directory.reason.${reason}` as MessageKey) },
      auditReason: `OnPremisesPolicy:${reason}`,
      diagnostic,
    };
  }
  if (outcome.code === 'INVALID_CURRENT_PASSWORD') {
    return {
      code: outcome.code,
      details: {
        reason: 'invalidCurrentPassword',
        detail: translate(locale, 'account.change.error.INVALID_CURRENT_PASSWORD'),
      },
      auditReason: 'InvalidCurrentPassword',
      diagnostic,
    };
  }
  const entra = outcome.code === 'DIRECTORY_UNREACHABLE' ? 'SSPR_0030' : 'SSPR_0029';
  const detail = translate(locale, `reset.ineligible.${entra}` as MessageKey);
  const why = outcome.code === 'DIRECTORY_MISCONFIGURED' ? `:${outcome.details.reason}` : '';
  return { code: outcome.code, details: { reason: entra, detail }, auditReason: `${entra}${why}`, diagnostic };
};

/** Whether a user's password is written back (and their sign-in checked) on-premises. */
export const isOnPremUser = (user: User): boolean => user.source !== 'cloud';

/** Passthrough and federated users have no cloud hash; password-hash-sync users get one after the directory. */
export const keepsCloudHash = (user: User): boolean => user.source === 'cloud' || user.source === 'synced';

export const createDirectoryWriteback = (directories: DirectoryService) => {
  /** The user's entry; not found is the connection's misconfiguration (sync and directory disagree). */
  const entryOf = async (directory: OpenDirectory, user: User): Promise<DirectoryResult<string>> => {
    const found = await directory.connection.findUser(user.upn);
    if (!found.ok) return found;
    if (found.value === null) return misconfigured('entryNotFound');
    return { ok: true, value: found.value.dn };
  };

  const fail = <T>(
    outcome: DirectoryResult<T>,
    locale: Locale,
  ): Result<never, WritebackCode> & { failure?: WritebackFailure } => {
    const mapped = writebackFailureOf(outcome as { ok: false } & DirectoryFailure, locale);
    return { ...failure(mapped.code, mapped.details), failure: mapped };
  };

  return {
    /** The tenant's connection, or undefined (no connection: writeback is not available, SSPR_0010). */
    open: (tenantId: string): Promise<OpenDirectory | undefined> => directories.open(tenantId),

    /** Whether the tenant's connection works now (cached briefly, `directory-health.ts`); undefined without one. */
    health: (tenantId: string) => directories.health(tenantId),

    /**
     * Sets the password on-premises: `reset` as the service account (and unlocks, as Entra's reset does),
     * `change` as the user with the old password.
     */
    async setPassword(
      directory: OpenDirectory,
      user: User,
      newPassword: string,
      mode: { kind: 'reset'; mustChangeAtNextLogon?: boolean } | { kind: 'change'; oldPassword: string },
      locale: Locale,
    ) {
      const dn = await entryOf(directory, user);
      if (!dn.ok) return fail(dn, locale);
      const options =
        mode.kind === 'reset'
          ? { mode: 'reset' as const, mustChangeAtNextLogon: mode.mustChangeAtNextLogon === true }
          : { mode: 'change' as const, oldPassword: mode.oldPassword };
      const written = await directory.connection.setPassword(dn.value, newPassword, options);
      if (!written.ok) return fail(written, locale);
      // A reset also unlocks; the password is already written, so a failed unlock is reported, not fatal.
      const unlocked =
        mode.kind === 'reset' ? await directory.connection.unlock(dn.value) : { ok: true as const, value: undefined };
      // The new password's clock, as the directory now has it (reminders and the expired check follow it). The
      // password is written whatever happens here; a failure leaves the correction to the next sync. The user waits
      // at most a few seconds for it (an agent too old to know the read would otherwise hold the reply for the
      // agent call's whole expiry); a slower read still finishes and stores in the background.
      const recorded = directories.recordPasswordExpiry(user, directory.connection).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([recorded, new Promise<void>((done) => (timer = setTimeout(done, expiryReadWaitMs)))]);
      clearTimeout(timer);
      return success({ dn: dn.value, unlocked: unlocked.ok });
    },

    /**
     * Whether the directory has the login's entry locked. Always two round trips (find, then read — an absent
     * entry's placeholder DN when there is none), for a real user as for a user ID that is not on-premises here
     * (unknown, cloud, ineligible), so the time a start takes does not tell who is on-premises.
     */
    async isLocked(directory: OpenDirectory, login: string): Promise<boolean> {
      const found = await directory.connection.findUser(login);
      const entry = found.ok ? found.value : null;
      const locked = await directory.connection.isLocked(
        entry ? entry.dn : `cn=sspr-absent,${directory.config.baseDn}`,
      );
      return entry !== null && locked.ok && locked.value;
    },

    async unlock(directory: OpenDirectory, user: User, locale: Locale) {
      const dn = await entryOf(directory, user);
      if (!dn.ok) return fail(dn, locale);
      const unlocked = await directory.connection.unlock(dn.value);
      return unlocked.ok ? success({ dn: dn.value }) : fail(unlocked, locale);
    },

    /** Passthrough/federated sign-in: the directory checks the password with a bind as the user. */
    entryOf,
  };
};

export type DirectoryWriteback = ReturnType<typeof createDirectoryWriteback>;
