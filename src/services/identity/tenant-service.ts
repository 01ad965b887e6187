import { checkCountry, checkDomain, checkName } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import type { Tenant } from '../../core/model.js';
import { cliActor, recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { orThrow } from '../validation.js';

export interface CreateTenantInput {
  name: string;
  domain: string;
  country?: string;
  isTrial?: boolean;
}

export const createTenantService = (deps: ServiceDeps) => ({
  async createTenant(input: CreateTenantInput): Promise<Tenant> {
    const name = orThrow(checkName(input.name, 'the tenant name', 256));
    const domain = orThrow(checkDomain(input.domain));
    const country = orThrow(checkCountry(input.country ?? 'US'));
    const tenant: Tenant = {
      tenantId: deps.random.uuid(),
      name,
      country,
      isTrial: input.isTrial ?? false,
      createdAt: deps.clock.now().toISOString(),
      domains: [domain],
    };
    return deps.store.transaction(async (store) => {
      if (await store.tenants.findByDomain(domain))
        throw new SsprError('TENANT_EXISTS', `the domain ${domain} already belongs to a tenant`);
      await store.tenants.create(tenant);
      await recordAudit(deps, store, {
        tenantId: tenant.tenantId,
        activity: 'addTenant',
        actor: cliActor,
        target: { type: 'tenant', id: tenant.tenantId, name },
        details: { domain, country },
      });
      return tenant;
    });
  },

  listTenants: (): Promise<Tenant[]> => deps.store.tenants.list(),

  async requireTenantByDomain(domainInput: string): Promise<Tenant> {
    const domain = orThrow(checkDomain(domainInput));
    const tenant = await deps.store.tenants.findByDomain(domain);
    if (!tenant) throw new SsprError('TENANT_NOT_FOUND', `no tenant has the domain ${domain}`);
    return tenant;
  },
});

export type TenantService = ReturnType<typeof createTenantService>;
