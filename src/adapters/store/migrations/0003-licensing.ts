import type { Kysely } from 'kysely';

/**
 * Licensing: subscriptions (seats per SKU), direct and group assignments as the admin made them,
 * and user_licenses — the computed state of every user's licences, rewritten in the same
 * transaction as any change that can move it (seats, assignments, membership, usage location).
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('subscriptions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriptions_pk', ['tenant_id', 'sku_id'])
    .execute();

  await db.schema
    .createTable('direct_license_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('direct_license_assignments_pk', ['tenant_id', 'user_id', 'sku_id'])
    .addForeignKeyConstraint(
      'direct_license_assignments_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('group_license_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_license_assignments_pk', ['tenant_id', 'group_id', 'sku_id'])
    .addForeignKeyConstraint(
      'group_license_assignments_group_fk',
      ['tenant_id', 'group_id'],
      'groups',
      ['tenant_id', 'group_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('user_licenses')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    // '' for a direct assignment, else the group's id.
    .addColumn('via_group_id', 'text', (c) => c.notNull())
    .addColumn('via_group_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_licenses_pk', ['tenant_id', 'user_id', 'sku_id', 'via_group_id'])
    .execute();
};
