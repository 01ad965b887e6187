import { sql, type Kysely } from 'kysely';

/**
 * Directory sync safety (issue 7, item 2).
 *
 * - `directory_connections.deletion_threshold`: the most users one full sync may disable (Entra's accidental-
 *   deletion threshold, default 500; 0 switches the check off). Existing connections get the default.
 * - `directory_sync_states.last_failure`: the last run's failure as JSON `{code, details}` (null after a success),
 *   so a run stopped by the threshold can be shown with its pending count until the next run succeeds.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .alterTable('directory_connections')
    .addColumn('deletion_threshold', 'integer', (c) => c.notNull().defaultTo(sql`500`))
    .execute();
  await db.schema.alterTable('directory_sync_states').addColumn('last_failure', 'text').execute();
};
