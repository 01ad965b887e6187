/**
 * Crash consistency of on-premises writeback (security checklist §11 row 29; docs/security.md, "On-premises
 * writeback: the pending writeback") with a real `sspr serve` killed with SIGKILL and started again on the same store
 * (a SQLite file; a PostgreSQL database). Its tenant reaches a private slapd through a relay that can hold the
 * directory's answers back (`lagging-relay.ts`). First a change and a reset killed while slapd has taken their new
 * passwords and the answers are held: each leaves its pending writeback and no outcome; recovery instances on the
 * test's app, which see the records and are then moved 10 minutes on (as writeback-crash-recovery.test.ts does, no
 * waiting), write one OnPremisesOutcomeUnknown event each; on the still-open flow a password slapd refuses stays refused and the same one
 * completes it. Then kills at seeded moments amid several resets: whatever each crash left, a success only with the
 * new password in slapd, a changed directory never without its record, the user's retry (same or other password)
 * ending with exactly one success, nothing left pending. SSPR_CRASH_SEED=<seed> (in the test's name) replays them.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../src/core/model.js';
import {
  createWritebackRecovery,
  outcomeUnknownReason,
  unknownWritebackRetentionSeconds,
  writebackOutcomeUnknownAfterSeconds,
  type WritebackRecovery,
} from '../../../src/services/directory/writeback-recovery.js';
import { seededRandom, useCrashWorld, type Tracked } from '../../support/crash-world.js';
import {
  anOnPremUser,
  connectTenant,
  directoryPasswordOf,
  ldapBind,
  ldapDn,
  ldapUser,
  untilDirectoryPasswordIsNot,
} from '../../support/directory-world.js';
import { aPassword } from '../../support/factories.js';
import { startLaggingRelay, type LaggingRelay } from '../../support/lagging-relay.js';
import { testDialects } from '../../support/postgres.js';
import { apiCall, sessionPair, solvedCaptcha, type Answer } from '../../support/serve-api.js';
import type { ServeInstance } from '../../support/serve-instances.js';
import { initialPassword, startSlapd, type Slapd } from '../../support/slapd.js';

vi.setConfig({ testTimeout: 150_000, hookTimeout: 60_000 });

const dialects = testDialects();
const kills = 2;
const usersPerKill = 3;
/** Long enough that the relay holds the connection before slapd's answer to the write is passed on. */
const inFlightLagMs = 200;
const names = (dialect: string) => ({
  reset: `Inflight${dialect}`,
  change: `Changer${dialect}`,
  round: (i: number) => `Round${i}${dialect}`,
});
const resetActivity = 'Reset password (self-service)';
const changeActivity = 'Change password (self-service)';
type Method = { id: string; type: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let slapd: Slapd;
let relay: LaggingRelay;
beforeAll(async () => {
  const users = dialects.flatMap((d) => {
    const n = names(d);
    const rounds = Array.from({ length: kills * usersPerKill }, (_, i) => n.round(i));
    return [n.reset, n.change, ...rounds].map((name) => ldapUser(name));
  });
  slapd = await startSlapd({ tls: true, extraLdif: users.join('\n') });
  relay = await startLaggingRelay({ host: '127.0.0.1', port: slapd.port });
});
afterAll(async () => {
  await relay?.close();
  await slapd?.stop();
});

/** A request the kill cut (the connection reset) is 'cut'; an answer is returned as it came. */
const answerOrCut = (request: Promise<Answer>): Promise<Answer | 'cut'> =>
  request.catch((error: unknown) => {
    if (error instanceof TypeError) return 'cut' as const;
    throw error;
  });

describe.each(dialects)('crash consistency: SIGKILL during on-premises writeback (%s)', (dialect) => {
  // The serve processes reach slapd through the relay (same certificate: it listens on 127.0.0.1 too).
  const world = useCrashWorld(dialect, 1, { tenant: (admin) => connectTenant(admin, { ...slapd, url: relay.url }) });
  const n = names(dialect);
  const seed = Number(process.env.SSPR_CRASH_SEED) || randomInt(2 ** 31);
  const tracked: Tracked[] = [];
  let serve: ServeInstance;
  beforeAll(async () => {
    serve = await world.start();
  });

  const tenantId = () => world.tenant.tenantId;
  const reset = (flowId: string, path: string, body?: object) =>
    apiCall(serve.base, 'POST', `/api/v1/passwordreset/${flowId}${path}`, body);
  /** A reset flow through the API with its one gate (email) passed: the password step is next. */
  const verifiedFlow = async (user: User) => {
    const captcha = await solvedCaptcha(serve.base);
    const started = await apiCall(serve.base, 'POST', '/api/v1/passwordreset', { username: user.upn, captcha });
    const flowId = started.json.flowId as string;
    const view = await reset(flowId, '/intent', { intent: 'reset' });
    const methodId = (view.json.methods as Method[]).find((m) => m.type === 'email')!.id;
    const sentBefore = await world.sentCount(user.alternateEmail!);
    expect((await reset(flowId, '/challenge', { methodId })).status).toBe(200);
    const code = await world.codeTo(user.alternateEmail!, sentBefore);
    expect((await reset(flowId, '/verify', { methodId, code })).json).toMatchObject({ canSetPassword: true });
    return flowId;
  };
  const signIn = (user: User, password: string) =>
    apiCall(serve.base, 'POST', '/api/v1/session', { username: user.upn, password });
  const eventsOf = async (user: User, activity: string) =>
    (await world.admin.store.audit.list(tenantId(), { activity })).filter((e) => e.target?.id === user.userId);
  const pendingOf = async (user: User) =>
    (await world.admin.store.pendingWritebacks.listPending(tenantId(), 1000)).filter((r) => r.userId === user.userId);
  /** The flow's public reference, as its audit events and its records carry it. */
  const flowReferenceOf = async (user: User) => {
    const [progress] = await eventsOf(user, 'Self-service password reset flow activity progress');
    return String(progress?.details.flow);
  };
  /** The flow's records, pending or declared unknown. */
  const recordsOf = async (user: User) =>
    world.admin.store.pendingWritebacks.listOfFlow(tenantId(), user.userId, await flowReferenceOf(user));
  /**
   * A recovery as each `sspr serve` runs it, on the test's app with a clock the test moves on (no waiting 10 minutes):
   * it times a record from its own first sighting, so `untilUnknown` looks once, moves 10 minutes on, and declares.
   */
  const aRecovery = () => {
    let aheadMs = 0;
    let recovery: WritebackRecovery | undefined;
    // Made at first use: the test's app exists only once the world's hooks ran.
    const recover = () =>
      (recovery ??= createWritebackRecovery({
        ...world.admin.services.deps,
        clock: { now: () => new Date(Date.now() + aheadMs) },
      })).recover();
    const advance = (seconds: number) => (aheadMs += seconds * 1000);
    return {
      recover,
      advance,
      async untilUnknown() {
        await recover();
        advance(writebackOutcomeUnknownAfterSeconds + 1);
        return recover();
      },
    };
  };
  const recovery = aRecovery();
  /**
   * The kill while slapd's writes are in flight: each request is sent in turn, and once slapd has its new password the
   * relay holds that connection's answer back for good (the process waits for it); then SIGKILL and a fresh process.
   */
  const killInFlight = async (requests: Array<[name: string, send: () => Promise<Answer>]>, label: string) => {
    relay.lagMs = inFlightLagMs;
    const answers: Array<Promise<Answer | 'cut'>> = [];
    try {
      for (const [name, send] of requests) {
        answers.push(answerOrCut(send()));
        await untilDirectoryPasswordIsNot(slapd, name, initialPassword);
        relay.holdOpenConnections();
      }
      serve = await world.restart(serve, () => world.checkInvariants(tracked, label));
    } finally {
      relay.lagMs = 0;
    }
    for (const answer of answers) expect(await answer, `${label}: the request died with the process`).toBe('cut');
  };

  it('killed while slapd takes a change and a reset: pending, one unknown event each; the same password completes the flow', async () => {
    const changer = await anOnPremUser(world.admin, world.tenant, n.change);
    const changed = 'Orchard-Ferry-Tower-63';
    tracked.push({
      user: changer,
      initialHash: changer.passwordHash!,
      activity: 'changePasswordSelfService',
      newPassword: changed,
    });
    const cookie = sessionPair((await signIn(changer, aPassword)).setCookie)!;
    const user = await anOnPremUser(world.admin, world.tenant, n.reset);
    const newPassword = 'Harbour-Lantern-Quay-42';
    tracked.push({ user, initialHash: user.passwordHash!, activity: 'resetPasswordSelfService', newPassword });
    const flowId = await verifiedFlow(user);
    const body = { currentPassword: initialPassword, newPassword: changed };
    await killInFlight(
      [
        [n.change, () => apiCall(serve.base, 'POST', '/api/v1/me/password', body, { cookie })],
        [n.reset, () => reset(flowId, '/password', { newPassword })],
      ],
      'killed in flight',
    );

    // The directory has both passwords; the store has no outcome, only the write-ahead records (no password in them).
    expect(await directoryPasswordOf(slapd, n.reset, [initialPassword, newPassword])).toBe(newPassword);
    expect(await directoryPasswordOf(slapd, n.change, [initialPassword, changed])).toBe(changed);
    expect(await eventsOf(user, resetActivity)).toEqual([]);
    expect(await eventsOf(changer, changeActivity)).toEqual([]);
    const [record, ...others] = await pendingOf(user);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ kind: 'reset', flowId: await flowReferenceOf(user), unknownSince: null });
    expect(JSON.stringify(record)).not.toContain('Harbour');
    const [changeRecord, ...more] = await pendingOf(changer);
    expect(more).toEqual([]);
    expect(changeRecord).toMatchObject({ kind: 'change', flowId: null, actor: { type: 'user', id: changer.userId } });

    // Two instances see the records: not stale yet; 10 minutes on by their clocks, racing, they write one event each.
    const instances = [aRecovery(), aRecovery()];
    for (const instance of instances) expect((await instance.recover()).unknown).toBe(0);
    for (const instance of instances) instance.advance(writebackOutcomeUnknownAfterSeconds + 1);
    const both = await Promise.all(instances.map((instance) => instance.recover()));
    expect(both.reduce((sum, round) => sum + round.unknown, 0)).toBe(2);
    const outcome = (e: { result: string; resultReason?: string | null; details: Record<string, unknown> }) => [
      e.result,
      e.resultReason,
      e.details.operationId,
      e.details.writeback,
    ];
    expect((await eventsOf(user, resetActivity)).map(outcome)).toEqual([
      ['failure', outcomeUnknownReason, record!.operationId, 'unknown'],
    ]);
    expect((await eventsOf(changer, changeActivity)).map(outcome)).toEqual([
      ['failure', outcomeUnknownReason, changeRecord!.operationId, 'unknown'],
    ]);
    // The change's record went with the claim; the flow's stays, marked unknown, for the retry.
    expect([...(await pendingOf(user)), ...(await pendingOf(changer))]).toEqual([]);
    expect((await recordsOf(user))[0]?.unknownSince).not.toBeNull();
    await world.checkInvariants(tracked, 'killed in flight: after the recovery');

    // On the still-open flow: the password from before is in slapd's history and not what it has now — refused.
    const older = await reset(flowId, '/password', { newPassword: initialPassword });
    expect(older.json).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'inHistory' });
    // The same password: slapd refuses it (history) but has it — the guarded bind says so and the flow completes.
    expect((await reset(flowId, '/password', { newPassword })).json).toEqual({ status: 'passwordReset' });
    const successes = (await eventsOf(user, resetActivity)).filter((e) => e.result === 'success');
    expect(successes.map((e) => e.details)).toEqual([
      expect.objectContaining({ completedAfterRestart: true, operationId: record!.operationId }),
    ]);
    expect(await recordsOf(user)).toEqual([]);
    expect((await reset(flowId, '/password', { newPassword: 'Another-Harbour-Quay-43' })).json.code).toBe(
      'FLOW_INVALID',
    );
    expect(await ldapBind(slapd, ldapDn(n.reset), newPassword)).toBe(true);
    expect((await signIn(user, newPassword)).status).toBe(200);
    await world.checkInvariants(tracked, 'killed in flight: after the retry');
  });

  it(`keeps directory and store in agreement through ${kills} SIGKILLs amid ${usersPerKill} resets (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    for (let k = 0; k < kills; k += 1) {
      // The password steps start at seeded moments a little apart, and the kill lands anywhere in about the time one
      // takes (some 25 answers of slapd in its directory sessions, each held `lagMs` by the relay, the hash, the commit):
      // before a write-ahead record, before or after slapd's write, after the success's commit.
      const lagMs = 40 + Math.floor(random() * 80);
      const killAfterMs = 100 + Math.floor(random() * (30 * lagMs + 1000));
      const recoverFirst = random() < 0.5;
      const moment = `seed ${seed}, kill ${k + 1}: lag ${lagMs} ms, kill at ${killAfterMs} ms`;
      const resets = [];
      for (let i = 0; i < usersPerKill; i += 1) {
        const name = n.round(k * usersPerKill + i);
        const user = await anOnPremUser(world.admin, world.tenant, name);
        const [first, other] = [`Meadow-Windmill-Dyke-${k}${i}7`, `Lagoon-Saddle-Prism-${k}${i}5`];
        const t: Tracked = {
          user,
          initialHash: user.passwordHash!,
          activity: 'resetPasswordSelfService',
          newPassword: first,
        };
        tracked.push(t);
        const flowId = await verifiedFlow(user);
        const sendAtMs = Math.floor(random() * 150);
        const retryWith = random() < 0.5 ? first : other;
        const label = `${moment}, ${name} sent at ${sendAtMs} ms, retried with the ${retryWith === first ? 'same' : 'other'} password${recoverFirst ? ' after the recovery' : ''}`;
        resets.push({ name, user, t, first, other, flowId, sendAtMs, retryWith, label });
      }
      relay.lagMs = lagMs;
      // Sent to the process that is killed: one sent after the kill finds nobody listening (cut, as a crash would).
      const dying = serve.base;
      const answers = resets.map(async (r) => {
        await sleep(r.sendAtMs);
        return answerOrCut(
          apiCall(dying, 'POST', `/api/v1/passwordreset/${r.flowId}/password`, { newPassword: r.first }),
        );
      });
      await sleep(killAfterMs);
      serve = await world.restart(serve, () => world.checkInvariants(tracked, moment));
      relay.lagMs = 0;

      // What the crash left, read rather than told.
      const left = [];
      for (const [index, r] of resets.entries()) {
        const answered = await answers[index]!;
        const has = await directoryPasswordOf(slapd, r.name, [initialPassword, r.first]);
        const succeeded = (await eventsOf(r.user, resetActivity)).some((e) => e.result === 'success');
        const records = await recordsOf(r.user);
        left.push({ succeeded, records });
        expect(has, `${r.label}: the directory has one of the passwords`).toBeDefined();
        if (answered !== 'cut')
          expect(answered.json, `${r.label}: answered before the kill`).toEqual({ status: 'passwordReset' });
        if (succeeded) expect({ has, records }, `${r.label}: a success`).toEqual({ has: r.first, records: [] });
        // The write-ahead rule: the directory never changes without a record here, an outcome or a pending writeback.
        else if (has === r.first) expect(records.length, `${r.label}: changed without an outcome`).toBe(1);
      }
      if (recoverFirst) await recovery.untilUnknown();

      for (const [index, r] of resets.entries()) {
        // The user presses the button again on the flow: done already, or it completes now.
        const retry = await reset(r.flowId, '/password', { newPassword: r.retryWith });
        if (left[index]!.succeeded) expect(retry.json.code, `${r.label}: the finished flow`).toBe('FLOW_INVALID');
        else {
          expect(retry.json, `${r.label}: the retry`).toEqual({ status: 'passwordReset' });
          r.t.newPassword = r.retryWith;
        }
        const candidates = [initialPassword, r.first, r.other];
        expect(await directoryPasswordOf(slapd, r.name, candidates), r.label).toBe(r.t.newPassword);
        expect(await ldapBind(slapd, ldapDn(r.name), r.t.newPassword), r.label).toBe(true);
        expect((await signIn(r.user, r.t.newPassword)).status, `${r.label}: sign-in`).toBe(200);
      }

      // Nothing stays pending for ever: each record left is declared unknown once (one event), then purged.
      await recovery.untilUnknown();
      recovery.advance(unknownWritebackRetentionSeconds + 60);
      await recovery.recover();
      for (const [index, r] of resets.entries()) {
        expect(await pendingOf(r.user), r.label).toEqual([]);
        expect(await recordsOf(r.user), r.label).toEqual([]);
        const crashed = left[index]!.records.map((record) => record.operationId);
        const unknown = (await eventsOf(r.user, resetActivity)).filter((e) => e.resultReason === outcomeUnknownReason);
        expect(unknown.length, `${r.label}: unknown events`).toBeLessThanOrEqual(crashed.length);
        for (const e of unknown) expect(crashed, r.label).toContain(e.details.operationId);
      }
      await world.checkInvariants(tracked, `${moment}: after the retries`);
    }
  });
});
