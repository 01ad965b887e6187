import type { Kysely } from 'kysely';

/**
 * Self-service password reset (issue 6): flows, per-user throttles and used CAPTCHA solutions, all in
 * the store so any instance can continue any flow and every instance counts the same attempts.
 *
 * - `reset_flows`: the flow id is a bearer secret, so only its keyed hash is kept. A presented id must
 *   find its tenant, hence a global unique index on the hash (as API tokens do with their id). The
 *   state is JSON with a `version` for compare-and-set: of two racing requests one wins.
 *   No foreign key on `tenant_id`: decoy flows for unknown domains live under the reserved tenant id
 *   `decoyTenantId` ('~unknown', which no real tenant can have: tenant ids are UUIDs).
 * - `reset_throttles`: one row per (tenant, user key, throttle kind). The user key is the user id, or
 *   for a decoy a keyed hash of the normalised username, so decoys throttle exactly like real users.
 * - `captcha_uses`: a solved challenge is refused a second time until it expires. Challenges are
 *   issued before anyone says who they are, so this one table is not tenant-scoped.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('reset_flows')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('flow_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reset_flows_pk', ['tenant_id', 'flow_hash'])
    .execute();
  await db.schema.createIndex('reset_flows_hash_unique').on('reset_flows').column('flow_hash').unique().execute();
  await db.schema.createIndex('reset_flows_user').on('reset_flows').columns(['tenant_id', 'user_id']).execute();
  await db.schema.createIndex('reset_flows_expiry').on('reset_flows').column('expires_at').execute();

  await db.schema
    .createTable('reset_throttles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reset_throttles_pk', ['tenant_id', 'user_key', 'kind'])
    .execute();

  await db.schema
    .createTable('captcha_uses')
    .addColumn('challenge_id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('captcha_uses_expiry').on('captcha_uses').column('expires_at').execute();
};
