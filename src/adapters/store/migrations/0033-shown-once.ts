import type { Kysely } from 'kysely';

/**
 * Secrets the console shows once (a reset's temporary password, a Temporary Access Pass, a new user's first password,
 * an agent's enrolment token) are shown once for real: the sealed flash that carries the secret to its page also
 * carries a random claim id, and this table holds the id's keyed hash until the page consumes it (one DELETE: of
 * racing reads exactly one wins) or it expires with the flash. The secret itself is never stored here. The index
 * leads with the tenant, as the purge of expired claims runs tenant by tenant.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('shown_once_claims')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('claim_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shown_once_claims_pk', ['tenant_id', 'claim_hash'])
    .execute();
  await db.schema
    .createIndex('shown_once_claims_expiry')
    .on('shown_once_claims')
    .columns(['tenant_id', 'expires_at'])
    .execute();
};
