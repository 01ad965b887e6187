/**
 * `sspr serve` wires the verification code purge: started with the server (its rounds call the service's purge, on
 * the instance holding its lease in the store) and stopped, waited for, on SIGTERM. Every other background loop and
 * the app itself are stand-ins here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const task = () => ({ stop: vi.fn(async () => {}) });
const started = vi.hoisted(() => ({
  codePurge: undefined as
    | undefined
    | { purge: () => unknown; stop: () => unknown; leases?: (task: string, ms: number) => { claim(): unknown } },
}));

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
const claim = vi.fn(async () => true);
const deps = { store: { taskLeases: { claim } }, clock: { now: () => new Date('2026-03-01T09:00:00.000Z') } };
vi.mock('../app.js', () => ({
  createApp: async () => ({
    services: { deps, verificationCodes: { purgeExpired }, delivery: { start: () => {} } },
    http: async () => ({ listen: async () => {} }),
    close: async () => {},
  }),
}));
vi.mock('../services/security-info/code-purge.js', () => ({
  startCodePurge: (
    purge: () => unknown,
    _onRound: unknown,
    leases: (task: string, ms: number) => { claim(): unknown },
  ) => {
    const stop = vi.fn(async () => {});
    started.codePurge = { purge, stop, leases };
    return { stop };
  },
}));
vi.mock('../services/password/expiry-reminders.js', () => ({ startExpiryReminders: task }));
vi.mock('../services/agent/agent-queue-purge.js', () => ({ startAgentQueuePurge: task }));
vi.mock('../services/admin/shown-once-service.js', () => ({ startShownOncePurge: task }));
vi.mock('../services/audit/audit-retention.js', () => ({ startAuditPurge: task }));
vi.mock('../services/audit/audit-sealer.js', () => ({ startAuditSealer: task }));
vi.mock('../services/audit/siem-forwarder.js', () => ({ startSiemForwarding: task }));
vi.mock('../services/directory/sync/directory-sync-schedule.js', () => ({ startSyncSchedule: task }));
vi.mock('../services/directory/writeback-recovery.js', () => ({ startWritebackRecovery: task }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sspr serve', () => {
  it('starts the verification code purge, leased, and stops it on SIGTERM', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { serve } = await import('./serve-run.js');
    await serve({ json: true });
    const codePurge = started.codePurge;
    expect(codePurge).toBeDefined();
    await codePurge?.purge();
    expect(purgeExpired).toHaveBeenCalledOnce();
    // Its rounds are leased in the store under this process's name, for one and a half minutes.
    await codePurge?.leases?.('code-purge', 60_000).claim();
    expect(claim).toHaveBeenCalledWith(
      'code-purge',
      expect.stringContaining(`:${process.pid}:`),
      '2026-03-01T09:00:00.000Z',
      '2026-03-01T09:01:30.000Z',
    );
    expect(codePurge?.stop).not.toHaveBeenCalled();
    process.emit('SIGTERM');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(codePurge?.stop).toHaveBeenCalledOnce();
  });
});
