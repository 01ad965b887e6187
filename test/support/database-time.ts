import { sql } from 'kysely';
import { databaseNow } from '../../src/adapters/store/database-clock.js';
import type { OpenDatabase } from '../../src/adapters/store/database.js';

/**
 * The database's clock, `offsetSeconds` from now, as the store writes it: for tests of times the store sets and
 * compares by that clock (task leases, a pending writeback's first sighting). A test ages a row by writing such a
 * time into it, since the database's clock, unlike a test's manual clock, cannot be moved.
 */
export const databaseTime = async ({ db, dialect }: OpenDatabase, offsetSeconds = 0): Promise<string> => {
  const { rows } = await sql<{ at: string }>`select ${databaseNow(dialect, offsetSeconds)} as at`.execute(db);
  return rows[0]!.at;
};
