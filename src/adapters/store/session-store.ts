import type { Kysely } from 'kysely';
import type { LockoutRepository, SessionRepository } from '../../core/ports.js';
import type { Dialect } from './database.js';
import type { Database } from './schema.js';

export const createSessionStore = (db: Kysely<Database>): SessionRepository => ({
  async create(session) {
    await db
      .insertInto('sessions')
      .values({
        tenant_id: session.tenantId,
        session_hash: session.sessionHash,
        user_id: session.userId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  },
  async find(tenantId, sessionHash) {
    const row = await db
      .selectFrom('sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_hash', '=', sessionHash)
      .executeTakeFirst();
    return (
      row && {
        tenantId: row.tenant_id,
        sessionHash: row.session_hash,
        userId: row.user_id,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        steppedUpAt: row.stepped_up_at,
      }
    );
  },
  async touch(tenantId, sessionHash, lastSeenAt) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt })
      .where('tenant_id', '=', tenantId)
      .where('session_hash', '=', sessionHash)
      .execute();
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
    let query = db.selectFrom('lockouts').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId);
    // Row lock so that concurrent failed sign-ins on several instances all count. SQLite needs
    // none: its transactions are serialised on the one connection.
    if (options.forUpdate && dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
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
