import type { Kysely } from 'kysely';

/**
 * The argon2id hash of the password a pending writeback attempted (the app's password hasher, never the password):
 * a reset flow's retry after a crash counts an earlier record only if its hash verifies against the retry's password,
 * so a crash between the record and the directory's write cannot let the directory's current password complete the
 * flow. Deleted with the record. Nullable: records written before this migration keep the retry's older rule.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema.alterTable('pending_writebacks').addColumn('password_hash', 'text').execute();
};
