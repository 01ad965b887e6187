/**
 * Passkey sign-in behind smart lockout (issue 17), on both dialects: failed assertions made with a user's own
 * passkey count as wrong passwords do (the same response twice counts once), ten lock the account and audit it; a
 * locked user's working passkey is refused with ACCOUNT_LOCKED and the time left, and signs in once the lock ends,
 * clearing the count; a credential that is nobody's, or a user handle naming nobody, is refused alike and counts
 * nothing; every outcome for a known user is in the sign-in log.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { methodsApi } from '../../support/security-info.js';
import { softwareAuthenticator } from '../../support/software-authenticator.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_SIGNIN_RATE_LIMIT: '100000' };
const origin = 'http://127.0.0.1:3000';
const admin = { type: 'cli' as const, id: null, upn: null };
type Options = { challenge: string; rp: { id: string }; user: { id: string }; rpId: string };

describe.each(testDialects())('passkey sign-in and smart lockout (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const server = (): FastifyInstance => ctx.server;
  const post = (url: string, payload: object, cookie?: string) => {
    ctx.world.clock.advance(1);
    return server().inject({ method: 'POST', url, payload, ...(cookie && { headers: { cookie } }) });
  };
  const signInOptions = async () => (await post('/api/v1/session/passkey/options', {})).json<Options>();
  const signIn = (response: unknown) => post('/api/v1/session/passkey', { response });

  const aHolder = async () => {
    const tenant: Tenant = await aTenant(app(), { name: 'Fabrikam' });
    const policy = await app().services.ssprPolicy.policyOf(tenant.tenantId);
    await app().services.ssprPolicy.update(tenant.tenantId, { methods: [...policy.methods, 'passkey'] }, admin);
    const user = await aResetUser(app(), tenant);
    const cookie = await sessionCookie(server(), user.upn, aPassword);
    const device = softwareAuthenticator(origin);
    const options = (await post('/api/v1/me/passkeys/options', {}, cookie)).json<Options>();
    const added = await methodsApi(server(), cookie, ctx.world.clock).add({
      type: 'passkey',
      response: device.create(options).response,
    });
    expect(added.statusCode, added.body).toBe(201);
    return { tenant, user, device };
  };
  const failedCount = async (tenantId: string, userId: string) =>
    (await app().store.lockouts.get(tenantId, userId))?.failedCount ?? 0;
  const problem = (body: Record<string, unknown>) => {
    const { instance: _instance, ...rest } = body;
    return rest;
  };

  it('counts failed assertions of the user’s own passkey, locks at ten, and lets the passkey in after the lock', async () => {
    const { tenant, user, device } = await aHolder();
    // One sign-in that works first, so that the counter has moved and can be sent backwards.
    expect((await signIn(device.get(await signInOptions()))).statusCode).toBe(200);
    // A response to a challenge of nobody's, sent twice: one attempt.
    const forged = device.get({ ...(await signInOptions()), challenge: 'bm90LWlzc3VlZA' });
    for (const _ of [1, 2]) expect((await signIn(forged)).json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    expect(await failedCount(tenant.tenantId, user.userId)).toBe(1);
    // Nine more, each wrong in its own way (another origin; a counter gone back), lock the account.
    for (let i = 0; i < 9; i += 1) {
      const tamper = i % 2 === 0 ? { origin: 'https://sspr.evil.example' } : { counter: 1 };
      const refused = await signIn(device.get(await signInOptions(), tamper));
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'PASSKEY_INVALID' });
    }
    const state = await app().store.lockouts.get(tenant.tenantId, user.userId);
    expect(state?.lockedUntil).toBeTruthy();
    const audit = await app().store.audit.list(tenant.tenantId, { activity: 'User locked out (smart lockout)' });
    expect(audit.some((e) => e.target?.id === user.userId)).toBe(true);

    // Locked: the working passkey is refused with the time left, and no session.
    const locked = await signIn(device.get(await signInOptions()));
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(locked.json<{ retryAfterSeconds: number }>().retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.headers['set-cookie']).toBeUndefined();
    // So is the password, for the same lock.
    const password = await post('/api/v1/session', { username: user.upn, password: aPassword });
    expect(password.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });

    ctx.world.clock.advance(61);
    const after = await signIn(device.get(await signInOptions()));
    expect(after.statusCode, after.body).toBe(200);
    expect(await failedCount(tenant.tenantId, user.userId)).toBe(0);

    const log = await app().store.signIns.page(tenant.tenantId, { user: user.upn }, { top: 50, skip: 0 });
    const reasons = log.map((e) => e.failureReason ?? 'success');
    expect(reasons[0]).toBe('success');
    expect(reasons).toContain('ACCOUNT_LOCKED');
    expect(reasons.filter((r) => r === 'PASSKEY_INVALID').length).toBeGreaterThanOrEqual(10);
    expect(log.find((e) => e.failureReason === 'PASSKEY_INVALID')).toMatchObject({
      result: 'failure',
      errorCode: 50126,
    });
  });

  it('refuses a credential that is nobody’s, or a user handle naming nobody, as a known one; counts nothing', async () => {
    const { tenant, user, device } = await aHolder();
    const known = await signIn(device.get(await signInOptions(), { origin: 'https://sspr.evil.example' }));
    expect(await failedCount(tenant.tenantId, user.userId)).toBe(1);
    // A key the server never saw, claiming to be this user.
    const stranger = softwareAuthenticator(origin);
    stranger.create({ challenge: 'eA', rp: { id: '127.0.0.1' }, user: { id: device.credentials[0]!.userHandle } });
    const unknownKey = await signIn(stranger.get(await signInOptions()));
    // A key naming a user who does not exist (same shape of handle).
    const nobody = softwareAuthenticator(origin);
    nobody.create({ challenge: 'eA', rp: { id: '127.0.0.1' }, user: { id: 'ab'.repeat(32) } });
    const unknownUser = await signIn(nobody.get(await signInOptions()));
    for (const refused of [unknownKey, unknownUser]) {
      expect(refused.statusCode).toBe(known.statusCode);
      expect(problem(refused.json())).toEqual(problem(known.json()));
    }
    expect(await failedCount(tenant.tenantId, user.userId)).toBe(1);
    const log = await app().store.signIns.page(
      tenant.tenantId,
      { user: user.upn, result: 'failure' },
      { top: 50, skip: 0 },
    );
    expect(log.map((e) => e.failureReason)).toEqual(['PASSKEY_INVALID']);
  });
});
