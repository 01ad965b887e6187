import type { Kysely } from 'kysely';

/**
 * SMS-pumping controls (checklist §11 row 9) and SMS notices (row 16). The tenant's security-info settings gain the
 * hourly caps per number prefix (distinct numbers) and per client address, the hourly SMS/voice budget that opens the
 * breaker, and whether notices also go by SMS; existing tenants get the defaults. `sms_budget_breakers` holds one
 * row per tenant: `opened_at` set while the breaker is open; `generation` moves on at every open and close, and
 * names the hourly budget counter, so a breaker an administrator closes starts counting afresh.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  const columns = [
    ['hourly_cap_per_prefix', 20],
    ['hourly_cap_per_ip', 60],
    ['hourly_phone_budget', 200],
    ['sms_notices', 1],
  ] as const;
  for (const [name, value] of columns)
    await db.schema
      .alterTable('security_info_settings')
      .addColumn(name, 'integer', (c) => c.notNull().defaultTo(value))
      .execute();

  await db.schema
    .createTable('sms_budget_breakers')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.tenant_id'))
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
};
