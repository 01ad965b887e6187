/**
 * The writeback recovery times a pending record by its own observation, never by the record's `startedAt` (the
 * writer's clock): with instances' clocks minutes apart, a live write is not reported unknown early and a dead one not
 * late; its own wait is timed by its monotonic clock, so a step of its wall clock does not shorten it. The backstop:
 * the first sighting is persisted once, and a record first seen longer ago than the backstop is declared by any
 * instance, so a fleet restarting more often than the wait still reports it; racing, exactly one event. Records are
 * put straight into the store (the crash itself is covered against slapd by writeback-crash-recovery.test.ts); both
 * dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSeconds, type Clock } from '../../../src/core/clock.js';
import type { Tenant } from '../../../src/core/model.js';
import type { PendingWriteback } from '../../../src/core/ports.js';
import {
  createWritebackRecovery,
  outcomeUnknownReason,
  writebackBackstopSeconds,
  writebackOutcomeUnknownAfterSeconds,
} from '../../../src/services/directory/writeback-recovery.js';
import { aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

const wait = writebackOutcomeUnknownAfterSeconds;
const backstop = writebackBackstopSeconds;
const minutes = (n: number) => n * 60;
const hours = (n: number) => n * 3600;

describe.each(testDialects())('writeback recovery by its own clock (%s)', (dialect) => {
  let world: TestWorld;
  let tenant: Tenant;
  beforeAll(async () => {
    world = await createTestWorld(dialect);
    tenant = await aTenant(world.app);
  });
  afterAll(async () => world?.close());

  /**
   * A recovery instance whose wall clock is `offsetSeconds` from the world's (a skewed sibling, or a restarted one);
   * its monotonic reading moves with the world's, from an origin of its own.
   */
  const anInstance = (offsetSeconds = 0) => {
    const origin = Math.floor(Math.random() * 1e9);
    const clock: Clock = {
      now: () => addSeconds(world.clock.now(), offsetSeconds),
      monotonicMs: () => world.clock.monotonicMs() - origin,
    };
    return createWritebackRecovery({ ...world.app.services.deps, clock });
  };
  /** A change's pending record, written by an instance whose clock is `writerOffsetSeconds` from the world's. */
  const aPendingRecord = async (writerOffsetSeconds: number) => {
    const user = await aUser(world.app, tenant.domains[0]!);
    const record: PendingWriteback = {
      tenantId: tenant.tenantId,
      operationId: crypto.randomUUID(),
      userId: user.userId,
      flowId: null,
      kind: 'change',
      actor: { type: 'user', id: user.userId, upn: user.upn },
      startedAt: addSeconds(world.clock.now(), writerOffsetSeconds).toISOString(),
      instance: 'skewed-host:1:abcd',
      unknownSince: null,
      passwordHash: null,
      firstSeenAt: null,
    };
    await world.app.store.pendingWritebacks.put(record);
    return { user, record };
  };
  const unknownEventsOf = async (user: { userId: string }) =>
    (await world.app.store.audit.list(tenant.tenantId, { activity: 'Change password (self-service)' })).filter(
      (e) => e.target?.id === user.userId && e.resultReason === outcomeUnknownReason,
    );
  const isPending = async (record: PendingWriteback) =>
    (await world.app.store.pendingWritebacks.listPending(tenant.tenantId, 1000)).some(
      (r) => r.operationId === record.operationId,
    );

  it.each([
    ['two hours in the past', -hours(2)],
    ['two hours in the future', hours(2)],
    ['just now', 0],
  ])('a record stamped %s is declared after exactly the wait this instance saw it pending', async (_, offset) => {
    const { user, record } = await aPendingRecord(offset);
    const recovery = anInstance();
    // First sighting: whatever the record's stamp says, this instance has not seen it pending for the wait yet.
    await recovery.recover();
    world.clock.advance(wait - 1);
    await recovery.recover();
    expect(await unknownEventsOf(user)).toEqual([]);
    expect(await isPending(record)).toBe(true);
    world.clock.advance(1);
    await recovery.recover();
    const events = await unknownEventsOf(user);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ operationId: record.operationId, startedAt: record.startedAt });
    expect(await isPending(record)).toBe(false);
  });

  it('siblings whose clocks are minutes apart each wait from their own sighting; racing, exactly one event', async () => {
    const { user, record } = await aPendingRecord(0);
    // Ten minutes apart: whichever stamps the first sighting, the other's backstop is 20 minutes off when both
    // waits end.
    const behind = anInstance(-minutes(5));
    const ahead = anInstance(minutes(5));
    await Promise.all([behind.recover(), ahead.recover()]);
    world.clock.advance(wait - 1);
    const early = await Promise.all([behind.recover(), ahead.recover()]);
    expect(early.map((r) => r.unknown)).toEqual([0, 0]);
    world.clock.advance(1);
    const rounds = await Promise.all([behind.recover(), ahead.recover()]);
    expect(rounds.reduce((sum, r) => sum + r.unknown, 0)).toBe(1);
    expect(await unknownEventsOf(user)).toHaveLength(1);
    expect(await isPending(record)).toBe(false);
  });

  it('a restarted instance starts its own wait again; a record settled meanwhile is never declared', async () => {
    const { user, record } = await aPendingRecord(-hours(1));
    const settled = await aPendingRecord(-hours(1));
    await anInstance().recover();
    world.clock.advance(wait - 60);
    const restarted = anInstance();
    expect((await restarted.recover()).unknown).toBe(0);
    await world.app.store.pendingWritebacks.remove(tenant.tenantId, settled.record.operationId);
    world.clock.advance(wait - 1);
    expect((await restarted.recover()).unknown).toBe(0);
    world.clock.advance(1);
    expect((await restarted.recover()).unknown).toBe(1);
    expect(await unknownEventsOf(user)).toHaveLength(1);
    expect(await unknownEventsOf(settled.user)).toEqual([]);
    expect(await isPending(record)).toBe(false);
  });

  const firstSeenOf = async (record: PendingWriteback) =>
    (await world.app.store.pendingWritebacks.listPending(tenant.tenantId, 1000)).find(
      (r) => r.operationId === record.operationId,
    )?.firstSeenAt;

  it('a fleet restarting more often than the wait still declares the record, by the backstop, once', async () => {
    const { user, record } = await aPendingRecord(0);
    const firstSighting = world.clock.now().toISOString();
    expect((await anInstance().recover()).unknown).toBe(0);
    // Every five minutes a new instance (a rolling deploy, a crash loop): none sees the record pending for the wait.
    for (let restarts = 1; restarts < backstop / minutes(5); restarts += 1) {
      world.clock.advance(minutes(5));
      expect((await anInstance().recover()).unknown).toBe(0);
    }
    world.clock.advance(minutes(5) - 1);
    expect((await anInstance().recover()).unknown).toBe(0);
    expect(await firstSeenOf(record)).toBe(firstSighting);
    world.clock.advance(1);
    // Three fresh instances race past the backstop: one claims it and writes the one event.
    const rounds = await Promise.all([anInstance(), anInstance(), anInstance()].map((i) => i.recover()));
    expect(rounds.reduce((sum, r) => sum + r.unknown, 0)).toBe(1);
    const events = await unknownEventsOf(user);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ operationId: record.operationId });
    expect(await isPending(record)).toBe(false);
  });

  it('the first sighting is stamped once, by the instance that saw it first; later sightings do not move it', async () => {
    const { record } = await aPendingRecord(-hours(1));
    expect(await firstSeenOf(record)).toBeNull();
    const first = anInstance();
    await first.recover();
    const stamped = world.clock.now().toISOString();
    expect(await firstSeenOf(record)).toBe(stamped);
    world.clock.advance(minutes(3));
    await Promise.all([anInstance(minutes(4)).recover(), anInstance(-minutes(4)).recover(), first.recover()]);
    expect(await firstSeenOf(record)).toBe(stamped);
    world.clock.advance(wait - minutes(3));
    expect((await first.recover()).unknown).toBe(1);
    expect(await isPending(record)).toBe(false);
  });

  it('a sibling ahead by up to the margin never declares a record a live write may still settle', async () => {
    const { user, record } = await aPendingRecord(0);
    await anInstance().recover();
    // A live write settles within six minutes of any sighting; a sibling 24 minutes ahead reads the stamp as 30
    // minutes old only after that. The margin is far beyond the seconds NTP keeps hosts apart.
    expect(backstop - minutes(6)).toBeGreaterThanOrEqual(minutes(20));
    world.clock.advance(minutes(6) - 1);
    expect((await anInstance(backstop - minutes(6)).recover()).unknown).toBe(0);
    world.clock.advance(1);
    expect((await anInstance(backstop - minutes(6)).recover()).unknown).toBe(1);
    expect(await unknownEventsOf(user)).toHaveLength(1);
    expect(await isPending(record)).toBe(false);
  });

  it("a step of the instance's wall clock does not shorten its own wait (monotonic), nor reach the backstop", async () => {
    const { user, record } = await aPendingRecord(0);
    const instance = anInstance();
    await instance.recover();
    // The wall clock jumps the full wait forward (an operator, NTP) while no time passes.
    world.clock.step(wait);
    expect((await instance.recover()).unknown).toBe(0);
    world.clock.advance(wait - 1);
    expect((await instance.recover()).unknown).toBe(0);
    world.clock.advance(1);
    expect((await instance.recover()).unknown).toBe(1);
    expect(await unknownEventsOf(user)).toHaveLength(1);
    expect(await isPending(record)).toBe(false);
  });
});
