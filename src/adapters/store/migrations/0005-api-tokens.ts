import type { Kysely } from 'kysely';

/**
 * Revocable API tokens for automation. Only a keyed hash of the token is kept; roles are a JSON
 * array of role ids. token_id is unique across tenants because a presented token is looked up by it
 * before its tenant is known (as tenant_domains.domain is).
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('api_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('api_tokens_pk', ['tenant_id', 'token_id'])
    .execute();
  await db.schema.createIndex('api_tokens_token_uq').unique().on('api_tokens').column('token_id').execute();
};
