/**
 * The SIEM stream end to end (issue 15, item 7): a real rsyslog (TLS, RFC 5425 frames) and a real HTTPS webhook on
 * loopback receive every audit event of a tenant in order, with Entra's field names, the webhook's HMAC checked;
 * during an outage nothing is lost and, once the receiver is back, nothing arrives twice.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSyslogTlsSink } from '../../../src/adapters/siem/syslog-tls-sink.js';
import { createWebhookSink } from '../../../src/adapters/siem/webhook-sink.js';
import { recordAudit } from '../../../src/services/audit/audit-recorder.js';
import { aTenant } from '../../support/factories.js';
import { freeLoopbackPort } from '../../support/net.js';
import { testDialects } from '../../support/postgres.js';
import { createRsyslog, createWebhookReceiver } from '../../support/siem-receivers.js';
import { makeTlsCertificate } from '../../support/tls.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const secret = 'webhook-secret-webhook-secret-0123456789';

describe.each(testDialects())('SIEM stream (%s)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-siem-'));
  const cert = makeTlsCertificate(dir);
  let world: TestWorld;
  let rsyslog: ReturnType<typeof createRsyslog>;
  let webhook: ReturnType<typeof createWebhookReceiver>;

  beforeAll(async () => {
    const syslogPort = await freeLoopbackPort();
    const webhookPort = await freeLoopbackPort();
    rsyslog = createRsyslog(dir, syslogPort, cert);
    webhook = createWebhookReceiver(webhookPort, secret, cert);
    await rsyslog.start();
    await webhook.start();
    world = await createTestWorld(
      dialect,
      {
        SSPR_AUDIT_SYSLOG_URL: `tls://127.0.0.1:${syslogPort}`,
        SSPR_AUDIT_SYSLOG_CA_FILE: cert.certFile,
        SSPR_AUDIT_WEBHOOK_URL: `https://127.0.0.1:${webhookPort}/siem`,
        SSPR_AUDIT_WEBHOOK_SECRET: secret,
        SSPR_AUDIT_WEBHOOK_CA_FILE: cert.certFile,
      },
      // Small batches, so the outage spans several of them.
      { siem: { batchSize: 3 } },
    );
  });
  afterAll(async () => {
    await world?.close();
    await rsyslog?.stop();
    await webhook?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const appendEvents = async (tenantId: string, count: number, from: number) => {
    for (let i = 0; i < count; i++) {
      world.clock.advance(1000);
      await world.app.store.transaction((store) =>
        recordAudit(world.app.services.deps, store, {
          tenantId,
          activity: 'resetPasswordSelfService',
          result: i % 2 === 0 ? 'success' : 'failure',
          resultReason: i % 2 === 0 ? null : 'UserNotFound',
          actor: { type: 'user', id: `u${from + i}`, upn: `user${from + i}@contoso.example` },
          target: { type: 'user', id: `u${from + i}`, name: `user${from + i}@contoso.example` },
          ipAddress: '192.0.2.10',
          details: { n: from + i, flow: 'flow-1' },
        }),
      );
    }
  };

  const forward = () => world.app.siem!.forwardRound();

  it('forwards every event in order to rsyslog and the webhook, survives an outage of each, and sends none twice', async () => {
    const tenant = await aTenant(world.app);
    await appendEvents(tenant.tenantId, 4, 1);
    const first = await forward();
    expect(first.filter((o) => o.error)).toEqual([]);

    const syslogBodies = () =>
      rsyslog.received().filter((m) => (m.body as { tenantId?: string }).tenantId === tenant.tenantId);
    const webhookBodies = () => webhook.accepted.filter((d) => d.tenantId === tenant.tenantId).flatMap((d) => d.value);
    // The tenant's "Create company" event, then the four.
    await vi.waitFor(() => expect(syslogBodies()).toHaveLength(5));
    expect(webhookBodies()).toHaveLength(5);

    const [message] = syslogBodies().slice(1);
    expect(message).toMatchObject({ facility: 10, severity: 6, appName: 'openSspr', msgId: 'audit' });
    expect(message!.structuredData).toBe(`[openSspr@32473 tenantId="${tenant.tenantId}" position="2"]`);
    expect(message!.body).toMatchObject({
      activityDisplayName: 'Reset password (self-service)',
      category: 'UserManagement',
      loggedByService: 'Self-service Password Management',
      result: 'success',
      correlationId: 'flow-1',
      initiatedBy: { user: { userPrincipalName: 'user1@contoso.example', ipAddress: '192.0.2.10' }, app: null },
      targetResources: [{ type: 'User', userPrincipalName: 'user1@contoso.example' }],
      chainSequence: 2,
    });
    expect(syslogBodies()[2]).toMatchObject({ severity: 5, body: { result: 'failure', resultReason: 'UserNotFound' } });
    expect(webhookBodies()[1]).toEqual(message!.body);
    expect(webhook.accepted.find((d) => d.tenantId === tenant.tenantId)?.delivery).toBe(`${tenant.tenantId}:audit:1-3`);

    // Both receivers down; events keep coming.
    await rsyslog.stop();
    await webhook.stop();
    await appendEvents(tenant.tenantId, 5, 5);
    const duringOutage = await forward();
    expect(
      duringOutage.filter((o) => o.tenantId === tenant.tenantId).map((o) => [o.sink, o.sent, Boolean(o.error)]),
    ).toEqual([
      ['syslog', 0, true],
      ['webhook', 0, true],
    ]);
    await appendEvents(tenant.tenantId, 2, 10);

    // Back: everything arrives, in order, once.
    await rsyslog.start();
    await webhook.start();
    const after = await forward();
    expect(after.filter((o) => o.error)).toEqual([]);
    const positions = Array.from({ length: 12 }, (_, i) => i + 1);
    await vi.waitFor(() => expect(syslogBodies().map((b) => b.body.chainSequence)).toEqual(positions));
    expect(webhookBodies().map((b) => b.chainSequence)).toEqual(positions);

    // A further round (as after a restart: the cursor is in the database) sends nothing again.
    // Nothing new: the round leases no cursor of this tenant at all.
    expect((await forward()).filter((o) => o.tenantId === tenant.tenantId)).toEqual([]);
    expect(webhook.refusedSignatures()).toBe(0);
  });

  it('verifies the receivers’ certificates by default, and a wrong webhook secret is refused, not acknowledged', async () => {
    const record = {
      tenantId: 't',
      source: 'audit',
      position: 1,
      occurredAt: '2026-03-01T09:00:00.000Z',
      severity: 'informational' as const,
      body: {},
    };
    // No CA file: rsyslog's self-signed certificate is not trusted, so nothing is sent.
    const untrusting = createSyslogTlsSink({ host: '127.0.0.1', port: world.config.audit.syslog!.port });
    await expect(untrusting.send([record])).rejects.toThrow(/self[- ]signed|certificate/i);
    await untrusting.close();
    const wrongSecret = createWebhookSink({ url: world.config.audit.webhook!.url, secret: 'x'.repeat(40) });
    const refusedBefore = webhook.refusedSignatures();
    // Trusted here, so only the signature can fail.
    await expect(
      createWebhookSink({
        url: world.config.audit.webhook!.url,
        secret: 'x'.repeat(40),
        ca: [readFileSync(cert.certFile, 'utf8')],
      }).send([record]),
    ).rejects.toThrow(/answered 401/);
    await expect(wrongSecret.send([record])).rejects.toThrow(/self[- ]signed|certificate/i);
    expect(webhook.refusedSignatures()).toBe(refusedBefore + 1);
  });
});
