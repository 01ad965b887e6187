import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { isLocked } from '../../../src/core/lockout/smart-lockout.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aUser } from '../../support/factories.js';
import { formContext } from '../../support/http.js';
import { sentMessages } from '../../support/outbox.js';
import { signedInAs } from '../../support/admin-http.js';
import { testDialects } from '../../support/postgres.js';
import { aVerifiedContact } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));

/**
 * The helpdesk's actions on a user (issue #14 item 5) through the admin API and the console, per role as Entra's
 * table: unlock (the roles that reset passwords), the masked methods, deleting one and requiring re-registration
 * (Authentication Administrator and above); nobody acts on a holder of a role their own does not reach.
 */
describe.each(testDialects())('helpdesk actions (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;
  const store = () => ctx.world.app.store;

  const lock = async (user: { tenantId: string; userId: string }) => {
    const until = new Date(ctx.world.clock.now().getTime() + 3600_000).toISOString();
    const state = { failedCount: 10, lockoutCount: 1, lockedUntil: until, recentBadAttempts: [] };
    await store().lockouts.put(user.tenantId, user.userId, state, ctx.world.clock.now().toISOString());
  };
  const addEmailMethod = (user: { tenantId: string; userId: string }, value: string) =>
    aVerifiedContact(ctx.world.app, user, 'alternateEmail', value, ctx.world.clock.now().toISOString());
  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string) =>
    ctx.server.inject({ method, url: `/api/v1/admin/users/${url}`, headers: { cookie } });
  const activities = async (tenantId: string) =>
    (await store().audit.list(tenantId, { limit: 50 })).map((e) => e.activity);

  it('lets a Helpdesk Administrator unlock a user, not a Global Administrator nor themselves', async () => {
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    const user = await aUser(app(), ctx.domain);
    const global = await aUser(app(), ctx.domain, { roles: ['Global Administrator'] });
    await lock(user);
    await lock(global);

    const before = await api('GET', `${user.upn}/lockout`, helpdesk.cookie);
    expect(before.json()).toMatchObject({ upn: user.upn, locked: true, onPremises: 'notApplicable' });
    const unlocked = await api('POST', `${user.upn}/unlock`, helpdesk.cookie);
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json()).toEqual({ upn: user.upn, wasLocked: true, onPremises: 'notApplicable' });
    const state = await store().lockouts.get(user.tenantId, user.userId);
    expect(isLocked(state!, ctx.world.clock.now())).toBe(false);
    expect(state!.failedCount).toBe(0);
    expect((await api('GET', `${user.upn}/lockout`, helpdesk.cookie)).json()).toMatchObject({
      locked: false,
      lockedUntil: null,
    });
    const [event] = await store().audit.list(user.tenantId, { activity: 'Unlock user account (by admin)' });
    expect(event).toMatchObject({ result: 'success', target: { name: user.upn }, actor: { upn: helpdesk.user.upn } });

    const refused = await api('POST', `${global.upn}/unlock`, helpdesk.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TARGET_TOO_PRIVILEGED');
    expect(isLocked((await store().lockouts.get(global.tenantId, global.userId))!, ctx.world.clock.now())).toBe(true);
    expect((await api('POST', `${helpdesk.user.upn}/unlock`, helpdesk.cookie)).json().code).toBe('FORBIDDEN');
    // An on-premises user without writeback: unlocked here, and the answer says the directory was not.
    const synced = await app().services.users.createUser({
      upn: `synced.${Date.now()}@${ctx.domain}`,
      password: 'Tulip-Kettle-2026!',
      source: 'synced',
    });
    await lock(synced);
    expect((await api('POST', `${synced.upn}/unlock`, helpdesk.cookie)).json()).toMatchObject({
      wasLocked: true,
      onPremises: 'notAvailable',
    });
    // Reading lockout is not acting: a Global Reader may not unlock anyone.
    const reader = await signedInAs(ctx, ['Global Reader']);
    expect((await api('POST', `${user.upn}/unlock`, reader.cookie)).statusCode).toBe(403);
  });

  it('lists methods masked; an Authentication Administrator deletes one, a Helpdesk Administrator may not', async () => {
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    const authAdmin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain, { alternateEmail: 'set.by.admin@example.net' });
    const methodId = await addEmailMethod(user, 'own.address@example.org');

    const listed = await api('GET', `${user.upn}/authentication-methods`, helpdesk.cookie);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.body).not.toContain('own.address@example.org');
    expect(listed.body).not.toContain('set.by.admin@example.net');
    const body = listed.json();
    expect(body.methods.map((m: { id: string; source: string }) => [m.id, m.source])).toEqual([
      [methodId, 'user'],
      ['admin-alternateEmail', 'admin'],
    ]);
    expect(body.registration).toMatchObject({ registeredCount: 1, methodsRequired: 1, needsRegistration: false });

    const forbidden = await api('DELETE', `${user.upn}/authentication-methods/${methodId}`, helpdesk.cookie);
    expect(forbidden.statusCode).toBe(403);
    expect(await store().securityInfo.findMethod(user.tenantId, user.userId, methodId)).toBeDefined();

    const deleted = await api('DELETE', `${user.upn}/authentication-methods/${methodId}`, authAdmin.cookie);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await store().securityInfo.findMethod(user.tenantId, user.userId, methodId)).toBeUndefined();
    const again = await api('DELETE', `${user.upn}/authentication-methods/${methodId}`, authAdmin.cookie);
    expect(again.json().code).toBe('METHOD_NOT_FOUND');
    // An administrator-set entry clears the user's field.
    expect(
      (await api('DELETE', `${user.upn}/authentication-methods/admin-alternateEmail`, authAdmin.cookie)).statusCode,
    ).toBe(204);
    expect((await store().users.findById(user.tenantId, user.userId))?.alternateEmail).toBeNull();
    expect((await activities(user.tenantId)).filter((a) => a === 'Admin deleted security info')).toHaveLength(2);
    // Entra's table: an Authentication Administrator does not reach a Helpdesk Administrator; a Privileged one does.
    const deskUser = await aUser(app(), ctx.domain, { roles: ['Helpdesk Administrator'] });
    const deskMethod = await addEmailMethod(deskUser, 'desk.own@example.org');
    const tooHigh = await api('POST', `${deskUser.upn}/require-reregistration`, authAdmin.cookie);
    expect(tooHigh.json().code).toBe('TARGET_TOO_PRIVILEGED');
    expect(await store().securityInfo.findMethod(deskUser.tenantId, deskUser.userId, deskMethod)).toBeDefined();
    const privileged = await signedInAs(ctx, ['Privileged Authentication Administrator']);
    expect(
      (await api('DELETE', `${deskUser.upn}/authentication-methods/${deskMethod}`, privileged.cookie)).statusCode,
    ).toBe(204);
    // The removed address hears of it, as when the user deletes it themselves.
    expect((await sentMessages(app(), { recipient: 'own.address@example.org' })).length).toBe(1);
  });

  it('requires re-registration: own methods go, admin data stays, and the user must register at sign-in', async () => {
    const authAdmin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain, { alternateEmail: 'kept.by.admin@example.net' });
    await addEmailMethod(user, 'mine@example.org');
    const stored = async () => (await store().users.findById(user.tenantId, user.userId))!;
    expect((await app().services.securityInfo.registrationStatus(await stored())).needsRegistration).toBe(false);

    ctx.world.clock.advance(60);
    const required = await api('POST', `${user.upn}/require-reregistration`, authAdmin.cookie);
    expect(required.statusCode, required.body).toBe(200);
    expect(required.json().removedMethods.map((m: { type: string }) => m.type)).toEqual(['alternateEmail']);
    expect(await store().securityInfo.listMethods(user.tenantId, user.userId)).toEqual([]);
    expect((await stored()).alternateEmail).toBe('kept.by.admin@example.net');
    // The administrator's data would satisfy the policy: the requirement sends the user to register all the same.
    const status = await app().services.securityInfo.registrationStatus(await stored());
    expect(status).toMatchObject({ registeredCount: 1, needsRegistration: true });
    const listed = (await api('GET', `${user.upn}/authentication-methods`, authAdmin.cookie)).json();
    expect(listed.reregistrationRequiredAt).toBe(required.json().requiredAt);
    const events = await activities(user.tenantId);
    expect(events).toContain('Admin required re-registration of security info');
    expect((await sentMessages(app(), { recipient: user.upn.toLowerCase() })).map((m) => m.subject)).toContain(
      translate('en', 'helpdeskActions.reregister.notice.subject', { tenant: 'Contoso' }),
    );

    // Registering something after the requirement ends it.
    ctx.world.clock.advance(60);
    await addEmailMethod(user, 'new.mine@example.org');
    expect((await app().services.securityInfo.registrationStatus(await stored())).needsRegistration).toBe(false);
  });

  it('texts the requirement to the mobile numbers it removes (checklist §11 row 16)', async () => {
    const authAdmin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain);
    await aVerifiedContact(app(), user, 'mobilePhone', '+31612347001', ctx.world.clock.now().toISOString());
    expect((await api('POST', `${user.upn}/require-reregistration`, authAdmin.cookie)).statusCode).toBe(200);
    const [text] = await sentMessages(app(), { recipient: '+31612347001' });
    expect(text?.bodyText).toContain(`an administrator asked ${user.upn} to register security info again`);
  });

  it('shows the console actions by role and refuses a post the role does not allow', async () => {
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    const authAdmin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain);
    const methodId = await addEmailMethod(user, 'console.case@example.org');
    await lock(user);
    const get = (url: string, cookie: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } });
    const post = async (url: string, cookie: string) => {
      const form = await formContext(ctx.server, '/account', cookie);
      return ctx.server.inject({
        method: 'POST',
        url,
        headers: { cookie: form.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: form.token }).toString(),
      });
    };
    const userPage = `/admin/users/${user.userId}`;

    const page = await get(userPage, helpdesk.cookie);
    expect(page.body).toContain(`action="${userPage}/unlock"`);
    expect(page.body).not.toContain('/delete"');
    expect(page.body).not.toContain('/require-reregistration"');
    const refused = await post(`${userPage}/authentication-methods/${methodId}/delete`, helpdesk.cookie);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`${userPage}?error=FORBIDDEN`);
    expect((await get(refused.headers.location as string, helpdesk.cookie)).body).toContain(
      en('admin.error.FORBIDDEN'),
    );
    expect((await get(`${userPage}/require-reregistration`, helpdesk.cookie)).statusCode).toBe(403);
    // A refusal without a sentence of its own is still worded, never shown as its code.
    const unworded = (await get(`${userPage}?error=SOMETHING_NEW`, helpdesk.cookie)).body;
    expect(unworded).toContain(en('helpdeskActions.error.other'));
    expect(unworded).not.toContain('SOMETHING_NEW</');

    const unlocked = await post(`${userPage}/unlock`, helpdesk.cookie);
    expect(unlocked.headers.location).toBe(`${userPage}?done=unlocked`);
    const after = await get(unlocked.headers.location as string, helpdesk.cookie);
    expect(after.body).toContain(en('helpdeskActions.done.unlocked', { upn: user.upn }));
    expect(after.body).toContain(en('helpdeskActions.lockout.notLocked'));
    expect(after.body).not.toContain(`action="${userPage}/unlock"`);

    const confirm = await get(`${userPage}/authentication-methods/${methodId}/delete`, authAdmin.cookie);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`action="${userPage}/authentication-methods/${methodId}/delete"`);
    const deleted = await post(`${userPage}/authentication-methods/${methodId}/delete`, authAdmin.cookie);
    expect(deleted.headers.location).toBe(`${userPage}?done=methodDeleted`);
    const reregistered = await post(`${userPage}/require-reregistration`, authAdmin.cookie);
    expect(reregistered.headers.location).toBe(`${userPage}?done=reregistrationRequired`);
    expect((await get(`${userPage}?done=reregistrationRequired`, authAdmin.cookie)).body).toContain(
      en('helpdeskActions.done.reregistrationRequired', { upn: user.upn }),
    );
  });
});
