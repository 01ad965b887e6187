/**
 * A passthrough user whose Active Directory account must change its password (pwdLastSet=0 after an administrator's
 * forced reset here), against a private Samba AD DC: Windows refuses the user's sign-in bind with `data 773`, Samba
 * binds it and the entry's pwdLastSet=0 says the same; either is read as "right password, change it now" — a session
 * good only for the change, never "wrong password" — and the change is written as the service account (delete the
 * old unicodePwd, add the new: AD checks the old one, and the Change Password right works on a must-change account).
 * Then the new password binds, the old one is no longer AD's, pwdLastSet is no longer 0 and the flag here is gone. A
 * wrong password stays wrong. One store dialect: the store side runs on both in directory-must-change.test.ts, and
 * Samba's provisioning costs seconds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import type { Tenant } from '../../../src/core/model.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { licenseUser } from '../../support/reset.js';
import { type SambaAd, adConnectionInput, adRealm, adUser, startSambaAd } from '../../support/samba-ad.js';
import { useHttpWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const temporary = 'Temporary-Tulip-2026';
const chosen = 'Harbour-Lantern-Quay-42';

let samba: SambaAd;
beforeAll(async () => {
  samba = await startSambaAd(['gwen']);
});
afterAll(async () => samba?.stop());

const pwdLastSetOf = async (name: string): Promise<string> => {
  const admin = await samba.admin();
  try {
    const { searchEntries } = await admin.search(adUser(name), { scope: 'base', attributes: ['pwdLastSet'] });
    return String(searchEntries[0]?.pwdLastSet ?? '');
  } finally {
    await admin.unbind();
  }
};

describe('a passthrough user Active Directory makes change the password (Samba AD DC, pwdLastSet=0)', () => {
  const ctx = useHttpWorld('sqlite', {
    overrides: { directoryConnector: createDirectoryConnector({ adPolicyHints: 'ifSupported' }) },
  });
  const app = () => ctx.world.app;
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await app().services.tenants.createTenant({ name: 'Sspr', domain: adRealm, country: 'NL' });
    await app().services.directories.add(
      tenant.tenantId,
      { ...adConnectionInput(samba), mode: 'passwordHashSync' },
      cliActor,
    );
  });

  it('signs in with the temporary password to a change-only session; the change reaches AD and clears the flag', async () => {
    const upn = `gwen@${adRealm}`;
    await app().services.users.createUser({
      upn,
      password: aPassword,
      givenName: 'Pat',
      surname: 'Tester',
      source: 'passthrough',
    });
    await licenseUser(app(), tenant, upn);
    const user = (await app().store.users.findByUpn(tenant.tenantId, upn))!;
    const helpdesk = await aUser(app(), adRealm, { roles: ['Helpdesk Administrator'] });
    const adminCookie = await sessionCookie(ctx.server, helpdesk.upn, aPassword);
    const reset = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${encodeURIComponent(upn)}/password`,
      headers: { cookie: adminCookie },
      payload: { password: temporary },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(await pwdLastSetOf('gwen')).toBe('0');
    // Windows refuses this bind (data 773); Samba binds it, so its pwdLastSet=0 is what says "change it now".

    expect((await signInApi(ctx.server, upn, 'Not-The-Temporary-1')).statusCode).toBe(401);
    expect((await app().store.lockouts.get(tenant.tenantId, user.userId))?.failedCount).toBe(1);
    const signedIn = await signInApi(ctx.server, upn, temporary);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    expect(
      (await ctx.server.inject({ method: 'GET', url: '/api/v1/me/methods', headers: { cookie } })).json().code,
    ).toBe('PASSWORD_CHANGE_REQUIRED');
    const change = (currentPassword: string) =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie },
        payload: { currentPassword, newPassword: chosen },
      });
    expect((await change('Not-The-Temporary-2')).json().code).toBe('INVALID_CURRENT_PASSWORD');
    const changed = await change(temporary);
    expect(changed.statusCode, changed.body).toBe(200);

    expect(await samba.canBind('gwen', chosen)).toBe(true);
    expect(await pwdLastSetOf('gwen')).not.toBe('0');
    expect((await app().store.users.findById(tenant.tenantId, user.userId))?.mustChangePassword ?? false).toBe(false);
    const again = await signInApi(ctx.server, upn, chosen);
    expect(again.json()).toMatchObject({ mustChangePassword: false });
    // Samba, like AD for NTLM, still binds the previous password for a while ("old password allowed period"), so a
    // bind proves nothing about it; AD's own check of a change's old value does: the temporary one is gone.
    const next = String(again.headers['set-cookie']).split(';')[0]!;
    const stale = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: next },
      payload: { currentPassword: temporary, newPassword: 'Meadow-Windmill-Dyke-17' },
    });
    expect(stale.json().code).toBe('INVALID_CURRENT_PASSWORD');
    expect(await samba.canBind('gwen', chosen)).toBe(true);
  });
});
