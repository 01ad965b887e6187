import type { Kysely } from 'kysely';

/**
 * Directory lockout (issue #13 item 3): when wrong passwords reached the on-premises directory, kept for as long as
 * the directory counts them. A JSON array of ISO-8601 instants as text, as `recent_bad_attempts`; existing rows
 * start empty.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .alterTable('lockouts')
    .addColumn('directory_failures', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
};
