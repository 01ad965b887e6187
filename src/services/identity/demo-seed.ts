import type { ServiceDeps } from '../deps.js';
import type { GroupService } from './group-service.js';
import type { LicensingService } from '../licensing/licensing-service.js';
import type { TenantService } from './tenant-service.js';
import type { CreateUserInput, UserService } from './user-service.js';

export const demoDomain = 'contoso.example';

const demoUsers: Array<Omit<CreateUserInput, 'password'>> = [
  {
    upn: `admin@${demoDomain}`,
    givenName: 'MOD',
    surname: 'Administrator',
    roles: ['GlobalAdministrator'],
    mobilePhone: '+31 6 12345601',
    alternateEmail: 'mod.admin@fabrikam.example',
  },
  {
    upn: `adele.vance@${demoDomain}`,
    givenName: 'Adele',
    surname: 'Vance',
    mobilePhone: '+31 6 12345602',
    officePhone: '+31 20 555 0102',
    alternateEmail: 'adele@fabrikam.example',
  },
  {
    upn: `alex.wilber@${demoDomain}`,
    givenName: 'Alex',
    surname: 'Wilber',
    mobilePhone: '+31 6 12345603',
    alternateEmail: 'alex.w@fabrikam.example',
  },
  {
    upn: `lee.gu@${demoDomain}`,
    givenName: 'Lee',
    surname: 'Gu',
    roles: ['HelpdeskAdministrator'],
    mobilePhone: '+31 6 12345604',
    officePhone: '+31 20 555 0104',
  },
  {
    upn: `nestor.wilke@${demoDomain}`,
    givenName: 'Nestor',
    surname: 'Wilke',
    alternateEmail: 'nestor@fabrikam.example',
  },
];

export interface DemoCredentials {
  tenant: string;
  domain: string;
  users: Array<{ upn: string; password: string; roles: string[] }>;
}

/**
 * Seeds the Contoso demo tenant. Passwords are random per installation (a well-known demo
 * password on a portal that may be reachable is an open door) and are shown once, at seeding.
 */
export const seedDemoTenant = async (services: {
  deps: Pick<ServiceDeps, 'random'>;
  tenants: TenantService;
  users: UserService;
  groups: GroupService;
  licensing: LicensingService;
}): Promise<DemoCredentials> => {
  const { deps, tenants, users, groups, licensing } = services;
  const tenant = await tenants.createTenant({ name: 'Contoso', domain: demoDomain, country: 'NL' });
  const credentials: DemoCredentials = { tenant: tenant.name, domain: demoDomain, users: [] };
  for (const user of demoUsers) {
    // 72 random bits after one character of each class (so the cloud policy always passes and the
    // password never starts with "-", which a shell command line would read as an option).
    const password = `Aa1-${deps.random.token(9)}`;
    const created = await users.createUser({ ...user, password, usageLocation: 'NL' });
    credentials.users.push({ upn: created.upn, password, roles: created.roles });
  }
  await groups.createGroup(tenant.tenantId, 'All staff');
  await groups.createGroup(tenant.tenantId, 'SSPR users');
  await groups.addMember(tenant.tenantId, 'SSPR users', { group: 'All staff' });
  for (const user of demoUsers.slice(1)) await groups.addMember(tenant.tenantId, 'All staff', { upn: user.upn });
  // Entra ID P1 for all staff through the group (the administrator is covered by the admin policy).
  await licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 25, 'add');
  await licensing.assignToGroup(tenant.tenantId, 'All staff', 'AAD_PREMIUM_P1');
  return credentials;
};

export const isStoreEmpty = async (deps: Pick<ServiceDeps, 'store'>): Promise<boolean> =>
  (await deps.store.tenants.list()).length === 0;
