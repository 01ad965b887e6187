import { addSeconds } from '../../core/clock.js';
import type { Session, User } from '../../core/model.js';
import type { SignInEvent, StoreRepositories } from '../../core/ports.js';
import { isSessionAlive, needsTouch, sessionPolicy } from '../../core/sessions/session-policy.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Server-side sessions. The cookie carries `<tenantId>.<secret>`: 128 random bits, of which the
 * store keeps only a keyed hash, so a leaked database does not hand out live sessions.
 */
export interface ActiveSession {
  session: Session;
  user: User;
}

const sessionSecretBytes = 16;

export const createSessionService = (deps: ServiceDeps) => {
  const hashOf = (secret: string) => deps.keyed.digest('session', secret);

  const parse = (cookie: string | undefined): { tenantId: string; secret: string } | undefined => {
    const match = cookie ? /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{22})$/.exec(cookie) : null;
    return match ? { tenantId: match[1]!, secret: match[2]! } : undefined;
  };

  /** The stored session a cookie names and its user (who may be gone), alive or not. */
  const find = async (
    cookie: string | undefined,
  ): Promise<{ session: Session; user: User | undefined } | undefined> => {
    const parsed = parse(cookie);
    if (!parsed) return undefined;
    const session = await deps.store.sessions.find(parsed.tenantId, hashOf(parsed.secret));
    if (!session) return undefined;
    return { session, user: await deps.store.users.findById(session.tenantId, session.userId) };
  };

  return {
    /** Creates a session inside the caller's transaction; returns the cookie value. */
    async open(
      store: StoreRepositories,
      user: User,
      /** A session limited to registering security info (a Temporary Access Pass sign-in), ending at `expiresAt`. */
      limited?: { scope: 'securityInfo'; expiresAt: Date },
      /** The sign-in log row of the sign-in this session is for, written with it (one statement on PostgreSQL). */
      signIn?: Omit<SignInEvent, 'id'>,
    ): Promise<{ cookie: string; session: Session }> {
      const secret = deps.random.token(sessionSecretBytes);
      const now = deps.clock.now();
      const session: Session = {
        tenantId: user.tenantId,
        sessionHash: hashOf(secret),
        userId: user.userId,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: (limited?.expiresAt ?? addSeconds(now, sessionPolicy.absoluteSeconds)).toISOString(),
        ...(limited && { scope: limited.scope }),
      };
      await store.sessions.create(session, signIn);
      return { cookie: `${user.tenantId}.${secret}`, session };
    },

    /** The live session behind a cookie, or undefined; ends sessions that expired or whose user was disabled. */
    async resolve(cookie: string | undefined): Promise<ActiveSession | undefined> {
      const found = await find(cookie);
      if (!found) return undefined;
      const { session, user } = found;
      const now = deps.clock.now();
      if (!isSessionAlive(session, now) || !user?.accountEnabled) {
        await deps.store.sessions.delete(session.tenantId, session.sessionHash);
        return undefined;
      }
      if (needsTouch(session, now)) {
        await deps.store.sessions.touch(session.tenantId, session.sessionHash, now.toISOString());
      }
      return { session, user };
    },

    /**
     * The live session behind a cookie, read only: neither touched (its idle time runs on) nor ended. For answers
     * that must change nothing, such as the page of a post the CSRF check refused.
     */
    async peek(cookie: string | undefined): Promise<ActiveSession | undefined> {
      const found = await find(cookie);
      if (!found?.user?.accountEnabled || !isSessionAlive(found.session, deps.clock.now())) return undefined;
      return { session: found.session, user: found.user };
    },

    /** Pass the caller's transaction as `store` when inside one (SQLite has a single connection). */
    async close(cookie: string | undefined, store: StoreRepositories = deps.store): Promise<void> {
      const parsed = parse(cookie);
      if (parsed) await store.sessions.delete(parsed.tenantId, hashOf(parsed.secret));
    },
  };
};

export type SessionService = ReturnType<typeof createSessionService>;
