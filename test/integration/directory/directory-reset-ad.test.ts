/**
 * Self-service reset and unlock end to end against Active Directory: a private Samba AD DC (one start for the
 * file), a tenant on its realm connected over LDAPS as the least-privilege service account, synced users with an
 * alternate email, and the reset API driven as a user would. The new password binds in AD; AD's policy refusing
 * a password (its minimum length on a reset, its history on a change) is told in plain words (never AD's
 * diagnostic) and the flow stays usable; an adminCount=1
 * account is refused; an unlock clears lockoutTime; an admin's reset is written back with "must change at next
 * logon" (pwdLastSet=0) and the synced user changes it here at the next sign-in. One dialect: the store side runs on both in
 * directory-writeback.test.ts, and Samba's provisioning costs seconds.
 * Samba 4.17 lacks LDAP_SERVER_POLICY_HINTS, so the connector sends it only if supported (docs/directory.md).
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import type { Tenant, User } from '../../../src/core/model.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { resetApi } from '../../support/reset.js';
import { licenseUser } from '../../support/reset.js';
import {
  type SambaAd,
  adBaseDn,
  adConnectionInput,
  adInitialPassword,
  adRealm,
  adUser,
  startSambaAd,
} from '../../support/samba-ad.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const replace = (type: string, values: string[]) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values }) });

let samba: SambaAd;
beforeAll(async () => {
  samba = await startSambaAd(['adele', 'brent', 'carla', 'erwin', 'fiona', 'domadmin']);
  const admin = await samba.admin();
  try {
    // A domain minimum longer than the cloud's (8), so a password the cloud accepts can still be AD's to refuse.
    // (Samba 4.17 applies no history to a reset without policy hints, and its complexity rule is the cloud's 3 of 4.)
    await admin.modify(adBaseDn, replace('minPwdLength', ['16']));
    // A Domain Admin as SDProp leaves it: adminCount=1.
    await admin.modify(
      `CN=Domain Admins,CN=Users,${adBaseDn}`,
      new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [adUser('domadmin')] }) }),
    );
    await admin.modify(adUser('domadmin'), replace('adminCount', ['1']));
  } finally {
    await admin.unbind();
  }
});
afterAll(async () => samba?.stop());

const canBind = (name: string, password: string) => samba.canBind(name, password);

const attributeOf = async (name: string, attribute: string): Promise<string> => {
  const admin = await samba.admin();
  try {
    const { searchEntries } = await admin.search(adUser(name), { scope: 'base', attributes: [attribute] });
    return String(searchEntries[0]?.[attribute] ?? '0');
  } finally {
    await admin.unbind();
  }
};
const lockoutTimeOf = (name: string) => attributeOf(name, 'lockoutTime');

describe('self-service reset and unlock written back to Active Directory (Samba AD DC)', () => {
  const ctx = useHttpWorld('sqlite', {
    env,
    overrides: { directoryConnector: createDirectoryConnector({ adPolicyHints: 'ifSupported' }) },
  });
  const api = () => resetApi(ctx.server, ctx.world.clock);
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

  /** The AD account as a synced user here (UPN = its userPrincipalName), licensed for writeback, with an alternate email. */
  const syncedUser = async (name: string): Promise<User> => {
    const upn = `${name}@${adRealm}`;
    // A cloud given name that is not the account name, so only AD (not the cloud's name check) can object to it.
    await app().services.users.createUser({
      upn,
      password: aPassword,
      givenName: 'Pat',
      surname: 'Tester',
      source: 'synced',
      alternateEmail: `${name}.alt@mail.example`,
    });
    await licenseUser(app(), tenant, upn);
    return (await app().store.users.findByUpn(tenant.tenantId, upn))!;
  };

  const verifiedFlow = async (user: User, intent: 'reset' | 'unlock' = 'reset') => {
    const flowId = await api().flowOf(user.upn);
    const view = (await api().view(flowId)).json();
    expect((await api().intent(flowId, intent)).statusCode).toBe(200);
    const email = view.methods.find((m: { type: string }) => m.type === 'email');
    expect((await api().challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
    const verified = await api().verify(flowId, {
      methodId: email.id,
      code: await lastCodeTo(app(), user.alternateEmail!),
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ canSetPassword: true });
    return { flowId, view };
  };

  it('resets the password in AD: the new one binds, and the cloud hash follows', async () => {
    const user = await syncedUser('adele');
    const { flowId } = await verifiedFlow(user);
    const done = await api().password(flowId, 'Tulip-Canal-Bridge-88');
    expect(done.statusCode, done.body).toBe(200);
    expect(await canBind('adele', 'Tulip-Canal-Bridge-88')).toBe(true);
    // (AD keeps accepting the old password for a while after a reset, so its bind proves nothing here.)
    // Password-hash sync: the cloud hash follows the directory.
    expect((await signInApi(ctx.server, user.upn, 'Tulip-Canal-Bridge-88')).statusCode).toBe(200);
    const [event] = await app().store.audit.list(tenant.tenantId, {
      activity: 'Reset password (self-service)',
      limit: 1,
    });
    expect(event).toMatchObject({ result: 'success', details: { writeback: 'onPremises' } });
  });

  it("tells AD's policy refusal of a reset in plain words, never AD's diagnostic; the flow stays usable", async () => {
    const user = await syncedUser('brent');
    const { flowId } = await verifiedFlow(user);
    const refused = await api().password(flowId, 'Lantern-Quay-42');
    expect(refused.statusCode, refused.body).toBe(400);
    const { reason } = refused.json();
    expect(refused.json()).toMatchObject({
      code: 'DIRECTORY_POLICY_REJECTED',
      detail: translate('en', `directory.reason.${reason}` as MessageKey),
    });
    expect(JSON.stringify(refused.json())).not.toMatch(/diagnostic|0000052D|CONSTRAINT|WERR|unicodePwd/i);
    expect(await canBind('brent', adInitialPassword)).toBe(true);
    const [event] = await app().store.audit.list(tenant.tenantId, {
      activity: 'Reset password (self-service)',
      limit: 1,
    });
    // The raw diagnostic is for the administrator, in the audit log only.
    expect(event).toMatchObject({ result: 'failure', details: { writeback: 'failed' } });
    const retried = await api().password(flowId, 'Lantern-Quay-Harbour-42');
    expect(retried.statusCode, retried.body).toBe(200);
    expect(await canBind('brent', 'Lantern-Quay-Harbour-42')).toBe(true);
  });

  it("tells AD's history refusal of a change in plain words (AD checks the old password and the history)", async () => {
    const user = await syncedUser('erwin');
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const change = (currentPassword: string, newPassword: string) =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie },
        payload: { currentPassword, newPassword },
      });
    expect((await change(adInitialPassword, 'Harbour-Windmill-Dyke-17')).statusCode).toBe(200);
    expect(await canBind('erwin', 'Harbour-Windmill-Dyke-17')).toBe(true);
    expect((await change('Harbour-Windmill-Dyke-17', 'Meadow-Lantern-Quay-42')).statusCode).toBe(200);
    const again = await change('Meadow-Lantern-Quay-42', 'Harbour-Windmill-Dyke-17');
    expect(again.statusCode, again.body).toBe(400);
    expect(again.json()).toMatchObject({
      code: 'DIRECTORY_POLICY_REJECTED',
      detail: translate('en', `directory.reason.${again.json().reason}` as MessageKey),
    });
    expect(JSON.stringify(again.json())).not.toMatch(/diagnostic|0000052D|CONSTRAINT|WERR|unicodePwd/i);
    expect(await canBind('erwin', 'Meadow-Lantern-Quay-42')).toBe(true);
  });

  it("writes an admin's reset back with must-change (pwdLastSet=0); the user changes it here at the next sign-in", async () => {
    const user = await syncedUser('fiona');
    const helpdesk = await aUser(app(), adRealm, { roles: ['Helpdesk Administrator'] });
    const adminCookie = await sessionCookie(ctx.server, helpdesk.upn, aPassword);
    const adminReset = (body: object) =>
      ctx.server.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${encodeURIComponent(user.upn)}/password`,
        headers: { cookie: adminCookie },
        payload: body,
      });
    const forced = await adminReset({ password: 'Admin-Set-Passw0rd-1' });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json()).toMatchObject({ forceChangePasswordNextSignIn: true });
    expect(await attributeOf('fiona', 'pwdLastSet')).toBe('0');
    const signedIn = await signInApi(ctx.server, user.upn, 'Admin-Set-Passw0rd-1');
    expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: 'Admin-Set-Passw0rd-1', newPassword: 'Harbour-Windmill-Quay-42' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await canBind('fiona', 'Harbour-Windmill-Quay-42')).toBe(true);
    expect(await attributeOf('fiona', 'pwdLastSet')).not.toBe('0');
    const [event] = await app().store.audit.list(tenant.tenantId, { activity: 'Reset user password', limit: 1 });
    expect(event).toMatchObject({
      result: 'success',
      details: { writeback: 'onPremises', forceChangePasswordNextSignIn: true },
    });
    // Opted out: AD is told "now" (-1), so no change is pending there either.
    expect(
      (await adminReset({ password: 'Admin-Set-Passw0rd-2', forceChangePasswordNextSignIn: false })).statusCode,
    ).toBe(200);
    expect(await attributeOf('fiona', 'pwdLastSet')).not.toBe('0');
    expect(await canBind('fiona', 'Admin-Set-Passw0rd-2')).toBe(true);
  });

  it('refuses an adminCount=1 account (AD protected groups): the password stays as it was', async () => {
    const user = await syncedUser('domadmin');
    const { flowId } = await verifiedFlow(user);
    const refused = await api().password(flowId, 'Tulip-Canal-Bridge-88');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'protectedAccount' });
    expect(await canBind('domadmin', adInitialPassword)).toBe(true);
  });

  it('offers unlock for an account AD locked out, and the unlock clears lockoutTime', async () => {
    const user = await syncedUser('carla');
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await canBind('carla', 'Wrong-Passw0rd!')).toBe(false);
    expect(await lockoutTimeOf('carla')).not.toBe('0');
    expect(await canBind('carla', adInitialPassword)).toBe(false);
    const { flowId, view } = await verifiedFlow(user, 'unlock');
    expect(view.canUnlock).toBe(true);
    const unlocked = await api().unlock(flowId);
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(await lockoutTimeOf('carla')).toBe('0');
    expect(await canBind('carla', adInitialPassword)).toBe(true);
  });
});
