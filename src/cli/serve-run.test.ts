/**
 * `sspr serve` wires the minute purges (verification codes, the agent queue, shown-once claims): started with the
 * server (their rounds call the service's purge, on the instance holding the task's lease in the store) and stopped,
 * waited for, on SIGTERM. Every other background loop and the app itself are stand-ins here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const task = () => ({ stop: vi.fn(async () => {}) });
type Leases = (task: string, ms: number) => { claim(): unknown };
interface Started {
  purge: () => unknown;
  stop: () => unknown;
  leases?: Leases;
}
/** The minute purges as `serve` started them: each with its rounds' work and the leases it was given. */
const started: { codePurge?: Started; queuePurge?: Started; shownOncePurge?: Started } = vi.hoisted(() => ({}));
const startedAs = (name: keyof typeof started) => (purge: () => unknown, _onRound: unknown, leases?: Leases) => {
  const stop = vi.fn(async () => {});
  started[name] = { purge, stop, ...(leases && { leases }) };
  return { stop };
};

vi.mock('../config/config.js', () => ({
  loadConfig: () => ({
    ok: true,
    config: {
      embedded: false,
      host: '127.0.0.1',
      port: 0,
      publicUrl: 'https://sspr.example',
      devOutbox: false,
      syncIntervalMinutes: 60,
      audit: { retentionDays: null },
    },
  }),
}));
const purgeExpired = vi.fn(async () => 0);
const purgeQueue = vi.fn(async () => ({ expired: 0, deleted: 0 }));
const purgeShownOnce = vi.fn(async () => 0);
const claim = vi.fn(async () => true);
const deps = { store: { taskLeases: { claim } } };
vi.mock('../app.js', () => ({
  createApp: async () => ({
    services: {
      deps,
      verificationCodes: { purgeExpired },
      agents: { purgeQueue },
      shownOnce: { purgeExpired: purgeShownOnce },
      delivery: { start: () => {} },
    },
    http: async () => ({ listen: async () => {} }),
    close: async () => {},
  }),
}));
vi.mock('../services/security-info/code-purge.js', () => ({ startCodePurge: startedAs('codePurge') }));
vi.mock('../services/agent/agent-queue-purge.js', () => ({ startAgentQueuePurge: startedAs('queuePurge') }));
vi.mock('../services/admin/shown-once-service.js', () => ({ startShownOncePurge: startedAs('shownOncePurge') }));
vi.mock('../services/password/expiry-reminders.js', () => ({ startExpiryReminders: task }));
vi.mock('../services/audit/audit-retention.js', () => ({ startAuditPurge: task }));
vi.mock('../services/audit/audit-sealer.js', () => ({ startAuditSealer: task }));
vi.mock('../services/audit/siem-forwarder.js', () => ({ startSiemForwarding: task }));
vi.mock('../services/directory/sync/directory-sync-schedule.js', () => ({ startSyncSchedule: task }));
vi.mock('../services/directory/writeback-recovery.js', () => ({ startWritebackRecovery: task }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sspr serve', () => {
  it('starts the minute purges, each leased under this process, and stops them on SIGTERM', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { serve } = await import('./serve-run.js');
    await serve({ json: true });
    const purges: Array<[keyof typeof started, ReturnType<typeof vi.fn>]> = [
      ['codePurge', purgeExpired],
      ['queuePurge', purgeQueue],
      ['shownOncePurge', purgeShownOnce],
    ];
    for (const [name, service] of purges) {
      const purge = started[name];
      expect(purge, name).toBeDefined();
      await purge?.purge();
      expect(service, name).toHaveBeenCalledOnce();
      // Its rounds are leased in the store under this process's name, for one and a half of its intervals (the
      // store times the lease by its own clock).
      claim.mockClear();
      await purge?.leases?.(`${name}-task`, 60_000).claim();
      expect(claim, name).toHaveBeenCalledWith(`${name}-task`, expect.stringContaining(`:${process.pid}:`), 90_000);
      expect(purge?.stop, name).not.toHaveBeenCalled();
    }
    process.emit('SIGTERM');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    for (const [name] of purges) expect(started[name]?.stop, name).toHaveBeenCalledOnce();
  });
});
