/**
 * The write-ahead record of on-premises writeback (docs/security.md#crash-consistency-checklist-11-row-29) against a
 * private slapd, on both store dialects. A crash right after the directory's write is simulated deterministically:
 * the app's directory connector (dependency injection, as other directory tests wrap it) performs the real write and
 * then throws, so nothing after the write runs — the service's transaction, its audit event, its fallback. Then: the
 * pending writeback is in the store (no password in it); the recovery writes exactly one "outcome unknown" event
 * per record, also with two instances racing; the user's retry with the same password on the still-open flow — which
 * slapd refuses by its history rule — completes the flow and the user signs in; normal outcomes leave no record. A
 * crash after the record but before the directory's write: the retry with the password slapd still has is refused
 * (the record's hash is of another password), the one the crashed write attempted then succeeds as a normal write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import { initialLockoutState } from '../../../src/core/lockout/smart-lockout.js';
import type { Tenant, User } from '../../../src/core/model.js';
import type { DirectoryConnector, PendingWriteback, Store } from '../../../src/core/ports.js';
import { cliPrincipal } from '../../../src/services/admin/admin-principal.js';
import { createServices } from '../../../src/services/services.js';
import {
  createWritebackRecovery,
  outcomeUnknownReason,
  writebackOutcomeUnknownAfterSeconds,
} from '../../../src/services/directory/writeback-recovery.js';
import { anOnPremUser, connectTenant, ldapBind, ldapDn, ldapUser } from '../../support/directory-world.js';
import { aPassword } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { initialPassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const dialects = testDialects();
const names = (suffix: string) => ({
  normal: `Normal${suffix}`,
  quality: `Quality${suffix}`,
  crash: `Crash${suffix}`,
  change: `Change${suffix}`,
  admin: `Admin${suffix}`,
  early: `Early${suffix}`,
  down: `Down${suffix}`,
  current: `Current${suffix}`,
  gone: `Gone${suffix}`,
  before: `Before${suffix}`,
});

let slapd: Slapd;
beforeAll(async () => {
  const users = dialects.flatMap((d) => {
    const n = names(d);
    return [
      ldapUser(n.normal),
      ldapUser(n.quality, { pwdPolicySubentry: 'cn=quality,ou=policies,dc=example,dc=org' }),
      ldapUser(n.crash),
      ldapUser(n.change),
      ldapUser(n.admin),
      ldapUser(n.early),
      ldapUser(n.down),
      ldapUser(n.current),
      ldapUser(n.gone),
      ldapUser(n.before),
    ];
  });
  slapd = await startSlapd({ tls: true, extraLdif: users.join('\n') });
});
afterAll(async () => slapd?.stop());

/** The real connector, whose password write throws once armed: after the directory took the password, or before. */
const crashingConnector = () => {
  const crash = {
    armed: false,
    beforeWrite: false,
    crashes: 0,
    afterWrite: undefined as (() => Promise<void>) | undefined,
  };
  const real = createDirectoryConnector();
  const connector: DirectoryConnector = {
    connect(settings) {
      const connection = real.connect(settings);
      return {
        ...connection,
        async setPassword(dn, password, options) {
          if (crash.beforeWrite) {
            crash.beforeWrite = false;
            throw new Error('simulated crash: the process died before the directory write');
          }
          const written = await connection.setPassword(dn, password, options);
          const after = crash.afterWrite;
          crash.afterWrite = undefined;
          await after?.();
          if (!crash.armed) return written;
          crash.armed = false;
          crash.crashes += 1;
          throw new Error('simulated crash: the process died right after the directory write');
        },
      };
    },
  };
  return { crash, connector };
};

