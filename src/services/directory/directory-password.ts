/**
 * The one check of a password against the on-premises directory: a bind as the user (issue 7). Sign-in of
 * passthrough and federated users, their step-up and their password change all use it, so the directory —
 * not a cloud hash they may not have, or that may be stale — decides whether the password is right.
 */
import type { PasswordVerdict } from '../../core/directory/directory-ports.js';
import type { User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import type { DirectoryService } from './directory-service.js';

/** Users whose password the directory checks at sign-in (no cloud hash is used for them). */
export const signsInAtDirectory = (user: User): boolean => user.source === 'passthrough' || user.source === 'federated';

export type DirectoryPasswordFailure = 'DIRECTORY_UNREACHABLE' | 'DIRECTORY_MISCONFIGURED' | 'DIRECTORY_NOT_CONNECTED';

/**
 * `valid` when the directory accepts the password for the user's entry; `mustChange` when it is right but the
 * directory demands a change first (not a failed attempt); `invalid` for a wrong one, an account the directory
 * refuses, or no entry for the user (all of which count as a failed attempt). A directory that cannot be asked is
 * a failure, never a "wrong password": the caller must not count it towards lockout.
 */
export const verifyDirectoryPassword = async (
  directories: DirectoryService | undefined,
  user: User,
  password: string,
): Promise<Result<PasswordVerdict, DirectoryPasswordFailure>> => {
  const directory = await directories?.open(user.tenantId);
  if (!directory) return failure('DIRECTORY_NOT_CONNECTED');
  const found = await directory.connection.findUser(user.upn);
  if (!found.ok)
    return failure(found.code === 'DIRECTORY_UNREACHABLE' ? 'DIRECTORY_UNREACHABLE' : 'DIRECTORY_MISCONFIGURED');
  if (!found.value) return success('invalid');
  const verified = await directory.connection.verifyPassword(found.value.dn, password);
  if (!verified.ok)
    return failure(verified.code === 'DIRECTORY_UNREACHABLE' ? 'DIRECTORY_UNREACHABLE' : 'DIRECTORY_MISCONFIGURED');
  return success(verified.value);
};
