/**
 * Administrators for the admin API and console suites: a user with the given roles in a tenant, signed in over the
 * API (its session cookie), and the On-premises integration tab as a writer and a reader of a fresh tenant see it.
 */
import { aPassword, aTenant, aUser } from './factories.js';
import { sessionCookie } from './http.js';
import type { HttpWorld } from './world.js';

export interface SignedInAdmin {
  user: Awaited<ReturnType<typeof aUser>>;
  cookie: string;
}

export const signedInAs = async (ctx: HttpWorld, roles: string[], domain = ctx.domain): Promise<SignedInAdmin> => {
  const user = await aUser(ctx.world.app, domain, { roles });
  return { user, cookie: await sessionCookie(ctx.server, user.upn, aPassword) };
};

export const onPremisesTabPath = '/admin/password-reset/on-premises-integration';

/** A fresh tenant with a Hybrid Identity Administrator (writer) and a Global Reader, and an HTML GET as either. */
export const onPremisesTabVisitors = async (ctx: HttpWorld) => {
  const tenant = await aTenant(ctx.world.app);
  const domain = tenant.domains[0]!;
  return {
    tenant,
    domain,
    hybrid: await signedInAs(ctx, ['Hybrid Identity Administrator'], domain),
    reader: await signedInAs(ctx, ['Global Reader'], domain),
    tab: onPremisesTabPath,
    get: (url: string, cookie: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } }),
  };
};
