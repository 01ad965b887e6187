import type { Kysely } from 'kysely';
import type { Tenant } from '../../core/model.js';
import type { TenantRepository } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Database, TenantsTable } from './schema.js';

const tenantOf = (row: TenantsTable, domains: string[]): Tenant => ({
  tenantId: row.tenant_id,
  name: row.name,
  country: row.country,
  isTrial: row.is_trial === 1,
  createdAt: row.created_at,
  domains,
});

/** Every sign-in starts here, so it is compiled once (compiled-once.ts). */
const tenantByDomain = compiledOnce((db: Kysely<Database>, domain: string) =>
  db
    .selectFrom('tenant_domains as named')
    .innerJoin('tenants', 'tenants.tenant_id', 'named.tenant_id')
    .innerJoin('tenant_domains as every', 'every.tenant_id', 'tenants.tenant_id')
    .selectAll('tenants')
    .select('every.domain')
    .where('named.domain', '=', domain)
    .orderBy('every.is_initial', 'desc')
    .orderBy('every.domain'),
);

export const createTenantStore = (db: Kysely<Database>): TenantRepository => {
  const withDomains = async (row: TenantsTable | undefined): Promise<Tenant | undefined> => {
    if (!row) return undefined;
    const domains = await db
      .selectFrom('tenant_domains')
      .select('domain')
      .where('tenant_id', '=', row.tenant_id)
      .orderBy('is_initial', 'desc')
      .orderBy('domain')
      .execute();
    return tenantOf(
      row,
      domains.map((d) => d.domain),
    );
  };

  return {
    async create(tenant) {
      await db
        .insertInto('tenants')
        .values({
          tenant_id: tenant.tenantId,
          name: tenant.name,
          country: tenant.country,
          is_trial: tenant.isTrial ? 1 : 0,
          created_at: tenant.createdAt,
        })
        .execute();
      await db
        .insertInto('tenant_domains')
        .values(
          tenant.domains.map((domain, index) => ({
            tenant_id: tenant.tenantId,
            domain,
            is_initial: index === 0 ? 1 : 0,
          })),
        )
        .execute();
    },
    async findByDomain(domain) {
      // The tenant and all of its domains in one query (a row per domain): every sign-in starts here.
      const { rows } = await tenantByDomain(db, domain.toLowerCase());
      const first = rows[0];
      return (
        first &&
        tenantOf(
          first,
          rows.map((row) => row.domain),
        )
      );
    },
    async findById(tenantId) {
      return withDomains(
        await db.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(),
      );
    },
    async list() {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('name').execute();
      const tenants = await Promise.all(rows.map(withDomains));
      return tenants.filter((t): t is Tenant => t !== undefined);
    },
  };
};
