/**
 * The helpdesk's Unlock for an on-premises user (issue #14 item 5) against a private slapd with the ppolicy overlay,
 * on both store dialects: the console sees the directory's lock, and Unlock clears it through the self-service
 * unlock's path, so the user's right password binds again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { anOnPremUser, connectTenant, ldapBind, ldapDn, ldapUser } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { initialPassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const dialects = testDialects();
const nameOf = (dialect: string) => `Unlock${dialect}`;

let slapd: Slapd;
beforeAll(async () => {
  // No pwdPolicySubentry: the overlay's default policy (cn=default) locks after 3 wrong binds.
  slapd = await startSlapd({ tls: true, extraLdif: dialects.map((d) => ldapUser(nameOf(d))).join('\n') });
});
afterAll(async () => slapd?.stop());

describe.each(dialects)('admin unlock of an on-premises account (OpenLDAP ppolicy, %s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it("shows the directory's lock and clears it", async () => {
    const app = ctx.world.app;
    const tenant = await connectTenant(app, slapd);
    const user = await anOnPremUser(app, tenant, nameOf(dialect), 'passthrough');
    for (let i = 0; i < 3; i += 1) await ldapBind(slapd, ldapDn(nameOf(dialect)), 'Wrong-Typo-Kettle-1');
    expect(await ldapBind(slapd, ldapDn(nameOf(dialect)), initialPassword)).toBe(false);

    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator'], tenant.domains[0]);
    const principal = {
      tenantId: tenant.tenantId,
      roles: ['HelpdeskAdministrator'],
      actor: { type: 'admin' as const, id: helpdesk.user.userId, upn: helpdesk.user.upn },
      userId: helpdesk.user.userId,
      via: 'session' as const,
    };
    expect(await app.services.helpdesk.lockoutStatus(principal, user.upn)).toMatchObject({
      locked: false,
      onPremises: 'locked',
    });

    const unlocked = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${user.upn}/unlock`,
      headers: { cookie: helpdesk.cookie },
    });
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json()).toEqual({ upn: user.upn, wasLocked: false, onPremises: 'unlocked' });
    expect(await ldapBind(slapd, ldapDn(nameOf(dialect)), initialPassword)).toBe(true);
    expect((await app.services.helpdesk.lockoutStatus(principal, user.upn)).onPremises).toBe('notLocked');
  });
});
