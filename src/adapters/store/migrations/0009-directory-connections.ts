import type { Kysely } from 'kysely';

/**
 * A tenant's connections to its on-premises directory (OpenLDAP or Active Directory). The bind password is
 * stored sealed (AES-GCM under a key derived from the secret, bound to the purpose 'directory-bind'), never
 * in plain text. Protected groups are a JSON array of DNs. The last test's outcome feeds the console's
 * writeback status; its raw diagnostic is not kept here.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('directory_connections')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('bind_dn', 'text', (c) => c.notNull())
    .addColumn('sealed_bind_password', 'text', (c) => c.notNull())
    .addColumn('base_dn', 'text', (c) => c.notNull())
    .addColumn('user_filter', 'text')
    .addColumn('start_tls', 'integer', (c) => c.notNull())
    .addColumn('ca_file', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('protected_groups', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_test_at', 'text')
    .addColumn('last_test_outcome', 'text')
    .addColumn('last_test_reason', 'text')
    .addPrimaryKeyConstraint('directory_connections_pk', ['tenant_id', 'connection_id'])
    .execute();
};
