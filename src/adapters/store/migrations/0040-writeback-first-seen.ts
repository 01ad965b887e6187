import type { Kysely } from 'kysely';

/**
 * When a recovery first saw a pending writeback pending (src/services/directory/writeback-recovery.ts), by that
 * instance's clock: set once, by one `UPDATE … WHERE first_seen_at IS NULL`, so a later sighting (another instance, a
 * restarted one) never moves it. It lets the recovery's backstop declare a record that no instance has watched for
 * the full wait itself, as in a fleet restarting more often than that. Nullable: a record not yet seen by a recovery,
 * and every record written before this migration until a round sees it.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema.alterTable('pending_writebacks').addColumn('first_seen_at', 'text').execute();
};
