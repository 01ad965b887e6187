import { checkUpn } from '../../core/directory/identifiers.js';
import { recordDirectoryFailure } from '../../core/lockout/directory-lockout.js';
import {
  isLocked,
  lockoutDurationSeconds,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  initialLockoutState,
} from '../../core/lockout/smart-lockout.js';
import type { User } from '../../core/model.js';
import { canonicalPassword } from '../../core/password/normalise.js';
import type { SignInEvent, StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { createDirectoryLockoutGuard, type GuardedVerifyFailure } from '../directory/directory-lockout-guard.js';
import { signsInAtDirectory } from '../directory/directory-password.js';
import type { DirectoryService } from '../directory/directory-service.js';
import type { PasswordExpiryService } from '../password/password-expiry-service.js';
import { registrationOf, type RegistrationStatus } from '../security-info/security-info-views.js';
import type { SessionService } from './session-service.js';

export type SignInFailure = 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED' | 'DIRECTORY_UNREACHABLE';

/**
 * A session, and the registration verdict every sign-in answers with (the interrupt: register or reconfirm security
 * info), read beside the session's write so it adds no round trip of its own to the sign-in.
 */
export type SignInResult = Result<SignedIn & { registration: RegistrationStatus }, SignInFailure, RefusalDetails>;

interface SignedIn {
  cookie: string;
  user: User;
}
// A type, not an interface: the routes pass it on as a problem's details (a plain record).
type RefusalDetails = { retryAfterSeconds?: number };
/** A sign-in that committed its session, before its registration verdict is read (registrationAfter). */
type OpenedSession = Result<SignedIn, SignInFailure, RefusalDetails>;

/**
 * Whom a refused sign-in is logged under, from the lookup the sign-in made: the tenant the typed domain names, the
 * user of that name there (null for a name it does not have) and the UPN (the stored one, else the typed one).
 * Never part of the result: the routes send a failure's details to the browser.
 */
export interface RefusedSignIn {
  tenantId: string;
  userId: string | null;
  upn: string;
}

const refusedUser = (user: User): RefusedSignIn => ({ tenantId: user.tenantId, userId: user.userId, upn: user.upn });

export interface SignInRequest {
  username: string;
  password: string;
  ipAddress: string | null;
  /** The browser's User-Agent header, for the sign-in log. */
  userAgent?: string | null | undefined;
  /** The cookie of a session this browser already had; it is ended so the id always changes. */
  previousCookie?: string | undefined;
  /**
   * The sign-in log row for a sign-in that opens a session (withSignInLog sets it): written with the session, so the
   * usual sign-in writes once. Every path that opens a session passes it on.
   */
  logRowFor?: (user: User) => Omit<SignInEvent, 'id'>;
  /**
   * The sign-in log row for a refusal (withSignInLog sets it), from what the lookup found, so the log reads neither
   * the tenant nor the user again; undefined is "no tenant holds the domain, or the name is no UPN": nobody to show
   * it to, nothing written. Every refusal calls it once; a wrong password's row commits with its lockout count.
   */
  logRefusalFor?: (refused: RefusedSignIn | undefined, code: SignInFailure) => Omit<SignInEvent, 'id'> | undefined;
  /**
   * The browser holds the posted name's familiar-device marker (sign-in-budget.ts): its verify goes to the hasher's
   * priority lane. Decided by the request alone, never by whether the account exists, so an unknown name's decoy
   * verify waits exactly where an unfamiliar real user's would.
   */
  familiarBrowser?: boolean;
}

/**
 * Sign-in for users whose password hash lives here (cloud and password-hash-synced users),
 * with Entra smart lockout. Unknown users cost the same argon2 work as known ones and get the
 * same answer; a locked account says so only after the right password. Passthrough and federated
 * users are checked by a bind to the tenant's directory instead, behind the same smart lockout.
 */
export const createSignInService = (
  deps: ServiceDeps,
  sessions: SessionService,
  directories?: DirectoryService,
  expiry?: Pick<PasswordExpiryService, 'hasExpired'>,
) => {
  // A real hash of a random password: verifying against it takes as long as a real verify.
  // Made on first use, so CLI commands that never sign anyone in do not pay for it.
  let decoyHash: Promise<string> | undefined;
  const decoy = () => (decoyHash ??= deps.hasher.hash(deps.random.token(24)));

  /** The registration verdict of a user just signed in; read after their session commits, from the store. */
  const registrationAfter = async (result: OpenedSession): Promise<SignInResult> =>
    result.ok
      ? success({ ...result.value, registration: await registrationOf(deps, deps.store, result.value.user) })
      : result;

  /**
   * The user and their lockout state in one statement (the domain's tenant, its user, the lockout row): a known name
   * and an unknown one (no such tenant, no such user) cost the same one read before the verify. `refused` is whom a
   * refusal is logged under, as the sign-in log always named it (the stored UPN, else the typed one).
   */
  const findUser = async (username: string) => {
    const checked = checkUpn(username);
    if (!checked.ok) return undefined;
    const found = await deps.store.users.findForSignIn(checked.value.domain, checked.value.upn);
    if (!found) return undefined;
    const { user } = found;
    const refused = user ? refusedUser(user) : { tenantId: found.tenantId, userId: null, upn: checked.value.upn };
    return { ...found, refused };
  };

  /** A refusal's sign-in log row, in the caller's transaction or alone; nothing for a domain no tenant holds. */
  const logRefusal = async (
    store: Pick<StoreRepositories, 'signIns'>,
    request: SignInRequest,
    refused: RefusedSignIn | undefined,
    code: SignInFailure,
  ) => {
    const row = request.logRefusalFor?.(refused, code);
    if (row) await store.signIns.append(row);
  };

  /** A refusal of a known user that writes nothing else: its log row alone. */
  const refuse = async (
    request: SignInRequest,
    user: User,
    code: SignInFailure,
    details?: { retryAfterSeconds?: number },
  ): Promise<SignInResult> => {
    await logRefusal(deps.store, request, refusedUser(user), code);
    return failure(code, details);
  };

  // Every password check against the on-premises directory goes through it (directory-lockout-guard.ts).
  const directoryGuard = createDirectoryLockoutGuard(deps, directories);

  /**
   * Counts a wrong password for smart lockout in the caller's transaction; audits a new lockout. One the directory
   * just checked counts by the directory rule (every attempt, below the directory's threshold).
   */
  const countFailure = async (store: StoreRepositories, user: User, password: string, ipAddress: string | null) => {
    const now = deps.clock.now();
    const directory = directoryGuard.takeFailure(user);
    const state = (await store.lockouts.get(user.tenantId, user.userId, { forUpdate: true })) ?? initialLockoutState;
    const attempt = deps.keyed.digest('bad-password', `${user.tenantId}:${user.userId}:${canonicalPassword(password)}`);
    const outcome = directory
      ? recordDirectoryFailure(state, attempt, directory, now)
      : recordFailedSignIn(state, attempt, now);
    if (outcome.state !== state) await store.lockouts.put(user.tenantId, user.userId, outcome.state, now.toISOString());
    if (outcome.lockedNow) {
      await recordAudit(deps, store, {
        tenantId: user.tenantId,
        activity: 'userLockedOut',
        result: 'failure',
        resultReason: 'SmartLockout',
        actor: { type: 'user', id: user.userId, upn: user.upn },
        target: { type: 'user', id: user.userId, name: user.upn },
        ipAddress,
        details: {
          lockoutSeconds: lockoutDurationSeconds(outcome.state.lockoutCount),
          lockoutCount: outcome.state.lockoutCount,
          ...(directory && { directoryThreshold: directory.threshold }),
        },
      });
    }
  };

  /**
   * An unknown user does the work a known user's wrong password does (checklist §11 #2), not a wait padded to an
   * average: the argon2id verify against the decoy hash (same hasher, same parameters) and a transaction sending the
   * lockout count's statements at a row that does not exist (`rehearse`); no lockout row is written, so unknown names
   * never fill that table. The one write left to the known name is the row's own change, which on PostgreSQL costs
   * no round trip of its own. Both append their sign-in log row in that transaction (a name at a domain no tenant
   * holds has none to append).
   */
  const unknownUserFailure = async (
    request: SignInRequest,
    refused: RefusedSignIn | undefined,
  ): Promise<SignInResult> => {
    const key = deps.keyed.digest('unknown-user', request.username.toLowerCase());
    await deps.store.transaction(async (store) => {
      await store.lockouts.rehearse('', key, deps.clock.now().toISOString());
      await logRefusal(store, request, refused, 'INVALID_CREDENTIALS');
    });
    return failure('INVALID_CREDENTIALS');
  };

  /**
   * Passthrough/federated: the directory verifies the password (a bind as the user), behind the directory lockout
   * guard: it trips below the directory's own threshold and then asks the directory nothing, so guessing here cannot
   * lock the on-premises account (issue #13 item 3). A right
   * password the directory wants changed first (after an administrator's forced reset, or expired) opens a session
   * good only for the change (`mustChangePassword`, as a forced change of a cloud user); the directory decides, so
   * a plain `valid` clears a flag it no longer backs (changed on-premises meanwhile).
   */
  const signInAtDirectory = async (user: User, request: SignInRequest): Promise<SignInResult> => {
    const verified = await directoryGuard.verify(user, request.password);
    if (!verified.ok) {
      if (verified.code === 'ACCOUNT_LOCKED')
        return refuse(request, user, 'ACCOUNT_LOCKED', {
          retryAfterSeconds: verified.details?.retryAfterSeconds ?? undefined,
        });
      return refuse(
        request,
        user,
        verified.code === 'DIRECTORY_UNREACHABLE' ? 'DIRECTORY_UNREACHABLE' : 'INVALID_CREDENTIALS',
      );
    }
    const state = await deps.store.lockouts.get(user.tenantId, user.userId);
    const verdict = verified.value;
    const opened = await deps.store.transaction(async (store): Promise<OpenedSession> => {
      if (verdict === 'invalid') {
        await countFailure(store, user, request.password, request.ipAddress);
        await logRefusal(store, request, refusedUser(user), 'INVALID_CREDENTIALS');
        return failure('INVALID_CREDENTIALS');
      }
      if (!user.accountEnabled) {
        await logRefusal(store, request, refusedUser(user), 'ACCOUNT_DISABLED');
        return failure('ACCOUNT_DISABLED');
      }
      if (state && (state.failedCount > 0 || state.lockoutCount > 0)) {
        await store.lockouts.put(user.tenantId, user.userId, recordSuccessfulSignIn(), deps.clock.now().toISOString());
      }
      const mustChangePassword = verdict === 'mustChange';
      if (mustChangePassword !== (user.mustChangePassword === true))
        await store.users.setMustChangePassword(user.tenantId, user.userId, mustChangePassword);
      if (request.previousCookie) await sessions.close(request.previousCookie, store);
      const signedIn: User = { ...user, mustChangePassword };
      const { cookie } = await sessions.open(store, signedIn, undefined, request.logRowFor?.(signedIn));
      return success({ cookie, user: signedIn });
    });
    return registrationAfter(opened);
  };

  return {
    countFailure,

    /** The directory's verdict behind its lockout guard: on-premises password changes check the current one here. */
    verifyAtDirectory: (user: User, password: string, options?: { gatesPassed?: boolean }) =>
      directoryGuard.verify(user, password, options),

    /**
     * Is this the user's current password? The check sign-in makes, for step-up and password change: the directory
     * (a bind as the user) for passthrough/federated users, the cloud hash for the rest. Lockout is the caller's.
     * A password the directory wants changed is still the right one.
     */
    async checkPassword(
      user: User,
      password: string,
    ): Promise<Result<boolean, GuardedVerifyFailure | 'PASSWORD_NOT_MANAGED_HERE'>> {
      if (signsInAtDirectory(user)) {
        const verified = await directoryGuard.verify(user, password);
        return verified.ok ? success(verified.value !== 'invalid') : failure(verified.code);
      }
      if (!user.passwordHash) return failure('PASSWORD_NOT_MANAGED_HERE');
      // Only for a signed-in user (step-up), so it does not wait behind a flood's unproven verifies.
      return success(await deps.hasher.verify(user.passwordHash, password, 'priority'));
    },

    async signIn(request: SignInRequest): Promise<SignInResult> {
      const found = await findUser(request.username);
      const user = found?.user;
      // The directory's path reads the lockout row itself: the guard's gate before the bind, the state after it.
      if (user && signsInAtDirectory(user)) return signInAtDirectory(user, request);
      const hash = user?.passwordHash ?? (await decoy());
      const valid = await deps.hasher.verify(hash, request.password, request.familiarBrowser ? 'priority' : 'normal');
      if (!user || !user.passwordHash) return unknownUserFailure(request, found?.refused);

      if (!valid) {
        // The row commits with the count: the log never shows a failure the lockout did not count, nor the reverse.
        return deps.store.transaction(async (store): Promise<SignInResult> => {
          await countFailure(store, user, request.password, request.ipAddress);
          await logRefusal(store, request, found.refused, 'INVALID_CREDENTIALS');
          return failure('INVALID_CREDENTIALS');
        });
      }
      const now = deps.clock.now();
      // The lockout row was read with the user, just before the verify, outside a transaction: committed state, as
      // fresh as a read after the verify, which could be just as stale by the time the session is written (such a
      // read takes no lock; a failure counts under a row lock in its own transaction, countFailure). Inside a
      // transaction it would see the same committed row (PostgreSQL reads committed data; SQLite's deferred
      // transaction takes no lock for a read), and most sign-ins then write only once.
      const state = found.lockout;
      if (state && isLocked(state, now)) {
        const retryAfterSeconds = Math.ceil((new Date(state.lockedUntil ?? 0).getTime() - now.getTime()) / 1000);
        return refuse(request, user, 'ACCOUNT_LOCKED', { retryAfterSeconds });
      }
      if (!user.accountEnabled) return refuse(request, user, 'ACCOUNT_DISABLED');
      // An expired cloud password opens a session good only for the change, as an administrator's forced change
      // does (Entra's "Your password has expired" interrupt); the change resets the clock and clears the flag.
      const expired = !user.mustChangePassword && expiry !== undefined && (await expiry.hasExpired(user));
      const signedIn: User = expired ? { ...user, mustChangePassword: true } : user;
      const clearsLockout = state !== undefined && (state.failedCount > 0 || state.lockoutCount > 0);
      // The usual sign-in writes one row, which needs no transaction (BEGIN and COMMIT are two more round trips on
      // PostgreSQL). Clearing the lockout or ending the previous session goes in one transaction with the new one.
      // The verdict is read beside that write (on PostgreSQL another pooled connection: one round trip less).
      if (!clearsLockout && !request.previousCookie && !expired) {
        const [{ cookie }, registration] = await Promise.all([
          sessions.open(deps.store, user, undefined, request.logRowFor?.(user)),
          registrationOf(deps, deps.store, user),
        ]);
        return success({ cookie, user, registration });
      }
      const opened = await deps.store.transaction(async (store): Promise<OpenedSession> => {
        if (expired) await store.users.setMustChangePassword(user.tenantId, user.userId, true);
        if (clearsLockout)
          await store.lockouts.put(user.tenantId, user.userId, recordSuccessfulSignIn(), now.toISOString());
        if (request.previousCookie) await sessions.close(request.previousCookie, store);
        const { cookie } = await sessions.open(store, signedIn, undefined, request.logRowFor?.(signedIn));
        return success({ cookie, user: signedIn });
      });
      return registrationAfter(opened);
    },
  };
};

export type SignInService = ReturnType<typeof createSignInService>;
