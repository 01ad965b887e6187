/**
 * Checklist §11 row 2 (issue #13 item 2): the reset challenge answers before its mail is delivered. The relay here
 * holds every message until the test releases it; the challenge has answered by then (no timing involved: the
 * relay cannot have accepted the message before the answer, since it accepts nothing before the release).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { aTenant } from '../../support/factories.js';
import { createSmtpRelay } from '../../support/smtp-relay.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

describe.each(testDialects())('reset challenge off the mail path (%s)', (dialect) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const relay = createSmtpRelay({ hold: () => released });
  let world: TestWorld;

  beforeAll(async () => {
    const port = await relay.start();
    world = await createTestWorld(dialect, {
      SSPR_CAPTCHA_DIFFICULTY: '20',
      SSPR_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SSPR_MAIL_FROM: 'OpenSSPR <sspr@contoso.example>',
      SSPR_MAIL_PROVIDER: 'smtp',
    });
  });
  afterAll(async () => {
    release();
    await world?.close();
    await relay.stop();
  });

  it('answers the email challenge while the relay still holds the code; the code arrives once released', async () => {
    const server = await world.app.http();
    const api = resetApi(server, world.clock);
    const tenant = await aTenant(world.app);
    const user = await aResetUser(world.app, tenant);
    const flowId = await api.flowOf(user.upn);
    const view = (await api.intent(flowId, 'reset')).json();
    const email = view.methods.find((m: { type: string }) => m.type === 'email');

    const challenged = await api.challenge(flowId, { methodId: email.id });
    expect(challenged.statusCode).toBe(200);
    expect(relay.received).toEqual([]);
    // The worker is now handing the message to the relay, which holds it.
    await expect.poll(() => relay.entered(), { timeout: 10_000 }).toBe(1);
    expect(relay.received).toEqual([]);
    const [queued] = await world.app.store.deliveryQueue.list(tenant.tenantId);
    expect(queued).toMatchObject({ status: 'sending', purpose: 'reset-code' });

    release();
    await expect.poll(() => relay.received.length, { timeout: 10_000 }).toBe(1);
    expect(relay.received[0]?.to).toEqual([user.alternateEmail]);
    await expect
      .poll(async () => (await world.app.store.deliveryQueue.find(tenant.tenantId, queued!.messageId))?.status)
      .toBe('delivered');
    // The machine may be busy: the steps wait on events, never on a clock, so only the overall limit is generous.
  }, 60_000);
});
