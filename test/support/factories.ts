import type { App } from '../../src/app.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const aPassword = 'Correct-Horse-42';

/** A tenant with a unique domain, so tests in one world never collide. */
export const aTenant = async (app: App, overrides: { name?: string; country?: string } = {}) => {
  const domain = `t${unique()}.example`;
  return app.services.tenants.createTenant({
    name: overrides.name ?? 'Contoso',
    domain,
    country: overrides.country ?? 'NL',
  });
};

export const aUser = async (
  app: App,
  domain: string,
  overrides: {
    local?: string;
    password?: string;
    roles?: string[];
    alternateEmail?: string;
    mobilePhone?: string;
  } = {},
) =>
  app.services.users.createUser({
    upn: `${overrides.local ?? `user${unique()}`}@${domain}`,
    password: overrides.password ?? aPassword,
    givenName: 'Adele',
    surname: 'Vance',
    roles: overrides.roles ?? [],
    ...(overrides.alternateEmail && { alternateEmail: overrides.alternateEmail }),
    ...(overrides.mobilePhone && { mobilePhone: overrides.mobilePhone }),
  });
