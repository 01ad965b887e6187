/**
 * The Store port's contract for the report queries and the sign-in log (issue #15), on every dialect:
 * filters, keyset pages, usage counts grouped in the database, bulk registration facts, nested groups.
 */
import { expect, it } from 'vitest';
import type { AuditEvent, User } from '../../src/core/model.js';
import { aStoredTenant, aUserRecord, describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

const anEvent = (tenantId: string, occurredAt: string, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  tenantId,
  eventId: uuid(),
  occurredAt,
  service: 'Self-service Password Management',
  category: 'UserManagement',
  activity: 'Reset password (self-service)',
  result: 'success',
  resultReason: null,
  actor: { type: 'user', id: null, upn: 'a@x.example' },
  target: { type: 'user', id: 'u1', name: 'a@x.example' },
  ipAddress: '192.0.2.1',
  details: {},
  ...overrides,
});

const aUser = aUserRecord;

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString();

describeStore('store contract: reports and the sign-in log', (store) => {
  it('pages and filters audit events newest first, only in their own tenant', async () => {
    const tenant = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const events = [
      anEvent(tenant.tenantId, at(1)),
      anEvent(tenant.tenantId, at(2), { result: 'failure', resultReason: 'PasswordPolicyViolation' }),
      anEvent(tenant.tenantId, at(3), {
        activity: 'Add user',
        target: { type: 'user', id: 'u2', name: 'b@x.example' },
      }),
      anEvent(tenant.tenantId, at(3)),
    ];
    for (const e of events) await store.audit.append(e);
    await store.audit.append(anEvent(other.tenantId, at(2)));
    const ids = (list: AuditEvent[]) => list.map((e) => e.eventId);
    const all = await store.reports.auditPage(tenant.tenantId, {}, { top: 10, skip: 0 });
    expect(all).toHaveLength(4);
    expect(all[0]).toEqual([events[2]!, events[3]!].sort((a, b) => (a.eventId < b.eventId ? 1 : -1))[0]);
    expect(ids(await store.reports.auditPage(tenant.tenantId, {}, { top: 2, skip: 1 }))).toEqual(ids(all.slice(1, 3)));
    expect(ids(await store.reports.auditPage(tenant.tenantId, { result: 'failure' }, { top: 10, skip: 0 }))).toEqual([
      events[1]!.eventId,
    ]);
    expect(ids(await store.reports.auditPage(tenant.tenantId, { activity: 'Add user' }, { top: 10, skip: 0 }))).toEqual(
      [events[2]!.eventId],
    );
    for (const target of ['u2', 'b@x.example'])
      expect(ids(await store.reports.auditPage(tenant.tenantId, { target }, { top: 10, skip: 0 }))).toEqual([
        events[2]!.eventId,
      ]);
    const window = await store.reports.auditPage(tenant.tenantId, { since: at(2), until: at(3) }, { top: 10, skip: 0 });
    expect(ids(window)).toEqual([events[1]!.eventId]);
  });

  it('walks every filtered event in keyset pages without a gap or a repeat, ties on time included', async () => {
    const tenant = await aStoredTenant(store);
    for (let i = 0; i < 25; i++) await store.audit.append(anEvent(tenant.tenantId, at(Math.floor(i / 4))));
    const seen: AuditEvent[] = [];
    let cursor: { occurredAt: string; eventId: string } | null = null;
    for (;;) {
      const batch: AuditEvent[] = await store.reports.auditAfter(tenant.tenantId, {}, cursor, 7);
      seen.push(...batch);
      if (batch.length < 7) break;
      cursor = { occurredAt: batch.at(-1)!.occurredAt, eventId: batch.at(-1)!.eventId };
    }
    expect(seen.map((e) => e.eventId)).toEqual(
      (await store.reports.auditPage(tenant.tenantId, {}, { top: 100, skip: 0 })).map((e) => e.eventId),
    );
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(25);
  });

  it('counts usage per day, activity, result, reason and methods in the database', async () => {
    const tenant = await aStoredTenant(store);
    const day = (d: number, h = 9) => new Date(Date.UTC(2026, 1, d, h)).toISOString();
    await store.audit.append(anEvent(tenant.tenantId, day(1), { details: { methods: 'email' } }));
    await store.audit.append(anEvent(tenant.tenantId, day(1, 23), { details: { methods: 'email' } }));
    await store.audit.append(anEvent(tenant.tenantId, day(2), { result: 'failure', resultReason: 'SSPR_0030' }));
    await store.audit.append(anEvent(tenant.tenantId, day(2), { activity: 'Add user' }));
    await store.audit.append(anEvent(tenant.tenantId, day(5)));
    const counts = await store.reports.usageCounts(tenant.tenantId, {
      since: day(1, 0),
      until: day(3, 0),
      activities: ['Reset password (self-service)'],
    });
    expect(counts).toEqual([
      {
        day: '2026-02-01',
        activity: 'Reset password (self-service)',
        result: 'success',
        reason: null,
        methods: 'email',
        count: 2,
      },
      {
        day: '2026-02-02',
        activity: 'Reset password (self-service)',
        result: 'failure',
        reason: 'SSPR_0030',
        methods: null,
        count: 1,
      },
    ]);
  });

  it('reads registration facts a batch of users at a time, and nested group members', async () => {
    const tenant = await aStoredTenant(store);
    const domain = tenant.domains[0]!;
    const users = ['carol', 'anna', 'bob'].map((local) =>
      aUser(tenant.tenantId, `${local}@${domain}`, local === 'bob' ? { roles: ['GlobalAdministrator'] } : {}),
    );
    for (const user of users) await store.users.create(user, now);
    const [carol, anna, bob] = users as [User, User, User];
    await store.securityInfo.addMethod({
      tenantId: tenant.tenantId,
      methodId: uuid(),
      userId: anna.userId,
      type: 'alternateEmail',
      value: 'anna@mail.example',
      sealedSecret: null,
      label: null,
      status: 'verified',
      lastTotpStep: null,
      createdAt: now,
      verifiedAt: now,
      updatedAt: now,
    });
    await store.securityInfo.replaceAnswers(tenant.tenantId, bob.userId, [
      { tenantId: tenant.tenantId, userId: bob.userId, questionId: 'q1', answerHash: 'h', createdAt: at(5) },
      { tenantId: tenant.tenantId, userId: bob.userId, questionId: 'q2', answerHash: 'h', createdAt: at(7) },
    ]);
    await store.securityInfo.setConfirmedAt(tenant.tenantId, carol.userId, at(9));
    const first = await store.reports.registrationFacts(tenant.tenantId, null, 2);
    expect(first.map((f) => f.user.upn)).toEqual([anna.upn, bob.upn]);
    expect(first[0]!.methods.map((m) => m.type)).toEqual(['alternateEmail']);
    expect(first[1]).toMatchObject({
      answerCount: 2,
      answersUpdatedAt: at(7),
      user: { roles: ['GlobalAdministrator'] },
    });
    const rest = await store.reports.registrationFacts(tenant.tenantId, bob.upn.toLowerCase(), 2);
    expect(rest).toEqual([
      { user: { ...carol, roles: [] }, methods: [], answerCount: 0, answersUpdatedAt: null, confirmedAt: at(9) },
    ]);

    const outer = { tenantId: tenant.tenantId, groupId: uuid(), name: 'Outer', createdAt: now };
    const inner = { tenantId: tenant.tenantId, groupId: uuid(), name: 'Inner', createdAt: now };
    await store.groups.create(outer);
    await store.groups.create(inner);
    await store.groups.addMember(tenant.tenantId, outer.groupId, { type: 'user', id: anna.userId });
    await store.groups.addMember(tenant.tenantId, outer.groupId, { type: 'group', id: inner.groupId });
    await store.groups.addMember(tenant.tenantId, inner.groupId, { type: 'user', id: bob.userId });
    await store.groups.addMember(tenant.tenantId, inner.groupId, { type: 'group', id: outer.groupId });
    expect((await store.reports.userIdsInGroup(tenant.tenantId, outer.groupId)).sort()).toEqual(
      [anna.userId, bob.userId].sort(),
    );
  });

  it('appends sign-ins with growing ids and reads them back newest first, filtered, by keyset', async () => {
    const tenant = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const add = (tenantId: string, minute: number, upn: string, result: 'success' | 'failure') =>
      store.signIns.append({
        tenantId,
        occurredAt: at(minute),
        userId: null,
        upn,
        result,
        errorCode: result === 'success' ? 0 : 50126,
        failureReason: result === 'success' ? null : 'INVALID_CREDENTIALS',
        ipAddress: '198.51.100.7',
        userAgent: 'curl/8',
      });
    for (let i = 0; i < 5; i++)
      await add(tenant.tenantId, i, i % 2 ? 'A@x.example' : 'b@x.example', i % 2 ? 'failure' : 'success');
    await add(other.tenantId, 1, 'a@x.example', 'failure');
    const all = await store.signIns.page(tenant.tenantId, {}, { top: 10, skip: 0 });
    expect(all).toHaveLength(5);
    const ids = all.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(all[0]).toMatchObject({
      occurredAt: at(4),
      upn: 'b@x.example',
      result: 'success',
      errorCode: 0,
      userAgent: 'curl/8',
    });
    expect(await store.signIns.page(tenant.tenantId, { user: 'a@X.example' }, { top: 10, skip: 0 })).toHaveLength(2);
    expect(
      await store.signIns.page(tenant.tenantId, { result: 'failure', since: at(2) }, { top: 10, skip: 0 }),
    ).toHaveLength(1);
    expect((await store.signIns.before(tenant.tenantId, {}, ids[1]!, 2)).map((e) => e.id)).toEqual(ids.slice(2, 4));
    // The SIEM stream's reads: oldest first after a position, each tenant's newest id, and what waits.
    const ascending = [...ids].reverse();
    expect((await store.signIns.after(tenant.tenantId, ascending[1]!, 2)).map((e) => e.id)).toEqual(
      ascending.slice(2, 4),
    );
    expect((await store.signIns.after(tenant.tenantId, ascending[4]!, 10)).map((e) => e.id)).toEqual([]);
    const newest = await store.signIns.lastPositions();
    expect(newest.get(tenant.tenantId)).toBe(ascending[4]);
    expect(newest.get(other.tenantId)).toBeGreaterThan(ascending[4]!);
    expect(await store.signIns.countAfter(tenant.tenantId, ascending[1]!)).toBe(3);
    expect(await store.signIns.countAfter(tenant.tenantId, 0)).toBe(5);
  });
});
