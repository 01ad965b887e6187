/**
 * The writeback recovery times a pending record by its own observation, never by the record's `startedAt` (the
 * writer's clock): with instances' clocks minutes or hours apart, a live write is not reported unknown early and a
 * dead one not late. Records are put straight into the store (the crash itself is covered against slapd by
 * writeback-crash-recovery.test.ts); both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSeconds, type Clock } from '../../../src/core/clock.js';
import type { Tenant } from '../../../src/core/model.js';
import type { PendingWriteback } from '../../../src/core/ports.js';
import {
  createWritebackRecovery,
  outcomeUnknownReason,
  writebackOutcomeUnknownAfterSeconds,
} from '../../../src/services/directory/writeback-recovery.js';
import { aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

const wait = writebackOutcomeUnknownAfterSeconds;
const hours = (n: number) => n * 3600;

describe.each(testDialects())('writeback recovery by its own clock (%s)', (dialect) => {
  let world: TestWorld;
  let tenant: Tenant;
  beforeAll(async () => {
    world = await createTestWorld(dialect);
    tenant = await aTenant(world.app);
  });
  afterAll(async () => world?.close());

  /** A recovery instance whose clock is `offsetSeconds` from the world's (a skewed sibling, or a restarted one). */
  const anInstance = (offsetSeconds = 0) => {
    const clock: Clock = { now: () => addSeconds(world.clock.now(), offsetSeconds) };
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

  it('siblings whose clocks are hours apart each wait from their own sighting; racing, exactly one event', async () => {
    const { user, record } = await aPendingRecord(0);
    const behind = anInstance(-hours(3));
    const ahead = anInstance(hours(3));
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

  it('a restarted instance starts the wait again; a record settled meanwhile is never declared', async () => {
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
});
