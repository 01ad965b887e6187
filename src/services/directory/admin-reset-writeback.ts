/**
 * An administrator's reset of an on-premises user (Entra writes "admin-initiated reset of an end user" back,
 * reference §6.3): the new password goes to the directory first, with "must change at next logon" when the
 * admin forces a change (AD `pwdLastSet=0`; OpenLDAP leaves it to the directory's `pwdMustChange`). Available
 * as for the user's own change: the `onPremWriteback` entitlement, a connection, writeback switched on.
 */
import { SsprError } from '../../core/errors.js';
import type { User } from '../../core/model.js';
import type { DirectoryService } from './directory-service.js';
import { createDirectoryWriteback, type OpenDirectory, type WritebackFailure } from './directory-writeback.js';
import type { LicensingService } from '../licensing/licensing-service.js';

export interface AdminResetCollaborators {
  licensing: LicensingService;
  directories: DirectoryService;
}

export const createAdminResetWriteback = (collaborators: AdminResetCollaborators | undefined) => {
  const writeback = collaborators && createDirectoryWriteback(collaborators.directories);

  return {
    /** The directory an on-premises user's admin reset is written to; PASSWORD_NOT_MANAGED_HERE without writeback. */
    async directoryFor(user: User): Promise<OpenDirectory> {
      const capability =
        collaborators && (await collaborators.licensing.licensingOf(user)).eligibility.canChangePassword;
      const directory = capability?.allowed ? await writeback?.open(user.tenantId) : undefined;
      if (!directory)
        throw new SsprError(
          'PASSWORD_NOT_MANAGED_HERE',
          `${user.upn}'s password is managed on-premises and writeback is not available (${capability?.allowed === false ? capability.reason : 'SSPR_0010'})`,
        );
      return directory;
    },

    /** Writes the password on-premises (a reset by the service account, which also unlocks); throws the directory's refusal. */
    async write(
      directory: OpenDirectory,
      user: User,
      password: string,
      forceChange: boolean,
    ): Promise<{ unlocked: boolean } | { failure: WritebackFailure }> {
      const written = await writeback!.setPassword(
        directory,
        user,
        password,
        { kind: 'reset', mustChangeAtNextLogon: forceChange },
        'en',
      );
      if (written.ok) return { unlocked: written.value.unlocked };
      return {
        failure: written.failure ?? {
          code: written.code,
          details: { reason: written.code, detail: '' },
          auditReason: written.code,
          diagnostic: undefined,
        },
      };
    },
  };
};
