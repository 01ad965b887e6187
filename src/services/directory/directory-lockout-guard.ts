/**
 * The directory's own lockout, kept out of reach from the internet (issue #13 item 3, checklist §11 row 26). Every
 * check of a password against the on-premises directory — passthrough/federated sign-in, their step-up, an on-premises
 * user's password change — goes through `verify`: it reads the lockout policy the directory applies to the user
 * (through the dialect; cached), and sends the password only while the rule in `core/lockout/directory-lockout.ts`
 * says a wrong one cannot lock the account there. A wrong one that did reach the directory is remembered for the
 * caller's `countFailure`, which then counts it by that rule (every attempt, repeats included).
 */
import {
  assumedDirectoryLockout,
  directoryGate,
  type DirectoryLockoutPolicy,
} from '../../core/lockout/directory-lockout.js';
import { initialLockoutState, isLocked } from '../../core/lockout/smart-lockout.js';
import type { PasswordVerdict } from '../../core/directory/directory-ports.js';
import type { User } from '../../core/model.js';
import type { DirectoryConnection } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { DirectoryPasswordFailure } from './directory-password.js';
import type { DirectoryService } from './directory-service.js';

/**
 * How long a read policy is trusted. Directory lockout policies change rarely and by an administrator; Entra's DC
 * agent refreshes its policy hourly. A quarter of an hour bounds both the directory's load (one read per user per
 * refresh, not per sign-in) and how long a lowered threshold goes unseen.
 */
export const lockoutPolicyRefreshSeconds = 15 * 60;
/** Users whose policy is kept at most; the oldest read goes first. */
const cachedUsers = 10_000;

export type GuardedVerifyFailure = DirectoryPasswordFailure | 'ACCOUNT_LOCKED';

export type GuardedVerify = Result<PasswordVerdict, GuardedVerifyFailure, { retryAfterSeconds?: number | null }>;

export const createDirectoryLockoutGuard = (deps: ServiceDeps, directories: DirectoryService | undefined) => {
  const policies = new Map<string, { policy: DirectoryLockoutPolicy; until: number }>();
  /** The policy a wrong password was just checked under, per user, until `takeFailure` counts it. */
  const pendingFailures = new Map<string, DirectoryLockoutPolicy>();
  const keyOf = (user: User) => `${user.tenantId}\n${user.userId}`;

  const remember = <T>(map: Map<string, T>, key: string, value: T) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > cachedUsers) map.delete(map.keys().next().value!);
  };

  /** The user's policy, cached; unreadable (no access, an old agent) is the assumed one; unreachable is a failure. */
  const policyOf = async (
    connection: DirectoryConnection,
    user: User,
    dn: string,
  ): Promise<Result<DirectoryLockoutPolicy, 'DIRECTORY_UNREACHABLE'>> => {
    const key = `${keyOf(user)}\n${dn.toLowerCase()}`;
    const now = deps.clock.now().getTime();
    const cached = policies.get(key);
    if (cached && cached.until > now) return success(cached.policy);
    const read = await connection.readLockoutPolicy(dn);
    if (!read.ok && read.code === 'DIRECTORY_UNREACHABLE') return failure('DIRECTORY_UNREACHABLE');
    const policy = (read.ok ? read.value : null) ?? assumedDirectoryLockout;
    remember(policies, key, { policy, until: now + lockoutPolicyRefreshSeconds * 1000 });
    return success(policy);
  };

  const unavailable = (code: string): GuardedVerify =>
    failure(code === 'DIRECTORY_UNREACHABLE' ? 'DIRECTORY_UNREACHABLE' : 'DIRECTORY_MISCONFIGURED');

  return {
    /**
     * The directory's verdict on the password, or ACCOUNT_LOCKED without asking it while the user is locked here or
     * one more wrong password could lock the account there. `invalid` without a bind when the directory has no entry
     * for the user (counted as an ordinary smart-lockout failure: nothing reached the directory).
     *
     * `gatesPassed`: the caller is a reset flow whose gates are all passed (its retry after a crash asks whether the
     * directory already has the new password). Smart lockout here does not hold it back — the reset clears it — but
     * the directory's own threshold still does: no bind that could lock the account there.
     */
    async verify(user: User, password: string, options: { gatesPassed?: boolean } = {}): Promise<GuardedVerify> {
      const now = deps.clock.now();
      const stored = (await deps.store.lockouts.get(user.tenantId, user.userId)) ?? initialLockoutState;
      const state = options.gatesPassed ? { ...stored, lockedUntil: null } : stored;
      // Locked already: not even the directory's search is made.
      if (isLocked(state, now)) {
        const gate = directoryGate(state, assumedDirectoryLockout, now);
        return failure('ACCOUNT_LOCKED', { retryAfterSeconds: gate.open ? null : gate.retryAfterSeconds });
      }
      const directory = await directories?.open(user.tenantId);
      if (!directory) return failure('DIRECTORY_NOT_CONNECTED');
      const found = await directory.connection.findUser(user.upn);
      if (!found.ok) return unavailable(found.code);
      if (!found.value) return success('invalid');
      const policy = await policyOf(directory.connection, user, found.value.dn);
      if (!policy.ok) return failure('DIRECTORY_UNREACHABLE');
      const gate = directoryGate(state, policy.value, now);
      if (!gate.open) return failure('ACCOUNT_LOCKED', { retryAfterSeconds: gate.retryAfterSeconds });
      const verified = await directory.connection.verifyPassword(found.value.dn, password);
      if (!verified.ok) return unavailable(verified.code);
      if (verified.value === 'invalid') remember(pendingFailures, keyOf(user), policy.value);
      return success(verified.value);
    },

    /** The policy of the wrong password `verify` just sent to the directory for this user, once; else undefined. */
    takeFailure(user: User): DirectoryLockoutPolicy | undefined {
      const key = keyOf(user);
      const policy = pendingFailures.get(key);
      pendingFailures.delete(key);
      return policy;
    },
  };
};

export type DirectoryLockoutGuard = ReturnType<typeof createDirectoryLockoutGuard>;
