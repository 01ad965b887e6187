/**
 * Crash consistency (security checklist §11 row 29, REL-06): one real `sspr serve` at a time on a store that outlives
 * it — a SQLite file or a throwaway PostgreSQL database — killed with SIGKILL and started again. The test process is
 * the administrator and the user's mailbox: its own app on the same store makes users and drains the delivery queue
 * into the outbox, as a second instance would. `checkInvariants` reads the whole store after a kill.
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createApp, type App } from '../../src/app.js';
import { auditActivities } from '../../src/core/audit/activities.js';
import type { Tenant, User } from '../../src/core/model.js';
import { loadConfig } from '../../src/config/config.js';
import { defaultDeliverySettings } from '../../src/services/delivery/delivery-worker.js';
import { aTenant } from './factories.js';
import { createThrowawayDatabase, type TestDialect } from './postgres.js';
import { lastCodeTo } from './security-info.js';
import { killServeInstance, startServeInstances, type ServeInstance } from './serve-instances.js';

const secret = 'crash-consistency-secret-crash-consistency-01';

/** The two activities that set a user's password themselves (Entra's names). */
export type PasswordActivity = 'resetPasswordSelfService' | 'changePasswordSelfService';

/** A user whose password one operation of the test sets once, from `initialHash` to `newPassword`. */
export interface Tracked {
  user: User;
  initialHash: string;
  activity: PasswordActivity;
  newPassword: string;
}

export interface CrashWorld {
  readonly admin: App;
  readonly tenant: Tenant;
  readonly dialect: TestDialect;
  /** Starts `sspr serve` on the store and waits until it is ready. */
  start(): Promise<ServeInstance>;
  /**
   * SIGKILL (no shutdown hook runs), waits for the exit, starts a fresh process on the same store; `whileStarting`
   * (the invariants) runs on the store as the crash left it, while the new process boots.
   */
  restart(instance: ServeInstance, whileStarting?: () => Promise<void>): Promise<ServeInstance>;
  /**
   * The newest code sent to `recipient` after `sentBefore` messages, drained by the test's app. A killed instance may
   * have claimed the message and died before sending it: after a short wait the drain runs with its clock past the
   * claim's lease, as any instance's worker would once the lease ran out.
   */
  codeTo(recipient: string, sentBefore: number): Promise<string | undefined>;
  sentCount(recipient: string): Promise<number>;
  /**
   * Asserts the row 29 invariants over the whole tenant: each tracked password changed at most once, with exactly its
   * success event, its completed flow and no usable flow or code left; no other success event; the audit chain
   * verifies; SQLite's integrity check passes. Whether a tracked password has changed yet is read, not told.
   */
  checkInvariants(tracked: readonly Tracked[], label: string): Promise<void>;
}

/** A system clock the test can move forward (only to let a dead worker's claims expire). */
const shiftableClock = () => {
  let offsetMs = 0;
  return { now: () => new Date(Date.now() + offsetMs), shift: (ms: number) => (offsetMs = ms) };
};

const serveEnv = (url: string, port: number, name = 'sspr-crash-admin'): NodeJS.ProcessEnv => ({
  ...process.env,
  // PostgreSQL shows the process's connections under this name (node-postgres reads PGAPPNAME).
  PGAPPNAME: name,
  SSPR_DATABASE_URL: url,
  SSPR_SECRET: secret,
  SSPR_PORT: String(port),
  SSPR_HOST: '127.0.0.1',
  SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
  SSPR_MAIL_PROVIDER: 'outbox',
  SSPR_SMS_PROVIDER: 'outbox',
  SSPR_LOG_LEVEL: 'silent',
  SSPR_SYNC_INTERVAL: '0',
  SSPR_CAPTCHA_DIFFICULTY: '20',
  SSPR_RESET_RATE_LIMIT: '100000',
  SSPR_RESET_TENANT_RATE_LIMIT: '100000',
  SSPR_RESET_ACCOUNT_RATE_LIMIT: '100000',
  SSPR_SIGNIN_RATE_LIMIT: '100000',
  SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '100000',
  SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '100000',
  SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '100000',
});

/** The reset flows of a tenant as stored (state JSON), read over a second connection. */
const storedFlows = async (copy: OpenDatabase, tenantId: string) => {
  const rows = await sql<{ state: string }>`select state from reset_flows where tenant_id = ${tenantId}`.execute(
    copy.db,
  );
  return rows.rows.map(
    (r) =>
      (JSON.parse(r.state) as { flow: { flowId: string; userId: string | null; status: string; outcome: string } })
        .flow,
  );
};

export interface CrashWorldOptions {
  /** Makes the tenant on the test's app (default: a fresh Contoso); e.g. one connected to an on-premises directory. */
  tenant?: (admin: App) => Promise<Tenant>;
}

