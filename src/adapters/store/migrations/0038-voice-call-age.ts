import type { Kysely } from 'kysely';

/**
 * Voice calls (a reset's call, and a decoy's row that is never placed) are purged a day after they were placed, with
 * the verification codes (src/services/security-info/code-purge.ts), tenant by tenant. The table's only index is its
 * key (tenant, call id), which does not find a tenant's old rows.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema.createIndex('voice_calls_created').on('voice_calls').columns(['tenant_id', 'created_at']).execute();
};
