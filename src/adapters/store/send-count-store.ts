/**
 * The send counters and the SMS budget breaker (checklist §11 row 9), part of the security-info repository. The
 * counters are upserts that return the new count, so every instance shares them and a count is taken in the
 * caller's transaction with the message it allows; the breaker changes by compare-and-set on its generation.
 */
import { sql, type Kysely } from 'kysely';
import type { SecurityInfoSettings } from '../../core/methods/records.js';
import type { SecurityInfoRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

type SendCountMethods = Pick<
  SecurityInfoRepository,
  'getSettings' | 'putSettings' | 'incrementSendCount' | 'sendCount' | 'getBreaker' | 'setBreaker'
>;

export const createSendCountStore = (db: Kysely<Database>): SendCountMethods => ({
  async getSettings(tenantId) {
    const row = await db
      .selectFrom('security_info_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) return undefined;
    const settings: SecurityInfoSettings = {
      allowedCountries: JSON.parse(row.allowed_countries) as string[],
      dailyCapPerNumber: Number(row.daily_cap_per_number),
      dailyCapPerTenant: Number(row.daily_cap_per_tenant),
      hourlyCapPerPrefix: Number(row.hourly_cap_per_prefix),
      hourlyCapPerIp: Number(row.hourly_cap_per_ip),
      hourlyPhoneBudget: Number(row.hourly_phone_budget),
      smsNotices: Number(row.sms_notices) === 1,
    };
    return settings;
  },
  async putSettings(tenantId, settings, updatedAt) {
    const values = {
      allowed_countries: JSON.stringify(settings.allowedCountries),
      daily_cap_per_number: settings.dailyCapPerNumber,
      daily_cap_per_tenant: settings.dailyCapPerTenant,
      hourly_cap_per_prefix: settings.hourlyCapPerPrefix,
      hourly_cap_per_ip: settings.hourlyCapPerIp,
      hourly_phone_budget: settings.hourlyPhoneBudget,
      sms_notices: settings.smsNotices ? 1 : 0,
      updated_at: updatedAt,
    };
    await db
      .insertInto('security_info_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  },
  async incrementSendCount(tenantId, scope, key, day) {
    const row = await db
      .insertInto('security_send_counts')
      .values({ tenant_id: tenantId, scope, key, day, count: 1 })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'scope', 'key', 'day']).doUpdateSet({ count: sql`security_send_counts.count + 1` }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },
  async sendCount(tenantId, scope, key, day) {
    const row = await db
      .selectFrom('security_send_counts')
      .select('count')
      .where('tenant_id', '=', tenantId)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('day', '=', day)
      .executeTakeFirst();
    return row ? Number(row.count) : 0;
  },
  async getBreaker(tenantId) {
    const row = await db
      .selectFrom('sms_budget_breakers')
      .select(['generation', 'opened_at'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row ? { generation: Number(row.generation), openedAt: row.opened_at } : { generation: 0, openedAt: null };
  },
  async setBreaker(tenantId, generation, openedAt, at) {
    const next = { generation: generation + 1, opened_at: openedAt, updated_at: at };
    // Generation 0 has no row yet: the first change inserts it, and a racing insert finds the key taken.
    if (generation === 0) {
      const inserted = await db
        .insertInto('sms_budget_breakers')
        .values({ tenant_id: tenantId, ...next })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    }
    const updated = await db
      .updateTable('sms_budget_breakers')
      .set(next)
      .where('tenant_id', '=', tenantId)
      .where('generation', '=', generation)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  },
});