describe.each(dialects)('pending writebacks and their recovery (%s)', (dialect) => {
  const { crash, connector } = crashingConnector();
  const ctx = useHttpWorld(dialect, { env, overrides: { directoryConnector: connector } });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;
  const n = names(dialect);
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await connectTenant(app(), slapd);
  });

  const verifiedFlow = async (user: User) => {
    const { flowId, email } = await api().emailFlow(user.upn);
    const verified = await api().verify(flowId, {
      methodId: email.id,
      code: await lastCodeTo(app(), user.alternateEmail!),
    });
    expect(verified.json()).toMatchObject({ canSetPassword: true });
    return flowId;
  };
  const pendingOf = async (user: User): Promise<PendingWriteback[]> =>
    (await app().store.pendingWritebacks.listPending(tenant.tenantId, 1000)).filter((r) => r.userId === user.userId);
  const eventsOf = async (user: User, activity: string) =>
    (await app().store.audit.list(tenant.tenantId, { activity })).filter((e) => e.target?.id === user.userId);
  /** The flow's public reference, as its audit events carry it (the bearer flow id is never stored). */
  const flowReferenceOf = async (user: User) => {
    const [progress] = await eventsOf(user, 'Self-service password reset flow activity progress');
    return String(progress?.details.flow);
  };

  it('a normal reset and a directory refusal leave no pending writeback; their events carry the operation id', async () => {
    const user = await anOnPremUser(app(), tenant, n.normal);
    const done = await api().password(await verifiedFlow(user), 'Tulip-Canal-Bridge-88');
    expect(done.statusCode, done.body).toBe(200);
    const [success] = await eventsOf(user, 'Reset password (self-service)');
    expect(success).toMatchObject({ result: 'success', details: { writeback: 'onPremises' } });
    expect(success!.details.operationId).toMatch(/^[0-9a-f-]{36}$/);

    const refusedUser = await anOnPremUser(app(), tenant, n.quality);
    const refused = await api().password(await verifiedFlow(refusedUser), '{SSHA}Quality-Check-2026');
    expect(refused.json()).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'insufficientQuality' });
    const [failed] = await eventsOf(refusedUser, 'Reset password (self-service)');
    expect(failed).toMatchObject({ result: 'failure', details: { writeback: 'failed' } });
    expect(failed!.details.operationId).toMatch(/^[0-9a-f-]{36}$/);

    for (const u of [user, refusedUser]) expect(await pendingOf(u)).toEqual([]);
    expect((await app().services.writebackRecovery.recover()).unknown).toBe(0);
  });

  it('without a crash, a refused password asks the directory nothing more: the current one stays refused', async () => {
    // The refused write's own record must not pass for one a crash left: no bind as the user, no count, no success.
    const user = await anOnPremUser(app(), tenant, n.current);
    const flowId = await verifiedFlow(user);
    const same = await api().password(flowId, initialPassword);
    expect(same.json()).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'inHistory' });
    const events = await eventsOf(user, 'Reset password (self-service)');
    expect(events.map((e) => e.result)).toEqual(['failure']);
    expect(events[0]!.details).not.toHaveProperty('completedAfterRestart');
    expect(await app().store.lockouts.get(tenant.tenantId, user.userId)).toBeUndefined();
    expect(await pendingOf(user)).toEqual([]);
    // The flow is still open for a new password.
    expect((await api().password(flowId, 'Orchard-Ferry-Tide-63')).statusCode).toBe(200);
  });

  it('a crash after the write: the record stays, two racing recoveries write one event, the retry completes the flow', async () => {
    const user = await anOnPremUser(app(), tenant, n.crash);
    const flowId = await verifiedFlow(user);
    crash.armed = true;
    const died = await api().password(flowId, 'Harbour-Lantern-Quay-42');
    expect(died.statusCode).toBe(500);
    expect(crash.crashes).toBe(1);
    // The directory has the password; the store has no outcome, only the write-ahead record.
    expect(await ldapBind(slapd, ldapDn(n.crash), 'Harbour-Lantern-Quay-42')).toBe(true);
    expect(await eventsOf(user, 'Reset password (self-service)')).toEqual([]);
    const [record, ...others] = await pendingOf(user);
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      kind: 'reset',
      flowId: await flowReferenceOf(user),
      actor: { type: 'user', id: user.userId, upn: user.upn },
      unknownSince: null,
    });
    expect(record!.flowId).not.toBe(flowId);
    expect(record!.instance).toMatch(/:\d+:/);
    expect(JSON.stringify(record)).not.toContain('Harbour');
    expect(record!.passwordHash).toMatch(/^\$argon2id\$/);

    // Not yet stale: a live process could still be settling it. Each instance notes when it first saw it pending.
    const other = createWritebackRecovery(app().services.deps);
    for (const instance of [app().services.writebackRecovery, other])
      expect((await instance.recover()).unknown).toBe(0);
    ctx.world.clock.advance(writebackOutcomeUnknownAfterSeconds + 1);
    const rounds = await Promise.all([app().services.writebackRecovery.recover(), other.recover()]);
    expect(rounds.reduce((sum, r) => sum + r.unknown, 0)).toBe(1);
    expect((await other.recover()).unknown).toBe(0);
    const events = await eventsOf(user, 'Reset password (self-service)');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      result: 'failure',
      resultReason: outcomeUnknownReason,
      actor: { type: 'user', id: user.userId },
      details: {
        operationId: record!.operationId,
        writeback: 'unknown',
        flow: record!.flowId,
        detail: "The service stopped between the directory's write and its own record",
      },
    });
    expect(await pendingOf(user)).toEqual([]);

    // The user sends the same password again on the still-open flow: slapd refuses it (history), but it has it.
    const retry = await api().password(flowId, 'Harbour-Lantern-Quay-42');
    expect(retry.statusCode, retry.body).toBe(200);
    const [completed] = await eventsOf(user, 'Reset password (self-service)');
    expect(completed).toMatchObject({
      result: 'success',
      details: { writeback: 'onPremises', completedAfterRestart: true, operationId: record!.operationId },
    });
    expect(await app().store.pendingWritebacks.listOfFlow(tenant.tenantId, user.userId, record!.flowId!)).toEqual([]);
    expect((await api().view(flowId)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await signInApi(ctx.server, user.upn, 'Harbour-Lantern-Quay-42')).statusCode).toBe(200);
  });

  it('a retry before the recovery ran completes the flow too (a record without a hash), another password refused', async () => {
    const user = await anOnPremUser(app(), tenant, n.early);
    const flowId = await verifiedFlow(user);
    crash.armed = true;
    expect((await api().password(flowId, 'Meadow-Windmill-Dyke-17')).statusCode).toBe(500);
    // As written before migration 0036, without the hash: it counts for any password, so the bind alone decides.
    const [legacy] = await pendingOf(user);
    await app().store.pendingWritebacks.remove(tenant.tenantId, legacy!.operationId);
    await app().store.pendingWritebacks.put({ ...legacy!, passwordHash: null });
    expect((await app().services.writebackRecovery.recover()).unknown).toBe(0); // its first sighting
    // The user's password before the reset is in slapd's history too, but is not what the directory has now.
    const older = await api().password(flowId, initialPassword);
    expect(older.json()).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'inHistory' });
    // Locked out here by smart lockout (as many who reset are): the reset clears it, so it does not block the check.
    const now = ctx.world.clock.now();
    await app().store.lockouts.put(
      tenant.tenantId,
      user.userId,
      { ...initialLockoutState, lockoutCount: 1, lockedUntil: new Date(now.getTime() + 3600_000).toISOString() },
      now.toISOString(),
    );
    const retry = await api().password(flowId, 'Meadow-Windmill-Dyke-17');
    expect(retry.statusCode, retry.body).toBe(200);
    expect(await pendingOf(user)).toEqual([]);
    ctx.world.clock.advance(writebackOutcomeUnknownAfterSeconds + 1);
    expect((await app().services.writebackRecovery.recover()).unknown).toBe(0);
    const events = await eventsOf(user, 'Reset password (self-service)');
    expect(events.map((e) => e.resultReason ?? e.result)).not.toContain(outcomeUnknownReason);
    expect((await signInApi(ctx.server, user.upn, 'Meadow-Windmill-Dyke-17')).statusCode).toBe(200);
  });

  it('a crash before the write: the password the directory still has is refused, the attempted one written', async () => {
    const user = await anOnPremUser(app(), tenant, n.before);
    const flowId = await verifiedFlow(user);
    crash.beforeWrite = true;
    expect((await api().password(flowId, 'Beacon-Thistle-Marsh-36')).statusCode).toBe(500);
    const [record] = await pendingOf(user);
    expect(await ldapBind(slapd, ldapDn(n.before), initialPassword)).toBe(true);
    // slapd refuses its current password (history) and a bind would succeed; the record attempted another password.
    const older = await api().password(flowId, initialPassword);
    expect(older.json()).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'inHistory' });
    const [refused, ...none] = await eventsOf(user, 'Reset password (self-service)');
    expect(none).toEqual([]);
    expect(refused).toMatchObject({ result: 'failure', details: { writeback: 'failed' } });
    expect(refused!.details).not.toHaveProperty('completedAfterRestart');
    expect(await ldapBind(slapd, ldapDn(n.before), 'Beacon-Thistle-Marsh-36')).toBe(false);
    // The attempted password never reached slapd: written now, a normal success under its own operation id.
    const retry = await api().password(flowId, 'Beacon-Thistle-Marsh-36');
    expect(retry.statusCode, retry.body).toBe(200);
    const [done] = await eventsOf(user, 'Reset password (self-service)');
    expect(done).toMatchObject({ result: 'success', details: { writeback: 'onPremises' } });
    expect(done!.details).not.toHaveProperty('completedAfterRestart');
    expect(done!.details.operationId).not.toBe(record!.operationId);
    // The crashed record's outcome is still unknown here: the recovery reports it. The flow is over, so the hash of
    // the password it attempted (now the directory's) is gone from it.
    expect(record!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await pendingOf(user)).toEqual([{ ...record, passwordHash: null }]);
    expect((await app().services.writebackRecovery.recover()).unknown).toBe(0);
    ctx.world.clock.advance(writebackOutcomeUnknownAfterSeconds + 1);
    expect((await app().services.writebackRecovery.recover()).unknown).toBe(1);
    expect((await signInApi(ctx.server, user.upn, 'Beacon-Thistle-Marsh-36')).statusCode).toBe(200);
  });

  it("a crashed change and a crashed admin reset: each recovered as one event of the operation's activity", async () => {
    const changer = await anOnPremUser(app(), tenant, n.change);
    const cookie = await sessionCookie(ctx.server, changer.upn, aPassword);
    crash.armed = true;
    const change = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: initialPassword, newPassword: 'Orchard-Ferry-Tower-63' },
    });
    expect(change.statusCode).toBe(500);
    const target = await anOnPremUser(app(), tenant, n.admin);
    crash.armed = true;
    await expect(
      app().services.userAdmin.resetPassword(cliPrincipal(tenant.tenantId), target.upn, 'Glacier-Pepper-Violin-29'),
    ).rejects.toThrow(/simulated crash/);
    expect(await ldapBind(slapd, ldapDn(n.change), 'Orchard-Ferry-Tower-63')).toBe(true);
    expect(await ldapBind(slapd, ldapDn(n.admin), 'Glacier-Pepper-Violin-29')).toBe(true);
    const [changed] = await pendingOf(changer);
    const [reset] = await pendingOf(target);
    expect(changed).toMatchObject({ kind: 'change', flowId: null, actor: { type: 'user', id: changer.userId } });
    expect(reset).toMatchObject({ kind: 'adminReset', flowId: null, actor: { type: 'cli' } });

    const other = createWritebackRecovery(app().services.deps);
    for (const instance of [app().services.writebackRecovery, other])
      expect((await instance.recover()).unknown).toBe(0);
    ctx.world.clock.advance(writebackOutcomeUnknownAfterSeconds + 1);
    const rounds = await Promise.all([other.recover(), app().services.writebackRecovery.recover()]);
    expect(rounds.reduce((sum, r) => sum + r.unknown, 0)).toBe(2);
    const changeEvents = await eventsOf(changer, 'Change password (self-service)');
    expect(changeEvents).toHaveLength(1);
    expect(changeEvents[0]).toMatchObject({
      result: 'failure',
      resultReason: outcomeUnknownReason,
      details: { operationId: changed!.operationId, writeback: 'unknown' },
    });
    // One event for the admin reset, under SSPR's activity (not Entra's second, Core Directory one).
    expect(await eventsOf(target, 'Reset user password')).toEqual([]);
    const adminEvents = await eventsOf(target, 'Reset password (by admin)');
    expect(adminEvents).toHaveLength(1);
    expect(adminEvents[0]).toMatchObject({
      resultReason: outcomeUnknownReason,
      actor: { type: 'cli' },
      details: { operationId: reset!.operationId },
    });
    // Records without a flow are removed by the claim itself: nothing left, not even marked unknown.
    for (const u of [changer, target])
      expect(
        (await app().store.pendingWritebacks.listPending(tenant.tenantId, 1000)).some((r) => r.userId === u.userId),
      ).toBe(false);
  });

  it("an admin reset whose record fails after the directory's write is audited at once, not left unknown", async () => {
    const target = await anOnPremUser(app(), tenant, n.gone);
    // The user goes while the directory takes the password: the final transaction's re-read refuses.
    crash.afterWrite = async () => {
      await app().store.users.delete(tenant.tenantId, target.userId);
    };
    await expect(
      app().services.userAdmin.resetPassword(cliPrincipal(tenant.tenantId), target.upn, 'Lagoon-Saddle-Prism-51'),
    ).rejects.toThrow(/does not exist/);
    expect(await ldapBind(slapd, ldapDn(n.gone), 'Lagoon-Saddle-Prism-51')).toBe(true);
    expect(await pendingOf(target)).toEqual([]);
    const events = await eventsOf(target, 'Reset password (by admin)');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      result: 'failure',
      resultReason: 'OnPremisesSuccessCloudFailure',
      details: { writeback: 'onPremises' },
    });
    expect(events[0]!.details.operationId).toMatch(/^[0-9a-f-]{36}$/);
    ctx.world.clock.advance(writebackOutcomeUnknownAfterSeconds + 1);
    expect((await app().services.writebackRecovery.recover()).unknown).toBe(0);
  });

  it('a store that cannot take the record stops the reset before the directory; one failing after it keeps the record', async () => {
    const user = await anOnPremUser(app(), tenant, n.down);
    const flowId = await verifiedFlow(user);
    const fail = { put: true, transactions: false };
    const real = app().store;
    const store: Store = {
      ...real,
      pendingWritebacks: {
        ...real.pendingWritebacks,
        put: (record) => (fail.put ? Promise.reject(new Error('store down')) : real.pendingWritebacks.put(record)),
      },
      transaction: (work) => (fail.transactions ? Promise.reject(new Error('store down')) : real.transaction(work)),
    };
    const reset = createServices({ ...app().services.deps, store }).passwordReset;
    const ctx0 = { ipAddress: '192.0.2.7', locale: 'en' as const, supportCode: 'test' };
    await expect(reset.setPassword(flowId, { newPassword: 'Lantern-Harbour-Gull-55' }, ctx0)).rejects.toThrow(
      'store down',
    );
    // Fail closed: without its record the directory was never asked.
    expect(await ldapBind(slapd, ldapDn(n.down), initialPassword)).toBe(true);
    expect(await ldapBind(slapd, ldapDn(n.down), 'Lantern-Harbour-Gull-55')).toBe(false);
    expect(await pendingOf(user)).toEqual([]);

    // The record commits, the directory takes the password, then no transaction commits: Entra's
    // OnPremisesSuccessCloudFailure for the user, and the record stays for the recovery (nothing else was recorded).
    Object.assign(fail, { put: false, transactions: true });
    const written = await reset.setPassword(flowId, { newPassword: 'Lantern-Harbour-Gull-55' }, ctx0);
    expect(written).toMatchObject({ ok: false, code: 'ON_PREMISES_SUCCESS_CLOUD_FAILURE' });
    expect(await ldapBind(slapd, ldapDn(n.down), 'Lantern-Harbour-Gull-55')).toBe(true);
    expect(await pendingOf(user)).toHaveLength(1);
    expect(await eventsOf(user, 'Reset password (self-service)')).toEqual([]);
  });
});
