import type { Kysely } from 'kysely';

/**
 * Verification codes are purged once expired for longer than a grace period (src/services/security-info/code-purge.ts),
 * tenant by tenant. Neither existing index of `security_codes` (its key, tenant and code id; and tenant, subject,
 * purpose, time issued) finds a tenant's expired rows, so without this one every round would scan the whole table.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createIndex('security_codes_expiry')
    .on('security_codes')
    .columns(['tenant_id', 'expires_at'])
    .execute();
};
