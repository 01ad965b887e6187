/**
 * After a reset, nothing issued before it still works (checklist §11 row 15, ASVS 7.4.3), on both dialects: the
 * user's sessions end, and every other open flow — one waiting for its code, one with its gate already passed —
 * is gone, so a flow an attacker opened earlier cannot set a second password after the owner's reset.
 */
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
type Method = { id: string; type: string };

describe.each(testDialects())('a reset revokes what was issued before it (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const tenant = async (): Promise<Tenant> => (await app().store.tenants.findByDomain(ctx.domain))!;

  it('ends the sessions and every other open flow, passed gates and pending codes included', async () => {
    const user = await aResetUser(app(), await tenant());
    const session = await sessionCookie(ctx.server, user.upn, aPassword);
    /** A flow of this user with its email code sent; `pass` also passes the gate with it. */
    const openFlow = async (pass: boolean) => {
      const flowId = await api().flowOf(user.upn);
      const email = (await api().intent(flowId, 'reset')).json<{ methods: Method[] }>().methods[0]!;
      expect(email.type).toBe('email');
      await api().challenge(flowId, { methodId: email.id });
      const code = await lastCodeTo(app(), user.alternateEmail!);
      if (pass) expect((await api().verify(flowId, { methodId: email.id, code })).statusCode).toBe(200);
      return { flowId, methodId: email.id, code };
    };
    const passed = await openFlow(true);
    const pending = await openFlow(false);
    const owner = await openFlow(true);
    expect((await api().password(owner.flowId, 'Tulip-Canal-Bridge-88')).json()).toEqual({ status: 'passwordReset' });

    expect((await ctx.server.inject({ url: '/api/v1/me', headers: { cookie: session } })).statusCode).toBe(401);
    expect((await api().password(passed.flowId, 'Second-Password-Set-77')).json().code).toBe('FLOW_INVALID');
    expect((await api().view(passed.flowId)).json().code).toBe('FLOW_INVALID');
    const late = await api().verify(pending.flowId, { methodId: pending.methodId, code: pending.code });
    expect(late.json().code).toBe('FLOW_INVALID');
    // The owner's password stands.
    const signIn = (password: string) =>
      ctx.server.inject({ method: 'POST', url: '/api/v1/session', payload: { username: user.upn, password } });
    expect((await signIn('Tulip-Canal-Bridge-88')).statusCode).toBe(200);
    expect((await signIn('Second-Password-Set-77')).statusCode).toBe(401);
  });
});
