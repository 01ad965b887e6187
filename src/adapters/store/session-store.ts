import { sql, type Kysely } from 'kysely';
import type { LockoutState } from '../../core/lockout/smart-lockout.js';
import type { Session } from '../../core/model.js';
import type { LockoutRepository, SessionRepository, SignInEvent, SignInLog } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Dialect } from './database.js';
import type { Database, LockoutsTable } from './schema.js';

// Every sign-in and every request with a session runs these: compiled once (compiled-once.ts).
const insertSession = compiledOnce(
  (
    db: Kysely<Database>,
    tenantId: string,
    sessionHash: string,
    userId: string,
    createdAt: string,
    lastSeenAt: string,
    expiresAt: string,
    scope: string | null,
  ) =>
    db.insertInto('sessions').values({
      tenant_id: tenantId,
      session_hash: sessionHash,
      user_id: userId,
      created_at: createdAt,
      last_seen_at: lastSeenAt,
      expires_at: expiresAt,
      scope,
    }),
);
type SessionValues = [string, string, string, string, string, string, string | null];
type EventValues = [string, string, string | null, string, string, number, string | null, string | null, string | null];
/**
 * PostgreSQL: the session and its sign-in log row in one statement (a data-modifying WITH), so the usual sign-in
 * makes one write round trip instead of two. SQLite has no writable WITH; it writes the two rows one after the other,
 * each a cheap local call.
 *
 * `asyncCommit`: the statement's own commit does not wait for the WAL flush (`synchronous_commit = off` for this
 * transaction alone, set from the session insert's RETURNING, which PostgreSQL evaluates for every inserted row; the
 * setting is read at commit and reverts with the transaction). Used only for a session opened on its own, outside a
 * transaction: the usual sign-in. A server crash in the next few hundred milliseconds may lose that session and its
 * log row (the user signs in again), never anything else, and the store stays consistent: the same trade SQLite's
 * `synchronous = NORMAL` makes for every commit (docs/security.md, "Store durability"). The WAL flush was most of a
 * sign-in's write time on PostgreSQL (bench/README.md).
 */
const sessionWithSignIn = (asyncCommit: boolean) =>
  compiledOnce(
    (
      db: Kysely<Database>,
      ...[tenantId, hash, userId, created, seen, expires, scope, ...event]: [...SessionValues, ...EventValues]
    ) =>
      db
        .with('session', (w) => {
          const insert = w.insertInto('sessions').values({
            tenant_id: tenantId,
            session_hash: hash,
            user_id: userId,
            created_at: created,
            last_seen_at: seen,
            expires_at: expires,
            scope,
          });
          return asyncCommit
            ? insert.returning(sql<string>`set_config('synchronous_commit', 'off', true)`.as('commit_mode'))
            : insert;
        })
        .insertInto('sign_in_events')
        .values({
          tenant_id: event[0],
          occurred_at: event[1],
          user_id: event[2],
          upn: event[3],
          result: event[4],
          error_code: event[5],
          failure_reason: event[6],
          ip_address: event[7],
          user_agent: event[8],
        }),
  );
const durableSessionWithSignIn = sessionWithSignIn(false);
const asyncCommitSessionWithSignIn = sessionWithSignIn(true);

/** The session and its sign-in log row in one PostgreSQL statement; exported for its contract test. */
export const insertSessionWithSignIn = (
  db: Kysely<Database>,
  session: Session,
  signIn: Omit<SignInEvent, 'id'>,
  { asyncCommit }: { asyncCommit: boolean },
) =>
  (asyncCommit ? asyncCommitSessionWithSignIn : durableSessionWithSignIn)(
    db,
    ...sessionValues(session),
    ...eventValues(signIn),
  );
const sessionByHash = compiledOnce((db: Kysely<Database>, tenantId: string, sessionHash: string) =>
  db.selectFrom('sessions').selectAll().where('tenant_id', '=', tenantId).where('session_hash', '=', sessionHash),
);
const touchSession = compiledOnce((db: Kysely<Database>, lastSeenAt: string, tenantId: string, sessionHash: string) =>
  db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt })
    .where('tenant_id', '=', tenantId)
    .where('session_hash', '=', sessionHash),
);
const lockoutQuery = (db: Kysely<Database>, tenantId: string, userId: string) =>
  db.selectFrom('lockouts').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId);
const lockoutRow = compiledOnce(lockoutQuery);
const lockoutForUpdate = compiledOnce((db: Kysely<Database>, tenantId: string, userId: string) =>
  lockoutQuery(db, tenantId, userId).forUpdate(),
);

