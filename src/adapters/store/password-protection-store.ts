import type { Kysely } from 'kysely';
import type { PasswordProtectionRepository } from '../../core/ports.js';
import type { Dialect } from './database.js';
import type { Database } from './schema.js';

export const createPasswordProtectionStore = (
  db: Kysely<Database>,
  dialect: Dialect,
): PasswordProtectionRepository => ({
  async lockList(tenantId) {
    // SQLite transactions are already serialised on its one connection.
    if (dialect === 'postgres')
      await db.selectFrom('tenants').select('tenant_id').where('tenant_id', '=', tenantId).forUpdate().execute();
  },
  async getSettings(tenantId) {
    const row = await db
      .selectFrom('password_protection_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return (
      row && {
        profile: row.profile === 'nist' ? 'nist' : 'entra',
        nistMinLength: row.nist_min_length,
        nistMaxLength: row.nist_max_length,
        enforceCustomList: row.enforce_custom_list === 1,
        breachedCheck: row.breached_check === 1,
        commonPasswordCheck: row.common_password_check === 1,
      }
    );
  },
  async putSettings(tenantId, settings, updatedAt) {
    const values = {
      profile: settings.profile,
      nist_min_length: settings.nistMinLength,
      nist_max_length: settings.nistMaxLength,
      enforce_custom_list: settings.enforceCustomList ? 1 : 0,
      breached_check: settings.breachedCheck ? 1 : 0,
      common_password_check: settings.commonPasswordCheck ? 1 : 0,
      updated_at: updatedAt,
    };
    await db
      .insertInto('password_protection_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  },
  async listCustomTerms(tenantId) {
    const rows = await db
      .selectFrom('banned_password_terms')
      .select(['term', 'term_key'])
      .where('tenant_id', '=', tenantId)
      .orderBy('term_key')
      .execute();
    return rows.map((row) => ({ term: row.term, key: row.term_key }));
  },
  async addCustomTerms(tenantId, terms, createdAt) {
    if (terms.length === 0) return;
    await db
      .insertInto('banned_password_terms')
      .values(terms.map((t) => ({ tenant_id: tenantId, term_key: t.key, term: t.term, created_at: createdAt })))
      .execute();
  },
  async removeCustomTerms(tenantId, keys) {
    if (keys.length === 0) return 0;
    const result = await db
      .deleteFrom('banned_password_terms')
      .where('tenant_id', '=', tenantId)
      .where('term_key', 'in', keys)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
