/**
 * Administrators for the admin API and console suites: a user with the given roles in a tenant, signed in over the
 * API (its session cookie), and the On-premises integration tab as a writer and a reader of a fresh tenant see it.
 */
import { aPassword, aTenant, aUser } from './factories.js';
import { formContext, sessionCookie } from './http.js';
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

/**
 * The admin console as a browser without JavaScript drives it: a fresh tenant per test (so the policy one test changes
 * is not the next one's) with a way to sign in its users, HTML GETs and form posts, and a page's CSRF form context.
 */
export const consoleBrowser = (ctx: HttpWorld) => {
  const aTenantWith = async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const signedIn = async (roles: string[], local?: string) => {
      const user = await aUser(ctx.world.app, domain, { roles, ...(local && { local }) });
      return { user, cookie: await sessionCookie(ctx.server, user.upn, aPassword) };
    };
    return { tenant, domain, signedIn };
  };
  const get = (url: string, cookie = '') =>
    ctx.server.inject({ url, headers: { accept: 'text/html', ...(cookie && { cookie }) } });
  const post = (url: string, cookie: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  /** The CSRF token and cookies of a page's form, ready to post it. */
  const form = (url: string, cookie: string) => formContext(ctx.server, url, cookie);
  return { aTenantWith, get, post, form };
};
