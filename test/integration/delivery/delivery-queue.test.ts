/**
 * The delivery queue and its worker (issue #13 item 2) against a real SMTP listener, on both dialects: a message
 * queued while the relay is down goes out once when it is back; two workers deliver each message once; a message
 * committed but never sent (the worker died, or none ran) is delivered by a later worker; a code message that
 * expired while the relay was down is dropped, erased and audited, never sent late.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../../../src/services/delivery/delivery-worker.js';
import { sendThroughQueue, type OutgoingMessage } from '../../../src/services/delivery/message-queue.js';
import { aTenant } from '../../support/factories.js';
import { freeLoopbackPort } from '../../support/net.js';
import { testDialects } from '../../support/postgres.js';
import { createSmtpRelay } from '../../support/smtp-relay.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

const code = '48151623';

describe.each(testDialects())('delivery queue and worker (%s)', (dialect) => {
  let world: TestWorld | undefined;
  let relay: ReturnType<typeof createSmtpRelay> | undefined;
  afterEach(async () => {
    await world?.close();
    await relay?.stop();
    world = undefined;
  });

  /** A world mailing through SMTP to `port`; its own background worker stopped, so each test drives the rounds. */
  const worldOn = async (port: number) => {
    world = await createTestWorld(
      dialect,
      {
        SSPR_SMTP_URL: `smtp://127.0.0.1:${port}`,
        SSPR_MAIL_FROM: 'OpenSSPR <sspr@contoso.example>',
        SSPR_MAIL_PROVIDER: 'smtp',
      },
      // One quick attempt per round: the queue's back-off is under test, not the channel's own retries.
      { delivery: { timeoutMs: 2000, retries: 0, backoffMs: 1 } },
    );
    await world.app.services.delivery.stop();
    const tenant = await aTenant(world.app);
    return { app: world.app, clock: world.clock, tenantId: tenant.tenantId };
  };
  const mail = (tenantId: string, to: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage =>
    ({
      channel: 'email',
      tenantId,
      to,
      purpose: 'reset-code',
      subject: 'Your code',
      text: `Your code is ${code}`,
      ...extra,
    }) as OutgoingMessage;

  it('keeps a message while the relay is down and delivers it once when it is back; the body is sealed, then erased', async () => {
    const port = await freeLoopbackPort();
    const { app, clock, tenantId } = await worldOn(port);
    await sendThroughQueue(app.services.deps, [mail(tenantId, 'adele@contoso.example')]);
    const [queued] = await app.store.deliveryQueue.list(tenantId);
    expect(queued?.sealedBody).not.toContain(code);

    expect(await app.services.delivery.runOnce()).toEqual({ delivered: 0, retried: 1, dropped: 0 });
    expect(await app.store.deliveryQueue.find(tenantId, queued!.messageId)).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    relay = createSmtpRelay();
    await relay.start(port);
    // Not yet due: the back-off holds it.
    expect(await app.services.delivery.runOnce()).toEqual({ delivered: 0, retried: 0, dropped: 0 });
    clock.advance(5);
    expect(await app.services.delivery.runOnce()).toEqual({ delivered: 1, retried: 0, dropped: 0 });
    clock.advance(3600);
    expect(await app.services.delivery.runOnce()).toEqual({ delivered: 0, retried: 0, dropped: 0 });
    expect(relay.received.map((m) => m.to)).toEqual([['adele@contoso.example']]);
    expect(relay.received[0]?.raw).toContain(code);
    expect(await app.store.deliveryQueue.find(tenantId, queued!.messageId)).toMatchObject({
      status: 'delivered',
      sealedBody: null,
      attempts: 2,
    });
  });

  it('two workers running at once deliver each message exactly once', async () => {
    relay = createSmtpRelay();
    const port = await relay.start();
    const { app, tenantId } = await worldOn(port);
    const recipients = Array.from({ length: 24 }, (_, i) => `user${i}@contoso.example`);
    await sendThroughQueue(
      app.services.deps,
      recipients.map((to) => mail(tenantId, to)),
    );
    const workers = [1, 2].map(() => createDeliveryWorker({ ...app.services.deps, delivery: { batchSize: 5 } }));
    await Promise.all(workers.map((w) => w.drain()));
    expect(relay.received.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
    expect(await app.store.deliveryQueue.list(tenantId, { status: 'delivered' })).toHaveLength(24);
  });

  it('delivers after a restart what was committed but never sent, and what a dead worker had claimed', async () => {
    relay = createSmtpRelay();
    const port = await relay.start();
    const { app, clock, tenantId } = await worldOn(port);
    await sendThroughQueue(app.services.deps, [
      mail(tenantId, 'committed@contoso.example'),
      mail(tenantId, 'claimed@contoso.example'),
    ]);
    // A worker claims the second one and dies before sending it (its claim is all that is left of it).
    const now = clock.now();
    const lease = new Date(now.getTime() + 120_000).toISOString();
    const [dead] = await app.store.deliveryQueue.claimDue(now.toISOString(), lease, 1, 'dead-worker');
    expect(dead?.recipient).toBe('committed@contoso.example');

    // A new worker (the restarted instance) starts: what nobody holds goes at once, the dead claim after its lease.
    const restarted = createDeliveryWorker(app.services.deps);
    expect(await restarted.runOnce()).toEqual({ delivered: 1, retried: 0, dropped: 0 });
    expect(relay.received.map((m) => m.to)).toEqual([['claimed@contoso.example']]);
    clock.advance(121);
    expect(await restarted.runOnce()).toEqual({ delivered: 1, retried: 0, dropped: 0 });
    expect(relay.received.map((m) => m.to[0])).toEqual(['claimed@contoso.example', 'committed@contoso.example']);
  });

  it('drops a code message that expired while the relay was down, erases it and audits it; never sends it late', async () => {
    const port = await freeLoopbackPort();
    const { app, clock, tenantId } = await worldOn(port);
    const expiresAt = new Date(clock.now().getTime() + 300_000).toISOString();
    await sendThroughQueue(app.services.deps, [mail(tenantId, 'late@contoso.example', { expiresAt, userId: 'u-1' })]);
    expect((await app.services.delivery.runOnce()).retried).toBe(1);
    clock.advance(301);
    relay = createSmtpRelay();
    await relay.start(port);
    expect(await app.services.delivery.runOnce()).toEqual({ delivered: 0, retried: 0, dropped: 1 });
    expect(relay.received).toEqual([]);
    const [row] = await app.store.deliveryQueue.list(tenantId);
    expect(row).toMatchObject({ status: 'dropped', sealedBody: null, lastError: 'EXPIRED' });
    const events = await app.store.audit.list(tenantId, { limit: 10 });
    const dropped = events.find((e) => e.activity === 'Message not delivered');
    expect(dropped).toMatchObject({
      result: 'failure',
      resultReason: 'EXPIRED',
      target: { type: 'user', id: 'u-1' },
      details: { channel: 'email', purpose: 'reset-code', attempts: 2 },
    });
    expect(JSON.stringify(events)).not.toContain(code);
  });
});
