import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

describe.each(testDialects())('security info API (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });
  const signedIn = async (overrides: { roles?: string[]; alternateEmail?: string } = {}) => {
    const user = await aUser(ctx.world.app, ctx.domain, overrides);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    return { user, cookie, api: methodsApi(ctx.server, cookie, ctx.world.clock) };
  };
  const activities = async (tenantId: string) =>
    (await ctx.world.app.store.audit.list(tenantId, { limit: 200 })).map((e) => `${e.activity}:${e.result}`);

  it('interrupts sign-in until a method is registered; an email code verifies it once', async () => {
    const { user, api } = await signedIn();
    const first = await signInApi(ctx.server, user.upn, aPassword);
    expect(first.json().registration).toEqual({ needsRegistration: true, needsReconfirmation: false });

    const added = await api.add({ type: 'alternateEmail', address: 'Adele@Hotmail.test' });
    expect(added.statusCode).toBe(201);
    expect(added.json().method).toMatchObject({
      type: 'alternateEmail',
      display: 'A***@h***.test',
      status: 'pending',
      source: 'user',
    });
    const [mail] = await sentMessages(ctx.world.app, { recipient: 'Adele@hotmail.test', limit: 1 });
    expect(mail?.subject).toBe('Contoso account email verification code');
    const code = await lastCodeTo(ctx.world.app, 'Adele@hotmail.test');
    const id = added.json().method.id as string;

    const wrong = await api.verify(id, code === '00000000' ? '11111111' : '00000000');
    expect(wrong.json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 });
    expect((await api.verify(id, code)).json().method).toMatchObject({ status: 'verified' });
    // Used once: the same code cannot verify again (the entry is verified; no step-up code was sent).
    expect((await api.verify(id, code)).json().code).toBe('CODE_EXPIRED');

    const list = (await api.list()).json();
    expect(list.registration).toMatchObject({
      inScope: true,
      methodsRequired: 1,
      registeredCount: 1,
      needsRegistration: false,
    });
    expect(list.allowedTypes).toEqual(expect.arrayContaining(['alternateEmail', 'mobilePhone', 'authenticatorApp']));
    expect((await signInApi(ctx.server, user.upn, aPassword)).json().registration.needsRegistration).toBe(false);
    expect(await activities(user.tenantId)).toEqual(
      expect.arrayContaining([
        'User registered security info:success',
        'Security info saved for self-service password reset:success',
        'User registered for self-service password reset:success',
        'User registered all required security info:success',
      ]),
    );
  });

  it('expires codes after 5 minutes and locks a code after 5 wrong attempts', async () => {
    const { api } = await signedIn();
    const id = (await api.add({ type: 'alternateEmail', address: 'expiry@fabrikam.test' })).json().method.id as string;
    // Read as it arrives (a message still queued when its code expires is never sent), typed too late.
    const expiring = await lastCodeTo(ctx.world.app, 'expiry@fabrikam.test');
    ctx.world.clock.advance(5 * 60);
    expect((await api.verify(id, expiring)).json().code).toBe('CODE_EXPIRED');

    const { api: other } = await signedIn();
    const id2 = (await other.add({ type: 'alternateEmail', address: 'attempts@fabrikam.test' })).json().method
      .id as string;
    const code = await lastCodeTo(ctx.world.app, 'attempts@fabrikam.test');
    const wrong = code === '12345678' ? '87654321' : '12345678';
    for (let i = 4; i >= 0; i -= 1)
      expect((await other.verify(id2, wrong)).json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: i });
    const locked = await other.verify(id2, code);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('TOO_MANY_ATTEMPTS');
    // A new code starts afresh.
    expect((await other.resend(id2)).statusCode).toBe(200);
    expect((await other.verify(id2, await lastCodeTo(ctx.world.app, 'attempts@fabrikam.test'))).statusCode).toBe(200);
  });

  it('lets exactly one of 30 concurrent verifications succeed', async () => {
    const { api } = await signedIn();
    const id = (await api.add({ type: 'alternateEmail', address: 'race@fabrikam.test' })).json().method.id as string;
    const code = await lastCodeTo(ctx.world.app, 'race@fabrikam.test');
    const answers = await Promise.all(Array.from({ length: 30 }, () => api.verify(id, code)));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(
      answers.every((a) => a.statusCode === 200 || ['CODE_EXPIRED', 'TOO_MANY_ATTEMPTS'].includes(a.json().code)),
    ).toBe(true);
  });

  it('asks for step-up after 10 minutes: the password, or a code from a verified method', async () => {
    const { api } = await signedIn();
    const id = (await api.add({ type: 'alternateEmail', address: 'stepup@fabrikam.test' })).json().method.id as string;
    await api.verify(id, await lastCodeTo(ctx.world.app, 'stepup@fabrikam.test'));
    ctx.world.clock.advance(10 * 60 + 1);
    const refused = await api.add({ type: 'mobilePhone', number: '+31 612345670' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('STEP_UP_REQUIRED');
    expect((await api.remove(id)).json().code).toBe('STEP_UP_REQUIRED');
    expect((await api.stepUp('wrong-password')).json().code).toBe('INVALID_CURRENT_PASSWORD');
    expect((await api.stepUp(aPassword)).statusCode).toBe(204);
    expect((await api.add({ type: 'mobilePhone', number: '+31 612345670' })).statusCode).toBe(201);

    ctx.world.clock.advance(10 * 60 + 1);
    expect((await api.resend(id)).statusCode).toBe(200);
    const [mail] = await sentMessages(ctx.world.app, { recipient: 'stepup@fabrikam.test', limit: 1 });
    expect(mail?.subject).toBe('Contoso account security code');
    expect((await api.verify(id, await lastCodeTo(ctx.world.app, 'stepup@fabrikam.test'))).statusCode).toBe(200);
    expect((await api.remove(id)).statusCode).toBe(204);
    // The removed address hears of it.
    const [notice] = await sentMessages(ctx.world.app, { recipient: 'stepup@fabrikam.test', limit: 1 });
    expect(notice?.subject).toBe('Contoso account security info changed');
  });

  it('takes Dutch numbers with a space, refuses other countries, caps phones at 2 and notifies a replaced email', async () => {
    const { user, api } = await signedIn();
    const phone = await api.add({ type: 'mobilePhone', number: '+31 612345678' });
    expect(phone.json().method).toMatchObject({ type: 'mobilePhone', display: '+31 6******78', status: 'pending' });
    await api.verify(phone.json().method.id, await lastCodeTo(ctx.world.app, '+31612345678'));
    expect((await api.add({ type: 'mobilePhone', number: '+1 425 555 0123' })).json().code).toBe(
      'PHONE_COUNTRY_NOT_ALLOWED',
    );
    expect((await api.add({ type: 'mobilePhone', number: 'call me' })).json().code).toBe('PHONE_INVALID');
    expect((await api.add({ type: 'mobilePhone', number: '+31 612345678' })).json().code).toBe('METHOD_LIMIT_REACHED');
    const second = (await api.add({ type: 'mobilePhone', number: '+31 612345679' })).json().method.id as string;
    await api.verify(second, await lastCodeTo(ctx.world.app, '+31612345679'));
    expect((await api.add({ type: 'mobilePhone', number: '+31 612345677' })).json().code).toBe('METHOD_LIMIT_REACHED');

    const a = (await api.add({ type: 'alternateEmail', address: 'old@fabrikam.test' })).json().method.id as string;
    await api.verify(a, await lastCodeTo(ctx.world.app, 'old@fabrikam.test'));
    const b = (await api.add({ type: 'alternateEmail', address: 'new@fabrikam.test' })).json().method.id as string;
    await api.verify(b, await lastCodeTo(ctx.world.app, 'new@fabrikam.test'));
    const emails = (await api.list()).json().methods.filter((m: { type: string }) => m.type === 'alternateEmail');
    expect(emails).toEqual([expect.objectContaining({ id: b, display: 'n***@f***.test' })]);
    const [notice] = await sentMessages(ctx.world.app, { recipient: 'old@fabrikam.test', limit: 1 });
    expect(notice?.bodyText).toContain('is no longer used');
    expect(await activities(user.tenantId)).toContain('User updated security info:success');
  });

  it('registers an authenticator app with a first TOTP code and refuses a replayed code', async () => {
    const { user, api } = await signedIn();
    const added = await api.add({ type: 'authenticatorApp', label: 'Phone' });
    const { method, secret, otpauthUri, qrSvg } = added.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Contoso:.*secret=/);
    expect(qrSvg).toMatch(/^<svg/);
    const epoch = Math.floor(ctx.world.clock.now().getTime() / 1000);
    const code = await generate({ secret, epoch });
    expect((await api.verify(method.id, code)).json().method).toMatchObject({ status: 'verified', display: 'Phone' });
    expect((await api.list()).json().methods.find((m: { id: string }) => m.id === method.id)).not.toHaveProperty(
      'secret',
    );
    // Step-up with the same code is a replay.
    expect((await api.verify(method.id, code)).json().code).toBe('CODE_INVALID');
    ctx.world.clock.advance(30);
    expect((await api.verify(method.id, await generate({ secret, epoch: epoch + 30 }))).statusCode).toBe(200);
    // The secret is stored sealed, never as typed into the app.
    const stored = await ctx.world.app.store.securityInfo.findMethod(user.tenantId, user.userId, method.id);
    expect(stored?.sealedSecret).toMatch(/^v1\./);
    expect(stored?.sealedSecret).not.toContain(secret);
    expect(stored?.lastTotpStep).toBe(Math.floor((epoch + 30) / 30));
  });

  it('caps the codes sent for one user per day, whatever numbers they type (SMS pumping)', async () => {
    const { api } = await signedIn();
    // Each number gets one code, far below its own cap, each in its own block (below the block's hourly cap): only
    // the user's total can stop this.
    for (let i = 0; i < 20; i += 1) {
      expect((await api.add({ type: 'mobilePhone', number: `+31 6${100 + i}45678` })).statusCode).toBe(201);
    }
    const refused = await api.add({ type: 'mobilePhone', number: '+31 612345099' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('SEND_LIMIT_REACHED');
    expect(await sentMessages(ctx.world.app, { recipient: '+31612345099', limit: 1 })).toEqual([]);
    // Another user of the tenant is not held back by it.
    const { api: other } = await signedIn();
    expect((await other.add({ type: 'mobilePhone', number: '+31 612345098' })).statusCode).toBe(201);
  });

  it('sends no code to a premium-rate number, even in an allowed country', async () => {
    const { api } = await signedIn();
    const refused = await api.add({ type: 'mobilePhone', number: '+31 900 1234567' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('PHONE_TYPE_NOT_ALLOWED');
    expect(await sentMessages(ctx.world.app, { recipient: '+319001234567', limit: 1 })).toEqual([]);
  });

  it('lets an authenticator app step up again once its attempt window has passed', async () => {
    const { api } = await signedIn();
    const { method, secret } = (await api.add({ type: 'authenticatorApp', label: 'Phone' })).json();
    const epoch = () => Math.floor(ctx.world.clock.now().getTime() / 1000);
    expect((await api.verify(method.id, await generate({ secret, epoch: epoch() }))).statusCode).toBe(200);
    ctx.world.clock.advance(60);
    const right = await generate({ secret, epoch: epoch() });
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) expect((await api.verify(method.id, wrong)).json().code).toBe('CODE_INVALID');
    expect((await api.verify(method.id, right)).json().code).toBe('TOO_MANY_ATTEMPTS');
    // Five guesses per five minutes, not five for ever.
    ctx.world.clock.advance(5 * 60);
    expect((await api.verify(method.id, await generate({ secret, epoch: epoch() }))).statusCode).toBe(200);
  });

  it("keeps admin-set data usable and out of the user's hands; office phone is never self-registered", async () => {
    const user = await ctx.world.app.services.users.createUser({
      upn: `prepop@${ctx.domain}`,
      password: aPassword,
      givenName: 'Pre',
      surname: 'Pop',
      roles: [],
      mobilePhone: '+31 612345600',
      officePhone: '+31 201234567',
    });
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    const list = (await api.list()).json();
    expect(list.methods).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'admin-mobilePhone',
          display: '+31 6******00',
          source: 'admin',
          status: 'verified',
        }),
        expect.objectContaining({ id: 'admin-officePhone', source: 'admin', status: 'verified' }),
      ]),
    );
    expect(list.registration.needsRegistration).toBe(false);
    expect(list.allowedTypes).not.toContain('officePhone');
    expect((await api.add({ type: 'officePhone', number: '+31 201234567' })).json().code).toBe('VALIDATION_FAILED');
    expect((await api.remove('admin-officePhone')).json().code).toBe('METHOD_TYPE_NOT_ALLOWED');
    expect((await api.remove('no-such-method')).json().code).toBe('METHOD_NOT_FOUND');
    expect((await api.verify('no-such-method', '12345678')).statusCode).toBe(404);
    // Step-up codes go to the stored number only.
    expect((await api.resend('admin-mobilePhone')).statusCode).toBe(200);
    expect((await api.verify('admin-mobilePhone', await lastCodeTo(ctx.world.app, '+31612345600'))).statusCode).toBe(
      200,
    );
  });

  it('voids a step-up code sent to admin-set data once an administrator changes that data', async () => {
    const user = await ctx.world.app.services.users.createUser({
      upn: `moved@${ctx.domain}`,
      password: aPassword,
      givenName: 'Mo',
      surname: 'Ved',
      roles: [],
      mobilePhone: '+31 612345601',
    });
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    expect((await api.resend('admin-mobilePhone')).statusCode).toBe(200);
    const codeToOldPhone = await lastCodeTo(ctx.world.app, '+31612345601');
    // The old phone was lost: an administrator puts the new number on the user.
    const admin = await aUser(ctx.world.app, ctx.domain, { roles: ['GlobalAdministrator'] });
    const adminCookie = await sessionCookie(ctx.server, admin.upn, aPassword);
    const patched = await ctx.server.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${encodeURIComponent(user.upn)}`,
      headers: { cookie: adminCookie },
      payload: { mobilePhone: '+31 612345602' },
    });
    expect(patched.statusCode).toBe(200);
    expect((await api.verify('admin-mobilePhone', codeToOldPhone)).json().code).toBe('CODE_EXPIRED');
    // The new number works as usual.
    expect((await api.resend('admin-mobilePhone')).statusCode).toBe(200);
    expect((await api.verify('admin-mobilePhone', await lastCodeTo(ctx.world.app, '+31612345602'))).statusCode).toBe(
      200,
    );
  });

  it('asks for reconfirmation after the policy\'s interval; "Looks good" resets it', async () => {
    const { user, api } = await signedIn({ alternateEmail: 'recon@fabrikam.test' });
    expect((await api.list()).json().registration).toMatchObject({
      needsRegistration: false,
      needsReconfirmation: false,
    });
    ctx.world.clock.advance(181 * 24 * 3600);
    expect((await signInApi(ctx.server, user.upn, aPassword)).json().registration).toEqual({
      needsRegistration: false,
      needsReconfirmation: true,
    });
    const fresh = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    expect((await fresh.call('POST', '/security-info/confirm')).statusCode).toBe(204);
    expect((await fresh.list()).json().registration.needsReconfirmation).toBe(false);
  });
});