/** mulberry32: a small seeded generator, so a failing run's kill moments can be run again (SSPR_CRASH_SEED). */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const useCrashWorld = (
  dialect: TestDialect,
  methodsRequired: 1 | 2,
  options: CrashWorldOptions = {},
): CrashWorld => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-crash-'));
  const clock = shiftableClock();
  let url = `sqlite:${join(dir, 'sspr.db')}`;
  let drop: () => Promise<void> = () => Promise.resolve();
  let admin: App;
  let tenant: Tenant;
  let copy: OpenDatabase;
  const running = new Set<ServeInstance>();

  beforeAll(async () => {
    if (dialect === 'postgres') ({ url, drop } = await createThrowawayDatabase());
    const loaded = loadConfig({ ...serveEnv(url, 3000), SSPR_PUBLIC_URL: 'http://127.0.0.1:3000' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    admin = await createApp(loaded.config, { logger: false, clock });
    tenant = await (options.tenant ?? ((app) => aTenant(app, { name: 'Contoso' })))(admin);
    await admin.services.ssprPolicy.update(tenant.tenantId, { methodsRequired }, { type: 'cli', id: null, upn: null });
    copy = openDatabase(url);
  });

  afterAll(async () => {
    for (const instance of running) await killServeInstance(instance);
    await copy?.db.destroy();
    await admin?.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const names = new Map<ServeInstance, string>();
  const start = async () => {
    const name = `sspr-crash-${names.size + 1}`;
    const [instance] = await startServeInstances(1, (port) => serveEnv(url, port, name));
    running.add(instance!);
    names.set(instance!, name);
    return instance!;
  };

  /**
   * PostgreSQL ends a dead client's sessions when it next reads their sockets: a COMMIT already sent may still land.
   * Wait until none is left, so the invariants read a store no transaction of the killed process can still change.
   */
  const sessionsEnded = async (instance: ServeInstance) => {
    if (dialect !== 'postgres') return;
    for (const until = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_stat_activity where application_name = ${names.get(instance)!}`.execute(copy.db);
      if (Number(rows[0]!.n) === 0) return;
      if (Date.now() > until) throw new Error('the killed instance still has PostgreSQL sessions');
    }
  };

  const sentCount = async (recipient: string) => {
    await admin.services.delivery.drain();
    return (await admin.store.outbox.list({ recipient })).length;
  };

  return {
    get admin() {
      return admin;
    },
    get tenant() {
      return tenant;
    },
    dialect,
    start,
    async restart(instance, whileStarting = () => Promise.resolve()) {
      await killServeInstance(instance);
      running.delete(instance);
      await sessionsEnded(instance);
      const [fresh] = await Promise.all([start(), whileStarting()]);
      return fresh;
    },
    sentCount,
    async codeTo(recipient, sentBefore) {
      const newest = async (waitMs: number) => {
        const until = Date.now() + waitMs;
        for (;;) {
          if ((await sentCount(recipient)) > sentBefore) return lastCodeTo(admin, recipient, 0);
          if (Date.now() > until) return undefined;
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const code = await newest(1500);
      if (code) return code;
      clock.shift((defaultDeliverySettings.leaseSeconds + 5) * 1000);
      try {
        await admin.services.delivery.drain();
      } finally {
        clock.shift(0);
      }
      return newest(0);
    },
    async checkInvariants(tracked, label) {
      const names = {
        [auditActivities.resetPasswordSelfService.name]: 1,
        [auditActivities.changePasswordSelfService.name]: 1,
      };
      const events = (await admin.services.audit.list(tenant.tenantId, { limit: 75_000 })).filter(
        (e) => e.activity in names && e.result === 'success',
      );
      const flows = await storedFlows(copy, tenant.tenantId);
      const trackedIds = new Set(tracked.map((t) => t.user.userId));
      // No success event for a password nobody of the test set.
      expect(
        events.filter((e) => !trackedIds.has(e.target?.id ?? '')),
        label,
      ).toEqual([]);
      for (const t of tracked) {
        const now = await admin.store.users.findById(tenant.tenantId, t.user.userId);
        const changed = now!.passwordHash !== t.initialHash;
        const mine = events.filter((e) => e.target?.id === t.user.userId);
        const at = `${label}: ${t.user.upn}`;
        // A changed hash has exactly one success event of its operation; an unchanged one has none.
        expect({ changed, events: mine.map((e) => e.activity) }, at).toEqual({
          changed,
          events: changed ? [auditActivities[t.activity].name] : [],
        });
        if (changed) expect(await admin.services.deps.hasher.verify(now!.passwordHash!, t.newPassword), at).toBe(true);
        if (t.activity !== 'resetPasswordSelfService') continue;
        // The flow that reset the password is completed (consumed); no other flow of the user completed a reset.
        const completed = flows.filter((f) => f.userId === t.user.userId && f.status === 'completed');
        expect(
          completed.map((f) => [f.flowId, f.outcome]),
          at,
        ).toEqual(changed ? [[mine[0]!.details.flow, 'passwordReset']] : []);
        if (!changed) continue;
        // Nothing could reset it again: no other open flow, no reset code left to use.
        const live = flows.filter((f) => f.userId === t.user.userId && f.status === 'active');
        expect(live, `${at}: open flows`).toEqual([]);
        const codes = await sql<{ code_id: string }>`
          select code_id from security_codes
          where tenant_id = ${tenant.tenantId} and user_id = ${t.user.userId} and purpose = 'reset'
            and consumed_at is null`.execute(copy.db);
        expect(codes.rows, `${at}: unused reset codes`).toEqual([]);
      }
      const chain = await admin.services.audit.verify(tenant.tenantId);
      expect({ ok: chain.ok, firstBreak: chain.firstBreak }, `${label}: audit chain`).toEqual({
        ok: true,
        firstBreak: null,
      });
      if (dialect === 'sqlite') {
        const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(copy.db);
        expect(
          integrity.rows.map((r) => r.integrity_check),
          `${label}: sqlite integrity`,
        ).toEqual(['ok']);
      }
    },
  };
};
