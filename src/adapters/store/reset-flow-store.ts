import type { Kysely } from 'kysely';
import type { ResetFlowRecord, ResetFlowRepository } from '../../core/ports.js';
import type { Dialect } from './database.js';
import type { Database, ResetFlowsTable } from './schema.js';

const toRecord = (row: ResetFlowsTable): ResetFlowRecord => ({
  tenantId: row.tenant_id,
  flowHash: row.flow_hash,
  userId: row.user_id,
  state: row.state,
  version: Number(row.version),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export const createResetFlowStore = (db: Kysely<Database>, dialect: Dialect): ResetFlowRepository => ({
  async create(flow) {
    await db
      .insertInto('reset_flows')
      .values({
        tenant_id: flow.tenantId,
        flow_hash: flow.flowHash,
        user_id: flow.userId,
        state: flow.state,
        version: flow.version,
        created_at: flow.createdAt,
        expires_at: flow.expiresAt,
      })
      .execute();
  },
  async find(flowHash) {
    const row = await db.selectFrom('reset_flows').selectAll().where('flow_hash', '=', flowHash).executeTakeFirst();
    return row && toRecord(row);
  },
  async update(tenantId, flowHash, expectedVersion, next) {
    // One conditional UPDATE: of racing writers exactly one still sees the version it read.
    const result = await db
      .updateTable('reset_flows')
      .set({ state: next.state, version: next.version })
      .where('tenant_id', '=', tenantId)
      .where('flow_hash', '=', flowHash)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async deleteOthersOfUser(tenantId, userId, keepFlowHash) {
    const result = await db
      .deleteFrom('reset_flows')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('flow_hash', '!=', keepFlowHash)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async deleteExpired(now) {
    const result = await db.deleteFrom('reset_flows').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async getThrottle(tenantId, userKey, kind, options = {}) {
    if (options.forUpdate) {
      // Make sure there is a row to lock: two first attempts racing must still both count.
      await db
        .insertInto('reset_throttles')
        .values({ tenant_id: tenantId, user_key: userKey, kind, state: '', updated_at: new Date(0).toISOString() })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_key', 'kind']).doNothing())
        .execute();
    }
    let query = db
      .selectFrom('reset_throttles')
      .select('state')
      .where('tenant_id', '=', tenantId)
      .where('user_key', '=', userKey)
      .where('kind', '=', kind);
    // Row lock so that attempts on several instances all count; SQLite serialises transactions anyway.
    if (options.forUpdate && dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && row.state !== '' ? row.state : undefined;
  },
  async putThrottle(tenantId, userKey, kind, state, updatedAt) {
    await db
      .insertInto('reset_throttles')
      .values({ tenant_id: tenantId, user_key: userKey, kind, state, updated_at: updatedAt })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_key', 'kind']).doUpdateSet({ state, updated_at: updatedAt }))
      .execute();
  },
  async clearThrottles(tenantId, userKey) {
    const result = await db
      .deleteFrom('reset_throttles')
      .where('tenant_id', '=', tenantId)
      .where('user_key', '=', userKey)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async claimCaptcha(challengeId, expiresAt, now) {
    await db.deleteFrom('captcha_uses').where('expires_at', '<=', now).execute();
    const result = await db
      .insertInto('captcha_uses')
      .values({ challenge_id: challengeId, expires_at: expiresAt })
      .onConflict((oc) => oc.column('challenge_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  },
});
