import type { Kysely } from 'kysely';
import type { LockoutRepository, SessionRepository } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Dialect } from './database.js';
import type { Database } from './schema.js';

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

export const createSessionStore = (db: Kysely<Database>): SessionRepository => ({
  async create(session) {
    await insertSession(
      db,
      session.tenantId,
      session.sessionHash,
      session.userId,
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
      session.scope ?? null,
    );
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
    return (
      row && {
        failedCount: row.failed_count,
        lockoutCount: row.lockout_count,
        lockedUntil: row.locked_until,
        recentBadAttempts: JSON.parse(row.recent_bad_attempts) as string[],
        directoryFailures: JSON.parse(row.directory_failures) as string[],
      }
    );
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
});
