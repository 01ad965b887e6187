import type { Kysely } from 'kysely';
import type { ShownOnceRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

/** Single-use claims of the console's shown-once pages: consumed by one conditional DELETE, so one reader wins. */
export const createShownOnceStore = (db: Kysely<Database>): ShownOnceRepository => ({
  async put(tenantId, claimHash, expiresAt) {
    await db
      .insertInto('shown_once_claims')
      .values({ tenant_id: tenantId, claim_hash: claimHash, expires_at: expiresAt })
      .execute();
  },
  async consume(tenantId, claimHash, now) {
    // PostgreSQL: a racing DELETE waits on the row lock and then finds it gone; SQLite runs one writer at a time.
    const result = await db
      .deleteFrom('shown_once_claims')
      .where('tenant_id', '=', tenantId)
      .where('claim_hash', '=', claimHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
  async deleteExpired(tenantId, now) {
    const result = await db
      .deleteFrom('shown_once_claims')
      .where('tenant_id', '=', tenantId)
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
