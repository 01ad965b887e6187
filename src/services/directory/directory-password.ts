/**
 * Which users the on-premises directory checks the password of (issue 7): passthrough and federated users sign in,
 * step up and change their password with a bind as the user, so the directory — not a cloud hash they may not have,
 * or that may be stale — decides whether the password is right. That bind is made only through the directory
 * lockout guard (`directory-lockout-guard.ts`), so it can never lock the account there.
 */
import type { User } from '../../core/model.js';

/** Users whose password the directory checks at sign-in (no cloud hash is used for them). */
export const signsInAtDirectory = (user: User): boolean => user.source === 'passthrough' || user.source === 'federated';

export type DirectoryPasswordFailure = 'DIRECTORY_UNREACHABLE' | 'DIRECTORY_MISCONFIGURED' | 'DIRECTORY_NOT_CONNECTED';
