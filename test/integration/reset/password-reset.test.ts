/**
 * Self-service password reset through the JSON API (issue 6), on both dialects: one and two gates,
 * the finish (password set, lockout cleared, sessions revoked, no sign-in, notifications), refusals.
 */
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const newPassword = 'Tulip-Canal-Bridge-88';

describe.each(testDialects())('password reset API (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;
  const tenant = async (): Promise<Tenant> => (await app().store.tenants.findByDomain(ctx.domain))!;

  it('resets a password with one gate (email): code, verify, new password; sessions revoked, no sign-in, user notified', async () => {
    const user = await aResetUser(app(), await tenant());
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const flowId = await api().flowOf(user.upn);
    expect(flowId).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const view = (await api().view(flowId)).json();
    expect(view).toMatchObject({
      status: 'active',
      intent: null,
      gatesRequired: 1,
      gatesPassed: 0,
      canSetPassword: false,
      // The policy allows unlock: offered to every account alike, locked or not.
      canUnlock: true,
      challenge: null,
      tenantName: 'Contoso',
      helpdesk: { kind: 'notifyAdmins' },
    });
    const email = view.methods.find((m: { type: string }) => m.type === 'email');
    expect(email.display).toMatch(/^a\*\*\*@m\*\*\*\.example$/);

    expect((await api().challenge(flowId, { methodId: email.id })).json().code).toBe('INTENT_REQUIRED');
    expect((await api().intent(flowId, 'reset')).statusCode).toBe(200);
    const challenged = await api().challenge(flowId, { methodId: email.id });
    expect(challenged.statusCode).toBe(200);
    expect(challenged.json().challenge).toMatchObject({ methodId: email.id });
    const code = await lastCodeTo(app(), user.alternateEmail!);
    const [message] = await sentMessages(app(), { recipient: user.alternateEmail!, limit: 1 });
    expect(message?.subject).toBe('Contoso account email verification code');

    expect((await api().password(flowId, newPassword)).json().code).toBe('GATES_INCOMPLETE');
    const wrong = await api().verify(flowId, {
      methodId: email.id,
      code: code === '00000000' ? '11111111' : '00000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 });
    const verified = await api().verify(flowId, { methodId: email.id, code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ gatesPassed: 1, canSetPassword: true, challenge: null });
    expect(verified.json().passwordRules).toBeDefined();
    // The same code again: the gate is passed and the code used.
    expect((await api().verify(flowId, { methodId: email.id, code })).json().code).toBe('GATE_ALREADY_PASSED');

    const weak = await api().password(flowId, 'password');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_POLICY_VIOLATION');
    expect(weak.json().violations.length).toBeGreaterThan(0);
    const done = await api().password(flowId, newPassword);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ status: 'passwordReset' });
    expect(done.headers['set-cookie']).toBeUndefined();

    // A finished flow can do nothing more; the old session is gone; the new password works.
    expect((await api().view(flowId)).json().code).toBe('FLOW_INVALID');
    expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(401);
    expect((await signInApi(ctx.server, user.upn, newPassword)).statusCode).toBe(200);
    const notices = await sentMessages(app(), { recipient: user.upn });
    expect(notices.some((m) => m.subject === 'Your Contoso password has been reset')).toBe(true);
    expect(
      (await sentMessages(app(), { recipient: user.alternateEmail! })).some(
        (m) => m.subject === 'Your Contoso password has been reset',
      ),
    ).toBe(true);
  });
});
