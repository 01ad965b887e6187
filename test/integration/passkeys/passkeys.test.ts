/**
 * Passkeys (issue 17 item 1) through the HTTP API on both dialects, with a software authenticator that signs for
 * real: the tenant switch (off by default), registration after a fresh sign-in or step-up, sign-in without a
 * password, the reset gate as the strong one, deletion, and every bad input — a replayed response, another origin,
 * another challenge, a counter that went backwards, someone else's credential — refused with PASSKEY_INVALID; a
 * decoy's passkey gate fails as a real user's does with a foreign passkey.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { cookiePair, sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { softwareAuthenticator } from '../../support/software-authenticator.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const origin = 'http://127.0.0.1:3000';
const admin = { type: 'cli' as const, id: null, upn: null };
type Options = { challenge: string; rp: { id: string }; user: { id: string }; rpId: string };
type Method = { id: string; type: string; display: string; passed: boolean };

describe.each(testDialects())('passkeys (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const server = (): FastifyInstance => ctx.server;
  const post = (url: string, payload: object, cookie?: string) => {
    ctx.world.clock.advance(1);
    return server().inject({ method: 'POST', url, payload, ...(cookie && { headers: { cookie } }) });
  };
  const switchOn = async (tenant: Tenant) => {
    const policy = await app().services.ssprPolicy.policyOf(tenant.tenantId);
    await app().services.ssprPolicy.update(tenant.tenantId, { methods: [...policy.methods, 'passkey'] }, admin);
  };
  const passkeyTenant = async (): Promise<Tenant> => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    await switchOn(tenant);
    return tenant;
  };

  /** A user of the tenant holding an alternate email and one passkey (registered through the API). */
  const aPasskeyHolder = async (tenant: Tenant) => {
    const user = await aResetUser(app(), tenant);
    const cookie = await sessionCookie(server(), user.upn, aPassword);
    const device = softwareAuthenticator(origin);
    const options = (await post('/api/v1/me/passkeys/options', {}, cookie)).json<Options>();
    const { response } = device.create(options);
    const added = await methodsApi(server(), cookie, ctx.world.clock).add({
      type: 'passkey',
      label: 'Laptop',
      response,
    });
    expect(added.statusCode, added.body).toBe(201);
    return { user, cookie, device, methodId: added.json<{ method: { id: string } }>().method.id };
  };

  const signInOptions = async () => (await post('/api/v1/session/passkey/options', {})).json<Options>();
  type Challenged = { challenge: { ceremony: Options } };

  it('is off until the administrator ticks it; then registers after a fresh sign-in, once per challenge', async () => {
    const tenant = await aTenant(app(), { name: 'Northwind' });
    expect((await app().services.ssprPolicy.policyOf(tenant.tenantId)).methods).not.toContain('passkey');
    const user = await aResetUser(app(), tenant);
    const cookie = await sessionCookie(server(), user.upn, aPassword);
    const refused = await post('/api/v1/me/passkeys/options', {}, cookie);
    expect(refused.json()).toMatchObject({ code: 'METHOD_TYPE_NOT_ALLOWED' });

    await switchOn(tenant);
    const options = (await post('/api/v1/me/passkeys/options', {}, cookie)).json<Options & Record<string, unknown>>();
    expect(options).toMatchObject({
      rp: { id: '127.0.0.1' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const device = softwareAuthenticator(origin, { backedUp: true });
    const { response, credential } = device.create(options);
    const api = methodsApi(server(), cookie, ctx.world.clock);
    const added = await api.add({ type: 'passkey', label: 'Phone', response });
    expect(added.json()).toMatchObject({ method: { type: 'passkey', display: 'Phone', status: 'verified' } });
    const stored = await app().store.passkeys.find(tenant.tenantId, credential.id);
    expect(stored).toMatchObject({ userId: user.userId, signCount: 0, backupEligible: true, backupState: true });
    expect(stored?.transports).toEqual(['internal']);

    // The same attestation again: its challenge was consumed.
    expect((await api.add({ type: 'passkey', response })).json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    // Ten minutes after the sign-in a change of security info needs a step-up first.
    ctx.world.clock.advance(11 * 60);
    expect((await post('/api/v1/me/passkeys/options', {}, cookie)).json()).toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });

  it('refuses an attestation for another origin or without a challenge of ours', async () => {
    const tenant = await passkeyTenant();
    const user = await aResetUser(app(), tenant);
    const cookie = await sessionCookie(server(), user.upn, aPassword);
    const api = methodsApi(server(), cookie, ctx.world.clock);
    const options = (await post('/api/v1/me/passkeys/options', {}, cookie)).json<Options>();
    const foreign = softwareAuthenticator('https://sspr.evil.example').create(options).response;
    expect((await api.add({ type: 'passkey', response: foreign })).json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    const made = softwareAuthenticator(origin).create({ ...options, challenge: 'bm90LW91ci1jaGFsbGVuZ2U' }).response;
    expect((await api.add({ type: 'passkey', response: made })).json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    expect((await app().store.passkeys.listForUser(tenant.tenantId, user.userId)).length).toBe(0);
  });

  it('signs in without a password; refuses replays, other origins, other challenges, counters going back', async () => {
    const tenant = await passkeyTenant();
    const { user, device } = await aPasskeyHolder(tenant);
    const first = device.get(await signInOptions());
    const signedIn = await post('/api/v1/session/passkey', { response: first });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json()).toEqual({ user: { upn: user.upn, displayName: user.displayName } });
    const cookie = cookiePair(signedIn, 'sspr_session')!;
    const me = await server().inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ upn: user.upn });
    // The password is untouched: it still signs in.
    await sessionCookie(server(), user.upn, aPassword);

    const refusals = [
      first,
      device.get(await signInOptions(), { origin: 'https://sspr.evil.example' }),
      device.get({ ...(await signInOptions()), challenge: 'c29tZS1vdGhlci1jaGFsbGVuZ2U' }),
      device.get(await signInOptions(), { counter: 1 }),
    ];
    for (const response of refusals) {
      const refused = await post('/api/v1/session/passkey', { response });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'PASSKEY_INVALID' });
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    // Someone else's key claiming to be this user.
    const stranger = softwareAuthenticator(origin);
    stranger.create({ challenge: 'eA', rp: { id: '127.0.0.1' }, user: { id: device.credentials[0]!.userHandle } });
    const foreign = await post('/api/v1/session/passkey', { response: stranger.get(await signInOptions()) });
    expect(foreign.json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    expect((await app().store.passkeys.find(tenant.tenantId, device.credentials[0]!.id))?.signCount).toBe(1);
  });

  it('is the strong reset gate: a holder passes it besides email; a decoy fails it as a foreign passkey does', async () => {
    const tenant = await passkeyTenant();
    const { user, device } = await aPasskeyHolder(tenant);
    const reset = resetApi(server(), ctx.world.clock);
    const flowId = await reset.flowOf(user.upn);
    const view = (await reset.intent(flowId, 'reset')).json<{ methods: Method[]; gatesRequired: number }>();
    // requireStrongMethod (the default): email alone is not enough for someone who holds a passkey.
    expect(view.gatesRequired).toBe(2);
    const passkey = view.methods.find((m) => m.type === 'passkey')!;
    expect(passkey.display).toBe('Laptop');
    const email = view.methods.find((m) => m.type === 'email')!;
    await reset.challenge(flowId, { methodId: email.id });
    await reset.verify(flowId, { methodId: email.id, code: await lastCodeTo(app(), user.alternateEmail!) });

    const ceremony = (await reset.challenge(flowId, { methodId: passkey.id })).json<Challenged>().challenge.ceremony;
    expect(ceremony).toMatchObject({ rpId: '127.0.0.1', userVerification: 'required' });
    expect((ceremony as { allowCredentials?: unknown[] }).allowCredentials ?? []).toEqual([]);

    // Another challenge: refused, and each try gets a fresh challenge, so the first one is gone too.
    const wrong = await reset.verify(flowId, {
      methodId: passkey.id,
      response: device.get({ ...ceremony, challenge: 'b3RoZXI' }),
    });
    expect(wrong.json()).toMatchObject({ code: 'PASSKEY_INVALID', attemptsLeft: 4 });
    const fresh = (await reset.view(flowId)).json<Challenged>().challenge.ceremony;
    expect(fresh.challenge).not.toBe(ceremony.challenge);
    const stale = await reset.verify(flowId, { methodId: passkey.id, response: device.get(ceremony) });
    expect(stale.json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    const next = (await reset.view(flowId)).json<Challenged>().challenge.ceremony;
    const foreign = await reset.verify(flowId, {
      methodId: passkey.id,
      response: device.get(next, { origin: 'https://sspr.evil.example' }),
    });
    expect(foreign.json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    const last = (await reset.view(flowId)).json<Challenged>().challenge.ceremony;
    const passed = await reset.verify(flowId, { methodId: passkey.id, response: device.get(last) });
    expect(passed.json()).toMatchObject({ gatesPassed: 2, canSetPassword: true });
    // The same assertion again: the gate is passed and its challenge went with it.
    const again = await reset.verify(flowId, { methodId: passkey.id, response: device.get(last) });
    expect(again.statusCode).not.toBe(200);

    // A decoy for an unknown user ID of this tenant (every real user here holds a passkey, so its decoy does too).
    ctx.world.clock.advance(11 * 60);
    const decoyFlow = await reset.flowOf(`nobody.here@${tenant.domains[0]}`);
    const decoyView = (await reset.intent(decoyFlow, 'reset')).json<{ methods: Method[] }>();
    const decoyPasskey = decoyView.methods.find((m) => m.type === 'passkey')!;
    expect(decoyPasskey.display).toBe('Passkey');
    const decoyCeremony = (await reset.challenge(decoyFlow, { methodId: decoyPasskey.id })).json<Challenged>().challenge
      .ceremony;
    const decoyTry = await reset.verify(decoyFlow, { methodId: decoyPasskey.id, response: device.get(decoyCeremony) });

    // A real user with a passkey that is not theirs.
    const other = await aPasskeyHolder(tenant);
    const otherFlow = await reset.flowOf(other.user.upn);
    const otherView = (await reset.intent(otherFlow, 'reset')).json<{ methods: Method[] }>();
    const otherPasskey = otherView.methods.find((m) => m.type === 'passkey')!;
    const otherCeremony = (await reset.challenge(otherFlow, { methodId: otherPasskey.id })).json<Challenged>().challenge
      .ceremony;
    const realTry = await reset.verify(otherFlow, { methodId: otherPasskey.id, response: device.get(otherCeremony) });
    expect(decoyTry.statusCode).toBe(realTry.statusCode);
    const { instance: _a, ...decoyBody } = decoyTry.json<Record<string, unknown>>();
    const { instance: _b, ...realBody } = realTry.json<Record<string, unknown>>();
    expect(decoyBody).toEqual(realBody);
    expect(realBody).toMatchObject({ code: 'PASSKEY_INVALID' });
  });

  it('keeps credentials per tenant: deleting the passkey deletes its credential; a use moves the counter once', async () => {
    const tenant = await passkeyTenant();
    const { user, cookie, device, methodId } = await aPasskeyHolder(tenant);
    const credentialId = device.credentials[0]!.id;
    const other = await aTenant(app(), { name: 'Tailspin' });
    expect(await app().store.passkeys.find(other.tenantId, credentialId)).toBeUndefined();
    // Compare-and-set on the counter: of two writes expecting 0, one wins.
    const use = { signCount: 5, backupState: false, usedAt: new Date(0).toISOString() };
    expect(await app().store.passkeys.recordUse(tenant.tenantId, credentialId, 0, use)).toBe(true);
    expect(await app().store.passkeys.recordUse(tenant.tenantId, credentialId, 0, use)).toBe(false);
    // A challenge is consumed once, for its purpose, subject and tenant only, and not after it expired.
    const challenge = { tenantId: tenant.tenantId, challengeHash: 'h1', purpose: 'register' as const, subject: 'u' };
    await app().store.passkeys.putChallenge({ ...challenge, expiresAt: '2999-01-01T00:00:00.000Z' });
    const now = '2026-01-01T00:00:00.000Z';
    expect(await app().store.passkeys.consumeChallenge(tenant.tenantId, 'h1', 'signin', 'u', now)).toBe(false);
    expect(await app().store.passkeys.consumeChallenge(other.tenantId, 'h1', 'register', 'u', now)).toBe(false);
    expect(await app().store.passkeys.consumeChallenge(tenant.tenantId, 'h1', 'register', 'u', '3000-01-01')).toBe(
      false,
    );
    expect(await app().store.passkeys.consumeChallenge(tenant.tenantId, 'h1', 'register', 'u', now)).toBe(true);
    expect(await app().store.passkeys.consumeChallenge(tenant.tenantId, 'h1', 'register', 'u', now)).toBe(false);

    const api = methodsApi(server(), cookie, ctx.world.clock);
    expect((await api.remove(methodId)).statusCode).toBe(204);
    expect(await app().store.passkeys.find(tenant.tenantId, credentialId)).toBeUndefined();
    const gone = await post('/api/v1/session/passkey', { response: device.get(await signInOptions()) });
    expect(gone.json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    expect((await app().store.passkeys.listForUser(tenant.tenantId, user.userId)).length).toBe(0);
  });
});
