import type { Kysely } from 'kysely';

/**
 * Require re-registration (issue #14 item 5): one row per user an administrator sent back to register security
 * info, with when and by whom. Until the user registers something after `required_at`, the registration interrupt
 * stops them at sign-in. Keyed by tenant and user; no foreign key to the user (as `temporary_access_passes`): the
 * row is unreachable once the user is gone, and a user made again gets a new id.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('reregistration_requirements')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('required_at', 'text', (c) => c.notNull())
    .addColumn('required_by', 'text')
    .addPrimaryKeyConstraint('reregistration_requirements_pk', ['tenant_id', 'user_id'])
    .execute();
};
