/**
 * `sspr serve` itself: everything the server needs, loaded only when it starts (serve-command.ts registers the
 * command without importing this file, so other commands and `--help` never load the HTTP stack).
 */
import { createApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { startExpiryReminders } from '../services/password/expiry-reminders.js';
import { startAgentQueuePurge } from '../services/agent/agent-queue-purge.js';
import { startShownOncePurge } from '../services/admin/shown-once-service.js';
import { startCodePurge } from '../services/security-info/code-purge.js';
import { startAuditPurge } from '../services/audit/audit-retention.js';
import { startAuditSealer } from '../services/audit/audit-sealer.js';
import { startSiemForwarding } from '../services/audit/siem-forwarder.js';
import { startSyncSchedule } from '../services/directory/sync/directory-sync-schedule.js';
import { startWritebackRecovery } from '../services/directory/writeback-recovery.js';
import { storeRoundLeases } from '../services/round-lease.js';
import { seedDemoTenant, isStoreEmpty, type DemoCredentials } from '../services/identity/demo-seed.js';
import { describeWithheld } from './sync-text.js';
import { reportError, table } from './output.js';
import { prettyLogStream } from './pretty-log.js';

export const describeDemo = (demo: DemoCredentials) =>
  [
    `Demo tenant ${demo.tenant} (${demo.domain}). Passwords are shown only now; keep them:`,
    table([['USER', 'PASSWORD', 'ROLES'], ...demo.users.map((u) => [u.upn, u.password, u.roles.join(',') || '-'])]),
  ].join('\n');

/** A background round's failure, first line only: a directory's diagnostic may name entries. */
const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/** `serve`: migrate, seed the demo tenant on an empty embedded store, listen, stop cleanly on a signal. */
export const serve = async (options: { json?: boolean } = {}): Promise<void> => {
  const json = Boolean(options.json);
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(
      json
        ? `${JSON.stringify({ error: { code: 'CONFIG_INVALID', message: 'invalid configuration', problems: loaded.problems } })}\n`
        : `OpenSSPR cannot start; fix the configuration:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exitCode = 78;
    return;
  }
  const { config } = loaded;
  try {
    // A person at a terminal on the embedded store reads short lines; anything else (a pipe, production) keeps JSON.
    const pretty = config.embedded && !json && process.stdout.isTTY;
    const app = await createApp(config, {
      ...(pretty && { logStream: prettyLogStream(process.stdout) }),
      // Off the event loop while serving; if the worker stops, SQLite checkpoints on commit again (database.ts).
      backgroundCheckpoints: {
        onFailure: (error) =>
          process.stderr.write(`SQLite checkpointer stopped (${firstLine(error)}); checkpointing on commit again\n`),
      },
    });
    const demo =
      config.embedded && (await isStoreEmpty(app.services.deps)) ? await seedDemoTenant(app.services) : undefined;
    const server = await app.http();
    await server.listen({ host: config.host, port: config.port });
    const summary = {
      url: `${config.publicUrl}/signin`,
      mode: config.embedded ? 'embedded' : 'production',
      outbox: config.devOutbox ? `${config.publicUrl}/dev/outbox` : null,
      demo: demo ?? null,
    };
    if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      const lines = [`OpenSSPR is running at ${summary.url} (${summary.mode} mode)`];
      if (summary.outbox) lines.push(`Messages sent go to the outbox: ${summary.outbox}`);
      // After listening, so the server's own lines do not push the one-time passwords off screen.
      if (demo) lines.push(describeDemo(demo));
      else if (config.embedded)
        lines.push('Demo tenant already present; its passwords were printed when it was created.');
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    const schedule = startSyncSchedule(app.services.directorySync, config.syncIntervalMinutes, (outcomes, error) => {
      // Only codes and counts: a directory's diagnostic may name entries and stays in the sync state.
      if (error) process.stderr.write(`directory sync round failed: ${firstLine(error)}\n`);
      for (const { tenantId, result } of outcomes) {
        process.stderr.write(
          result.ok
            ? `directory sync ${tenantId}: ${result.value.created} created, ${result.value.updated} updated, ${result.value.disabled} disabled\n`
            : result.code === 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED'
              ? // The schedule never overrides: an administrator reviews, then runs `sspr sync [--full] --allow-deletions`.
                `directory sync ${tenantId}: ${result.code} (would ${describeWithheld(result.details ?? {})}, threshold ${String(result.details?.threshold)}; did none of it)\n`
              : `directory sync ${tenantId}: ${result.code}\n`,
        );
      }
    });
    // This process's name in the store's claims and leases: host and pid for a person reading them, and a random id
    // so two live instances never share one (containers often run as pid 1) and both renew one lease.
    const instanceId = `${hostname()}:${process.pid}:${randomUUID()}`;
    // The minute purges span every tenant: each round runs on the one instance holding its lease (round-lease.ts).
    const leases = storeRoundLeases(app.services.deps, instanceId);
    // Beside the sync: the agent queue's rows (directory data) are expired and deleted, never kept (issue 7).
    const queuePurge = startAgentQueuePurge(
      () => app.services.agents.purgeQueue(),
      (_purged, error) => {
        if (error) process.stderr.write(`agent queue purge failed: ${firstLine(error)}\n`);
      },
      leases,
    );
    // Beside it: the claims of console secrets whose page was never opened (only the keyed hash of an id; no secret).
    const shownOncePurge = startShownOncePurge(
      () => app.services.shownOnce.purgeExpired(),
      (_deleted, error) => {
        if (error) process.stderr.write(`shown-once claim purge failed: ${firstLine(error)}\n`);
      },
      leases,
    );
    // And verification codes a day past their expiry (keyed hashes, real or a decoy's stand-in): never kept longer.
    const codePurge = startCodePurge(
      () => app.services.verificationCodes.purgeExpired(),
      (_deleted, error) => {
        if (error) process.stderr.write(`verification code purge failed: ${firstLine(error)}\n`);
      },
      leases,
    );
    // Pending writebacks a dead process left (docs/security.md#crash-consistency-checklist-11-row-29): every instance
    // runs it, without a lease (each times its wait from its own first sighting, so a lease changing hands would
    // restart the wait); the claim lets one write the "outcome unknown" event. Only counts are printed.
    const writebackRecovery = startWritebackRecovery(
      () => app.services.writebackRecovery.recover(),
      (round, error) => {
        if (error) process.stderr.write(`writeback recovery failed: ${firstLine(error)}\n`);
        else if (round && round.unknown > 0)
          process.stderr.write(`writeback recovery: ${round.unknown} on-premises writes with an unknown outcome\n`);
      },
    );
    // Audit retention (issue 15): hourly, by licence or SSPR_AUDIT_RETENTION_DAYS; only counts are printed.
    const auditPurge = startAuditPurge(
      () => app.services.audit.purgeExpired(config.audit.retentionDays),
      (outcomes, error) => {
        if (error) process.stderr.write(`audit purge failed: ${firstLine(error)}\n`);
        for (const o of outcomes ?? [])
          if (o.removed > 0)
            process.stderr.write(
              `audit purge ${o.tenantId}: ${o.removed} events past ${o.retentionDays} days removed\n`,
            );
      },
    );
    // The audit chain's sealer (issue 15): every second, so an event is linked (and its removal shows) within it.
    const auditSealer = startAuditSealer(
      () => app.services.audit.seal(),
      (_sealed, error) => {
        if (error) process.stderr.write(`audit seal failed: ${firstLine(error)}\n`);
      },
    );
    // The SIEM stream (issue 15): every second; a receiver that is down is reported once per round it stays down.
    const siem =
      app.siem &&
      startSiemForwarding(app.siem, (outcomes, error) => {
        if (error) process.stderr.write(`SIEM forwarding failed: ${firstLine(error)}\n`);
        for (const o of outcomes ?? [])
          if (o.error) process.stderr.write(`SIEM ${o.sink} ${o.tenantId} ${o.source}: ${firstLine(o.error)}\n`);
      });
    // Every instance delivers the queued messages (claims keep them apart); only the round's failure is told.
    app.services.delivery.start((error) => process.stderr.write(`delivery round failed: ${firstLine(error)}\n`));
    // Password expiry reminders (issue #16): every instance runs the job; one claims each round per tenant.
    const reminders = startExpiryReminders(app.services.expiryReminders, instanceId, (round, error) => {
      if (error) process.stderr.write(`password expiry reminders failed: ${firstLine(error)}\n`);
      else if (round && (round.reminded > 0 || round.deferred > 0))
        process.stderr.write(
          `password expiry reminders: ${round.reminded} sent, ${round.deferred} held by the daily cap` +
            (round.smsRefused > 0 ? `, ${round.smsRefused} by email only (SMS caps or budget breaker)\n` : '\n'),
        );
    });
    const stop = async () => {
      await reminders.stop();
      await siem?.stop();
      await auditPurge.stop();
      await auditSealer.stop();
      await queuePurge.stop();
      await shownOncePurge.stop();
      await codePurge.stop();
      await writebackRecovery.stop();
      await schedule.stop();
      await app.close();
      process.exit(0);
    };
    // A failed shutdown surfaces as an unhandled rejection, as it would from any other listener.
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  } catch (error) {
    process.exitCode = reportError(error, json);
  }
};
