/**
 * Crash consistency, step by step (security checklist §11 row 29, REL-06, TST-15): a two-gate self-service reset
 * through a real `sspr serve`, which is killed with SIGKILL after every step and started again on the same store
 * (a SQLite file; a PostgreSQL database). The flow is a persisted state machine, so the next step goes to the fresh
 * process and the reset completes; after every kill the whole store keeps the invariants (`checkInvariants`), and a
 * step sent again after the restart is refused: no code and no flow is usable twice.
 */
import { describe, expect, it, vi } from 'vitest';
import { testDialects } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { apiCall, solvedCaptcha } from '../../support/serve-api.js';
import { useCrashWorld, type Tracked } from '../../support/crash-world.js';
import type { ServeInstance } from '../../support/serve-instances.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const newPassword = 'Lantern-Harbour-Quay-27';
const mobile = '+31612345678';
type Method = { id: string; type: string };

describe.each(testDialects())('crash consistency: SIGKILL after each reset step (%s)', (dialect) => {
  const world = useCrashWorld(dialect, 2);

  it('completes a two-gate reset across a SIGKILL after every step; a repeated step is refused', async () => {
    const user = await aResetUser(world.admin, world.tenant, { mobilePhone: mobile });
    const tracked: Tracked[] = [
      { user, initialHash: user.passwordHash!, activity: 'resetPasswordSelfService', newPassword },
    ];
    let serve: ServeInstance = await world.start();
    const call = (method: string, path: string, body?: object) =>
      apiCall(serve.base, method, `/api/v1/passwordreset${path}`, body);
    /** The crash: SIGKILL, a fresh process on the same store, the invariants over the whole store. */
    const crash = async (after: string) => {
      serve = await world.restart(serve, () => world.checkInvariants(tracked, `after ${after}`));
    };

    const started = await call('POST', '', { username: user.upn, captcha: await solvedCaptcha(serve.base) });
    expect(started.status).toBe(200);
    const flowId = started.json.flowId as string;
    await crash('start');

    const view = await call('POST', `/${flowId}/intent`, { intent: 'reset' });
    expect(view.json).toMatchObject({ gatesRequired: 2, gatesPassed: 0 });
    const methods = view.json.methods as Method[];
    const email = methods.find((m) => m.type === 'email')!;
    const sms = methods.find((m) => m.type === 'mobileSms')!;
    await crash('intent');

    const gates: Array<[Method, string, object]> = [
      [email, user.alternateEmail!, {}],
      [sms, mobile, { phoneNumber: mobile }],
    ];
    for (const [index, [method, recipient, extra]] of gates.entries()) {
      const sentBefore = await world.sentCount(recipient);
      expect((await call('POST', `/${flowId}/challenge`, { methodId: method.id, ...extra })).status).toBe(200);
      await crash(`challenge ${method.type}`);
      // The code was queued with the challenge: the fresh process (or the test's drain) delivers it.
      const code = await world.codeTo(recipient, sentBefore);
      expect(code, `code to ${recipient}`).toBeDefined();
      const verified = await call('POST', `/${flowId}/verify`, { methodId: method.id, code });
      expect(verified.json).toMatchObject({ gatesPassed: index + 1 });
      await crash(`verify ${method.type}`);
      const again = await call('POST', `/${flowId}/verify`, { methodId: method.id, code });
      expect([again.status, again.json.code], `${method.type} code used twice`).toEqual([409, 'GATE_ALREADY_PASSED']);
      if (index === 0)
        expect((await call('POST', `/${flowId}/password`, { newPassword })).json.code, 'one gate of two').toBe(
          'GATES_INCOMPLETE',
        );
    }
    expect((await call('GET', `/${flowId}`)).json).toMatchObject({ gatesPassed: 2, canSetPassword: true });

    expect((await call('POST', `/${flowId}/password`, { newPassword })).json).toEqual({ status: 'passwordReset' });
    const changedAt = await world.admin.store.users.findById(world.tenant.tenantId, user.userId);
    expect(changedAt!.passwordHash).not.toBe(user.passwordHash);
    await crash('new password');

    const replay = await call('POST', `/${flowId}/password`, { newPassword: 'Another-Harbour-Quay-28' });
    expect(replay.json.code, 'the finished flow used twice').toBe('FLOW_INVALID');
    const signIn = await apiCall(serve.base, 'POST', '/api/v1/session', { username: user.upn, password: newPassword });
    expect(signIn.status).toBe(200);
    await world.checkInvariants(tracked, 'at the end');
  });
});
