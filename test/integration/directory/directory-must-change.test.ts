/**
 * A passthrough user whose directory demands a password change (OpenSSPR issue 7 follow-up), against a private
 * slapd whose policy has `pwdMustChange: TRUE`, on both store dialects: an administrator's reset here sets ppolicy's
 * `pwdReset`; the user's sign-in with the temporary password is then "right, but change it now" (the bind's
 * `changeAfterReset`), which opens a session good only for the change (the page sends it to the change form, which says why); the
 * change goes to the directory with the old password, after which the new one binds, the old one does not, and the
 * flag is gone. A wrong password stays wrong and counts towards smart lockout; "must change" does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import {
  asDirectoryRoot,
  anOnPremUser,
  connectTenant,
  ldapBind,
  ldapDn,
  ldapDomain,
  ldapUser,
} from '../../support/directory-world.js';
import { aPassword, aUser } from '../../support/factories.js';
import { formContext, sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const dialects = testDialects();
const mustChangePolicy = `cn=mustchange,ou=policies,${baseDn}`;
const names = (suffix: string) => ({ api: `Reset${suffix}`, page: `Page${suffix}` });
const temporary = 'Temporary-Tulip-2026';
const chosen = 'Harbour-Lantern-Quay-42';

let slapd: Slapd;
beforeAll(async () => {
  const policy = [
    `dn: ${mustChangePolicy}`,
    'objectClass: device',
    'objectClass: pwdPolicy',
    'cn: mustchange',
    'pwdAttribute: userPassword',
    'pwdMinLength: 8',
    'pwdAllowUserChange: TRUE',
    'pwdMustChange: TRUE',
    'pwdCheckQuality: 1',
    '',
  ].join('\n');
  const users = dialects.flatMap((d) =>
    Object.values(names(d)).map((name) => ldapUser(name, { pwdPolicySubentry: mustChangePolicy })),
  );
  slapd = await startSlapd({ tls: true, extraLdif: [policy, ...users].join('\n') });
});
afterAll(async () => slapd?.stop());

const pwdResetOf = (name: string) =>
  asDirectoryRoot(slapd, async (client) => {
    const { searchEntries } = await client.search(ldapDn(name), { scope: 'base', attributes: ['pwdReset'] });
    return String(searchEntries[0]?.pwdReset ?? '');
  });

describe.each(dialects)(
  'a passthrough user the directory makes change the password (OpenLDAP pwdReset, %s)',
  (dialect) => {
    const ctx = useHttpWorld(dialect);
    const app = () => ctx.world.app;
    const n = names(dialect);
    let tenant: Tenant;
    beforeAll(async () => {
      tenant = await connectTenant(app(), slapd);
    });

    /** An administrator's forced reset here, written to slapd as the service account: ppolicy sets pwdReset. */
    const adminReset = async (upn: string) => {
      const helpdesk = await aUser(app(), ldapDomain, { roles: ['Helpdesk Administrator'] });
      const cookie = await sessionCookie(ctx.server, helpdesk.upn, aPassword);
      const reset = await ctx.server.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${encodeURIComponent(upn)}/password`,
        headers: { cookie },
        payload: { password: temporary },
      });
      expect(reset.statusCode, reset.body).toBe(200);
    };

    it('signs in with the temporary password to a change-only session; the change reaches the directory and clears the flag', async () => {
      const user = await anOnPremUser(app(), tenant, n.api, 'passthrough');
      await adminReset(user.upn);
      expect(await pwdResetOf(n.api)).toBe('TRUE');
      // Wrong is still wrong (and counted); right-but-must-change is not a failure.
      expect((await signInApi(ctx.server, user.upn, 'Not-The-Temporary-1')).statusCode).toBe(401);
      expect((await app().store.lockouts.get(tenant.tenantId, user.userId))?.failedCount).toBe(1);
      const signedIn = await signInApi(ctx.server, user.upn, temporary);
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
      expect((await app().store.lockouts.get(tenant.tenantId, user.userId))?.failedCount ?? 0).toBe(0);
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
      const refused = await ctx.server.inject({ method: 'GET', url: '/api/v1/me/methods', headers: { cookie } });
      expect(refused.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
      const change = (currentPassword: string) =>
        ctx.server.inject({
          method: 'POST',
          url: '/api/v1/me/password',
          headers: { cookie },
          payload: { currentPassword, newPassword: chosen },
        });
      // The directory still checks the current password of a forced change.
      expect((await change('Not-The-Temporary-2')).json().code).toBe('INVALID_CURRENT_PASSWORD');
      const changed = await change(temporary);
      expect(changed.statusCode, changed.body).toBe(200);
      expect(await ldapBind(slapd, ldapDn(n.api), chosen)).toBe(true);
      expect(await ldapBind(slapd, ldapDn(n.api), temporary)).toBe(false);
      expect(await pwdResetOf(n.api)).toBe('');
      expect((await app().store.users.findById(tenant.tenantId, user.userId))?.mustChangePassword ?? false).toBe(false);
      expect(
        (await ctx.server.inject({ method: 'GET', url: '/api/v1/me/methods', headers: { cookie } })).statusCode,
      ).toBe(200);
      expect((await signInApi(ctx.server, user.upn, chosen)).json()).toMatchObject({ mustChangePassword: false });
      expect((await signInApi(ctx.server, user.upn, temporary)).statusCode).toBe(401);
    });

    it('sends the sign-in page to the change form instead of saying "wrong password"', async () => {
      const user = await anOnPremUser(app(), tenant, n.page, 'passthrough');
      await adminReset(user.upn);
      const signin = await formContext(ctx.server, '/signin');
      const signedIn = await ctx.server.inject({
        method: 'POST',
        url: '/signin',
        headers: { cookie: signin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: signin.token, username: user.upn, password: temporary }).toString(),
      });
      expect([signedIn.statusCode, signedIn.headers.location]).toEqual([303, '/account']);
      expect((await app().store.users.findById(tenant.tenantId, user.userId))?.mustChangePassword).toBe(true);
      // Entra's "You need to update your password", in the user's language: the directory asks, not an admin here.
      const cookie = [signin.cookie, String(signedIn.headers['set-cookie']).split(';')[0]].join('; ');
      for (const [query, locale] of [
        ['', 'en'],
        ['?mkt=nl-NL', 'nl'],
      ] as const) {
        const account = await ctx.server.inject({ method: 'GET', url: `/account${query}`, headers: { cookie } });
        expect(account.body).toContain(escapeHtml(translate(locale, 'account.forceChange.directoryNotice')));
        expect(account.body).not.toContain(escapeHtml(translate(locale, 'account.forceChange.notice')));
      }
    });
  },
);
