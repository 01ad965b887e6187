import type { Kysely } from 'kysely';

/**
 * Force a password change at next sign-in (Entra's `forceChangePasswordNextSignIn`): set by an administrator's
 * reset (unless the admin opts out), cleared when the user sets a password of their own (change or reset).
 * A 0/1 integer, as every boolean in this schema.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
};