export const createSessionStore = (
  db: Kysely<Database>,
  dialect: Dialect,
  signIns: SignInLog,
  /** Whether a session opened alone may commit without the WAL flush (SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT). */
  { asyncCommit }: { asyncCommit: boolean } = { asyncCommit: true },
): SessionRepository => ({
  async create(session, signIn) {
    if (signIn && dialect === 'postgres') {
      // Inside a transaction the setting would cover the transaction's other writes too (a lockout cleared, the
      // browser's previous session ended): those commit as usual.
      await insertSessionWithSignIn(db, session, signIn, { asyncCommit: asyncCommit && !db.isTransaction });
      return;
    }
    await insertSession(db, ...sessionValues(session));
    if (signIn) await signIns.append(signIn);
  },
  async find(tenantId, sessionHash) {
    const [row] = (await sessionByHash(db, tenantId, sessionHash)).rows;
    return (
      row && {
        tenantId: row.tenant_id,
        sessionHash: row.session_hash,
        userId: row.user_id,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        steppedUpAt: row.stepped_up_at,
        scope: row.scope === 'securityInfo' ? 'securityInfo' : null,
      }
    );
  },
  async touch(tenantId, sessionHash, lastSeenAt) {
    await touchSession(db, lastSeenAt, tenantId, sessionHash);
  },
  async delete(tenantId, sessionHash) {
    await db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('session_hash', '=', sessionHash).execute();
  },
  async deleteAllForUser(tenantId, userId, keepSessionHash) {
    let query = db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId);
    if (keepSessionHash) query = query.where('session_hash', '<>', keepSessionHash);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async deleteExpired(now) {
    const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

const sessionValues = (session: Session): SessionValues => [
  session.tenantId,
  session.sessionHash,
  session.userId,
  session.createdAt,
  session.lastSeenAt,
  session.expiresAt,
  session.scope ?? null,
];

/** The columns `signIns.append` writes, as it writes them (the name lowercased). */
const eventValues = (event: Omit<SignInEvent, 'id'>): EventValues => [
  event.tenantId,
  event.occurredAt,
  event.userId,
  event.upn.toLowerCase(),
  event.result,
  event.errorCode,
  event.failureReason,
  event.ipAddress,
  event.userAgent,
];

/** The lockouts columns LockoutState is made of. */
export type LockoutRow = Pick<
  LockoutsTable,
  'failed_count' | 'lockout_count' | 'locked_until' | 'recent_bad_attempts' | 'directory_failures'
>;

/** A lockouts row as the domain's LockoutState (also read with the user at sign-in, user-store.ts). */
export const lockoutFromRow = (row: LockoutRow): LockoutState => ({
  failedCount: row.failed_count,
  lockoutCount: row.lockout_count,
  lockedUntil: row.locked_until,
  recentBadAttempts: JSON.parse(row.recent_bad_attempts) as string[],
  directoryFailures: JSON.parse(row.directory_failures) as string[],
});

export const createLockoutStore = (db: Kysely<Database>, dialect: Dialect): LockoutRepository => ({
  async get(tenantId, userId, options = {}) {
    if (options.forUpdate) {
      // Make sure there is a row to lock: two first failures racing must still both count.
      await db
        .insertInto('lockouts')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          failed_count: 0,
          lockout_count: 0,
          locked_until: null,
          recent_bad_attempts: '[]',
          directory_failures: '[]',
          updated_at: new Date(0).toISOString(),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
        .execute();
    }
    // Row lock so that concurrent failed sign-ins on several instances all count. SQLite needs
    // none: its transactions are serialised on the one connection.
    const read = options.forUpdate && dialect === 'postgres' ? lockoutForUpdate : lockoutRow;
    const [row] = (await read(db, tenantId, userId)).rows;
    return row && lockoutFromRow(row);
  },
  async put(tenantId, userId, state, updatedAt) {
    const values = {
      failed_count: state.failedCount,
      lockout_count: state.lockoutCount,
      locked_until: state.lockedUntil,
      recent_bad_attempts: JSON.stringify(state.recentBadAttempts),
      directory_failures: JSON.stringify(state.directoryFailures ?? []),
      updated_at: updatedAt,
    };
    await db
      .insertInto('lockouts')
      .values({ tenant_id: tenantId, user_id: userId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(values))
      .execute();
  },
  async rehearse(tenantId, userId, updatedAt) {
    // An UPDATE that matches nothing stands in for each write: an INSERT would break the row's key to its user.
    const touch = () =>
      db
        .updateTable('lockouts')
        .set({ updated_at: updatedAt })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
    await touch();
    await (dialect === 'postgres' ? lockoutForUpdate : lockoutRow)(db, tenantId, userId);
    await touch();
  },
});
