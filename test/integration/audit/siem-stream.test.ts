/**
 * The SIEM stream end to end (issue 15, item 7): a real rsyslog (TLS, RFC 5425 frames) and a real HTTPS webhook on
 * loopback receive every audit event and sign-in of a tenant in order, with Entra's field names, the webhook's HMAC
 * checked; during an outage nothing is lost and, once the receiver is back, nothing arrives twice. The status view
 * shows each destination's position, lag and last error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSyslogTlsSink } from '../../../src/adapters/siem/syslog-tls-sink.js';
import { createWebhookSink } from '../../../src/adapters/siem/webhook-sink.js';
import { recordAudit } from '../../../src/services/audit/audit-recorder.js';
import { siemDestinations } from '../../../src/config/audit-config.js';
import { signInSettleSeconds } from '../../../src/services/audit/siem-sources.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
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

    // Audit records only: the sign-in log has a stream of its own (the test below).
    const syslogBodies = () =>
      rsyslog.received().filter((m) => m.msgId === 'audit' && m.body.tenantId === tenant.tenantId);
    const webhookBodies = () =>
      webhook.accepted.filter((d) => d.source === 'audit' && d.tenantId === tenant.tenantId).flatMap((d) => d.value);
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

  it('forwards the sign-in log once settled, in order, through an outage, and the status view shows lag and errors', async () => {
    const tenant = await aTenant(world.app);
    const domain = tenant.domains[0]!;
    const user = await aUser(world.app, domain);
    const signIn = (password: string, username = user.upn) =>
      world.app.services.signIn.signIn({ username, password, ipAddress: '192.0.2.20', userAgent: 'SIEM-test/1' });
    const status = () => world.app.services.siemStatus.status(tenant.tenantId, siemDestinations(world.config.audit));
    const signInBodies = () =>
      rsyslog.received().filter((m) => m.msgId === 'signIn' && m.body.tenantId === tenant.tenantId);
    const webhookSignIns = () =>
      webhook.accepted.filter((d) => d.source === 'signIn' && d.tenantId === tenant.tenantId).flatMap((d) => d.value);

    await signIn('Wrong-Horse-1');
    await signIn(aPassword);
    await signIn(aPassword, `nobody@${domain}`);
    // Younger than the settle delay: nothing of the sign-in log is read yet, and it counts as waiting.
    await forward();
    expect(webhookSignIns()).toEqual([]);
    expect((await status()).filter((s) => s.source === 'signIn').map((s) => [s.sink, s.position, s.pending])).toEqual([
      ['syslog', 0, 3],
      ['webhook', 0, 3],
    ]);

    world.clock.advance((signInSettleSeconds + 1) * 1000);
    await signIn(aPassword);
    // The three settled ones go; the fourth, just made, waits for the next round after the delay.
    expect((await forward()).filter((o) => o.tenantId === tenant.tenantId && o.source === 'signIn')).toEqual([
      { sink: 'syslog', tenantId: tenant.tenantId, source: 'signIn', sent: 3 },
      { sink: 'webhook', tenantId: tenant.tenantId, source: 'signIn', sent: 3 },
    ]);
    await vi.waitFor(() => expect(signInBodies()).toHaveLength(3));
    expect(signInBodies()[0]).toMatchObject({
      facility: 10,
      severity: 5,
      msgId: 'signIn',
      body: {
        userPrincipalName: user.upn,
        userId: user.userId,
        ipAddress: '192.0.2.20',
        userAgent: 'SIEM-test/1',
        status: { errorCode: 50126, failureReason: 'INVALID_CREDENTIALS' },
      },
    });
    expect(signInBodies()[1]).toMatchObject({ severity: 6, body: { status: { errorCode: 0 } } });
    expect(signInBodies()[2]!.body).toMatchObject({ userId: null, status: { additionalDetails: 'UserNotFound' } });
    expect(webhookSignIns()).toEqual(signInBodies().map((m) => m.body));
    const ids = webhookSignIns().map((b) => b.signInSequence as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // Both receivers down: the fourth and a fifth wait, the failure is kept per destination.
    await rsyslog.stop();
    await webhook.stop();
    await signIn('Wrong-Horse-2');
    world.clock.advance((signInSettleSeconds + 1) * 1000);
    await forward();
    const down = (await status()).filter((s) => s.source === 'signIn');
    expect(down.map((s) => [s.sink, s.position, s.pending])).toEqual([
      ['syslog', ids[2], 2],
      ['webhook', ids[2], 2],
    ]);
    for (const s of down) {
      expect(s.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(s.lastErrorAt).toBe(world.clock.now().toISOString());
      expect(s.forwardedAt).not.toBeNull();
    }

    await rsyslog.start();
    await webhook.start();
    expect((await forward()).filter((o) => o.error)).toEqual([]);
    await vi.waitFor(() => expect(signInBodies()).toHaveLength(5));
    expect(webhookSignIns()).toHaveLength(5);
    const back = await status();
    expect(back.map((s) => [s.sink, s.source, s.pending])).toEqual([
      ['syslog', 'audit', 0],
      ['syslog', 'signIn', 0],
      ['webhook', 'audit', 0],
      ['webhook', 'signIn', 0],
    ]);
    expect(back.map((s) => s.destination)).toEqual([
      `tls://127.0.0.1:${world.config.audit.syslog!.port}`,
      `tls://127.0.0.1:${world.config.audit.syslog!.port}`,
      new URL(world.config.audit.webhook!.url).origin,
      new URL(world.config.audit.webhook!.url).origin,
    ]);
    // The last error stays on view, older than the last success.
    expect(back.every((s) => s.source === 'audit' || (s.lastErrorAt ?? '') <= (s.forwardedAt ?? ''))).toBe(true);

    // The same over the API and on the console's tab, for a Security Reader.
    const server = await world.app.http();
    const reader = await aUser(world.app, domain, { roles: ['Security Reader'] });
    const cookie = await sessionCookie(server, reader.upn, aPassword);
    const api = await server.inject({ url: '/api/v1/admin/siem/status', headers: { cookie } });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toEqual({ value: await status() });
    const tab = await server.inject({
      url: '/admin/password-reset/siem-stream',
      headers: { cookie, accept: 'text/html' },
    });
    expect(tab.statusCode).toBe(200);
    expect(tab.body).toContain('<caption>Forwarding per destination</caption>');
    expect(tab.body).toContain(
      `<th scope="row">webhook (${new URL(world.config.audit.webhook!.url).origin})</th><td>Sign-in log</td><td>${String(webhookSignIns().at(-1)!.signInSequence)}</td>`,
    );
    expect(tab.body).toMatch(/ECONNREFUSED|connect/);
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
