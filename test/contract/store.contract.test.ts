/**
 * The Store port's contract, run against every dialect (SSPR_TEST_DIALECTS, default sqlite,postgres).
 * Each dialect gets its own fresh database; every test builds its own tenant.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/adapters/store/database.js';
import type { Store } from '../../src/core/ports.js';
import type { AuditEvent, User } from '../../src/core/model.js';
import { aSessionRecord, aUserRecord, describeStore } from '../support/store-suite.js';

let sequence = 0;
const id = (prefix: string) => `${prefix}-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;
const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

const aTenant = async (store: Store) => {
  const tenant = {
    tenantId: uuid(),
    name: 'Contoso',
    country: 'NL',
    isTrial: false,
    createdAt: now,
    domains: [`${id('d')}.example`, `${id('alt')}.example`],
  };
  await store.tenants.create(tenant);
  return tenant;
};

const aUser = (tenantId: string, upn: string, overrides: Partial<User> = {}) =>
  aUserRecord(tenantId, upn, {
    mobilePhone: '+31612345678',
    alternateEmail: 'adele@fabrikam.example',
    roles: ['GlobalAdministrator', 'HelpdeskAdministrator'],
    ...overrides,
  });

const aSession = (user: User, sessionHash: string) => aSessionRecord(user, sessionHash, now);

const anEvent = (tenantId: string, occurredAt: string): AuditEvent => ({
  tenantId,
  eventId: uuid(),
  occurredAt,
  service: 'Self-service Password Management',
  category: 'UserManagement',
  activity: 'Change password (self-service)',
  result: 'success',
  resultReason: null,
  actor: { type: 'user', id: 'u1', upn: 'a@b.example' },
  target: { type: 'user', id: 'u1', name: 'a@b.example' },
  ipAddress: '127.0.0.1',
  details: { revokedSessions: 2, note: null },
});

describeStore('store contract', (store, dialect, database) => {
  it('migrates once: migrating again is a no-op (every instance migrates at start)', async () => {
    expect((await migrateToLatest(database)).applied).toEqual([]);
  });

  it('reports its dialect and answers a ping', async () => {
    expect(store.dialect).toBe(dialect);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('stores tenants and finds them by any verified domain, case-insensitively', async () => {
    const tenant = await aTenant(store);
    expect(await store.tenants.findByDomain(tenant.domains[1]!.toUpperCase())).toEqual(tenant);
    expect(await store.tenants.findById(tenant.tenantId)).toEqual(tenant);
    expect((await store.tenants.list()).map((t) => t.tenantId)).toContain(tenant.tenantId);
    expect(await store.tenants.findByDomain('nobody.example')).toBeUndefined();
  });

  it('refuses a domain verified by another tenant', async () => {
    const tenant = await aTenant(store);
    const other = { ...tenant, tenantId: uuid(), domains: [tenant.domains[0]!] };
    await expect(store.tenants.create(other)).rejects.toThrow();
  });

  it('round-trips a user with roles and finds it by UPN case-insensitively', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `Adele.Vance@${tenant.domains[0]}`);
    await store.users.create(user, now);
    const found = await store.users.findByUpn(tenant.tenantId, user.upn.toLowerCase());
    expect(found).toEqual({ ...user, roles: [...user.roles].sort() });
    expect(await store.users.findById(tenant.tenantId, user.userId)).toEqual(found);
    expect(await store.users.list(tenant.tenantId)).toEqual([found]);
  });

  it('keeps tenants apart: the same UPN key in another tenant is another user', async () => {
    const a = await aTenant(store);
    const b = await aTenant(store);
    const user = aUser(a.tenantId, `x@${a.domains[0]}`);
    await store.users.create(user, now);
    expect(await store.users.findByUpn(b.tenantId, user.upn)).toBeUndefined();
    expect(await store.users.findById(b.tenantId, user.userId)).toBeUndefined();
    await expect(store.users.create({ ...user, userId: uuid(), upn: user.upn.toUpperCase() }, now)).rejects.toThrow();
  });

  it('searches users by UPN prefix, case-insensitively and literally, one page at a time', async () => {
    const tenant = await aTenant(store);
    const other = await aTenant(store);
    const domain = tenant.domains[0]!;
    for (const local of ['anna', 'Annabel', 'an_dre', 'andre', 'bob'])
      await store.users.create(aUser(tenant.tenantId, `${local}@${domain}`), now);
    await store.users.create(aUser(other.tenantId, `anna@${other.domains[0]}`), now);
    const upns = async (options: { prefix?: string; offset: number; limit: number }) =>
      (await store.users.search(tenant.tenantId, options)).map((u) => u.upn.split('@')[0]);
    expect(await upns({ prefix: 'ANN', offset: 0, limit: 10 })).toEqual(['anna', 'Annabel']);
    // "_" is a LIKE wildcard; here it only matches itself.
    expect(await upns({ prefix: 'an_', offset: 0, limit: 10 })).toEqual(['an_dre']);
    expect(await upns({ offset: 0, limit: 2 })).toEqual(['an_dre', 'andre']);
    expect(await upns({ offset: 4, limit: 2 })).toEqual(['bob']);
    expect(await upns({ prefix: '%', offset: 0, limit: 10 })).toEqual([]);
    expect((await store.users.search(tenant.tenantId, { offset: 0, limit: 1 }))[0]?.roles).toEqual([
      'GlobalAdministrator',
      'HelpdeskAdministrator',
    ]);
  });

  it('sets a password hash and its time', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `p@${tenant.domains[0]}`);
    await store.users.create(user, now);
    await store.users.setPassword(tenant.tenantId, user.userId, '$argon2id$new', '2026-03-02T00:00:00.000Z');
    const found = await store.users.findById(tenant.tenantId, user.userId);
    expect([found?.passwordHash, found?.passwordLastSetAt]).toEqual(['$argon2id$new', '2026-03-02T00:00:00.000Z']);
  });

  it('nests groups and lists direct and transitive memberships', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `g@${tenant.domains[0]}`);
    await store.users.create(user, now);
    const group = (name: string) => ({ tenantId: tenant.tenantId, groupId: uuid(), name, createdAt: now });
    const [staff, sspr, everyone] = [group('Staff'), group('SSPR users'), group('Everyone')];
    for (const g of [staff, sspr, everyone]) await store.groups.create(g);
    await store.groups.addMember(tenant.tenantId, staff.groupId, { type: 'user', id: user.userId });
    await store.groups.addMember(tenant.tenantId, sspr.groupId, { type: 'group', id: staff.groupId });
    await store.groups.addMember(tenant.tenantId, everyone.groupId, { type: 'group', id: sspr.groupId });
    expect(await store.groups.findByName(tenant.tenantId, 'sspr USERS')).toEqual(sspr);
    expect(await store.groups.listMembers(tenant.tenantId, sspr.groupId)).toEqual([
      { type: 'group', id: staff.groupId },
    ]);
    const member = { type: 'user' as const, id: user.userId };
    expect((await store.groups.listDirectGroupsOf(tenant.tenantId, member)).map((g) => g.name)).toEqual(['Staff']);
    expect((await store.groups.listTransitiveGroupsOf(tenant.tenantId, member)).map((g) => g.name)).toEqual([
      'Everyone',
      'SSPR users',
      'Staff',
    ]);
    await expect(store.groups.create({ ...group('staff') })).rejects.toThrow();
    expect((await store.groups.list(tenant.tenantId)).map((g) => g.name)).toEqual(['Everyone', 'SSPR users', 'Staff']);
    expect(await store.groups.list((await aTenant(store)).tenantId)).toEqual([]);
  });

  it('creates, touches, finds and revokes sessions', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `s@${tenant.domains[0]}`);
    await store.users.create(user, now);
    const session = (hash: string) => aSession(user, hash);
    for (const hash of ['h1', 'h2', 'h3']) await store.sessions.create(session(hash));
    await store.sessions.touch(tenant.tenantId, 'h1', '2026-03-01T09:05:00.000Z');
    expect((await store.sessions.find(tenant.tenantId, 'h1'))?.lastSeenAt).toBe('2026-03-01T09:05:00.000Z');
    expect(await store.sessions.deleteAllForUser(tenant.tenantId, user.userId, 'h1')).toBe(2);
    expect(await store.sessions.find(tenant.tenantId, 'h2')).toBeUndefined();
    await store.sessions.delete(tenant.tenantId, 'h1');
    expect(await store.sessions.find(tenant.tenantId, 'h1')).toBeUndefined();
    await store.sessions.create({ ...session('old'), expiresAt: '2026-03-01T08:00:00.000Z' });
    expect(await store.sessions.deleteExpired(now)).toBeGreaterThanOrEqual(1);
    expect(await store.sessions.find(tenant.tenantId, 'old')).toBeUndefined();
  });

  it('writes a session with its sign-in log row as signIns.append writes it, in a transaction too', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `w@${tenant.domains[0]}`);
    await store.users.create(user, now);
    const session = (hash: string) => aSession(user, hash);
    const row = (userAgent: string | null) => ({
      tenantId: tenant.tenantId,
      occurredAt: now,
      userId: user.userId,
      upn: user.upn.toUpperCase(),
      result: 'success' as const,
      errorCode: 0,
      failureReason: null,
      ipAddress: '192.0.2.7',
      userAgent,
    });
    await store.sessions.create(session('with-log'), row('Combined/1.0'));
    await store.signIns.append(row('Separate/1.0'));
    await store.transaction((trx) => trx.sessions.create(session('in-transaction'), row('Transaction/1.0')));
    await expect(
      store.transaction(async (trx) => {
        await trx.sessions.create(session('rolled-back'), row('Rolled-back/1.0'));
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');

    expect(await store.sessions.find(tenant.tenantId, 'with-log')).toMatchObject(session('with-log'));
    expect(await store.sessions.find(tenant.tenantId, 'in-transaction')).toMatchObject(session('in-transaction'));
    expect(await store.sessions.find(tenant.tenantId, 'rolled-back')).toBeUndefined();
    const logged = await store.signIns.page(tenant.tenantId, {}, { top: 10, skip: 0 });
    expect(logged.map((e) => e.userAgent)).toEqual(['Transaction/1.0', 'Separate/1.0', 'Combined/1.0']);
    const [inTransaction, separate, combined] = logged.map(({ id: _id, userAgent: _agent, ...rest }) => rest);
    expect(combined).toEqual(separate);
    expect(inTransaction).toEqual(separate);
    expect(combined).toMatchObject({ upn: user.upn.toLowerCase(), result: 'success', ipAddress: '192.0.2.7' });
  });

  it('upserts lockout state', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `l@${tenant.domains[0]}`);
    await store.users.create(user, now);
    expect(await store.lockouts.get(tenant.tenantId, user.userId)).toBeUndefined();
    const state = {
      failedCount: 3,
      lockoutCount: 1,
      lockedUntil: '2026-03-01T09:01:00.000Z',
      recentBadAttempts: ['a', 'b'],
      directoryFailures: ['2026-03-01T09:00:00.000Z', '2026-03-01T09:00:30.000Z'],
    };
    await store.lockouts.put(tenant.tenantId, user.userId, state, now);
    await store.lockouts.put(tenant.tenantId, user.userId, { ...state, failedCount: 4 }, now);
    const read = await store.transaction((trx) => trx.lockouts.get(tenant.tenantId, user.userId, { forUpdate: true }));
    expect(read).toEqual({ ...state, failedCount: 4 });
    // A state without directory failures (cloud users) reads back with none.
    const { directoryFailures: _kept, ...cloud } = state;
    await store.lockouts.put(tenant.tenantId, user.userId, cloud, now);
    expect(await store.lockouts.get(tenant.tenantId, user.userId)).toEqual({ ...cloud, directoryFailures: [] });
  });

  it('rehearses a lockout count for a name no user has: the statements run, in a transaction too, and write nothing', async () => {
    const before = await store.transaction((trx) => trx.lockouts.get('', 'no-such-user'));
    await store.transaction((trx) => trx.lockouts.rehearse('', 'no-such-user', now));
    await store.lockouts.rehearse('', 'no-such-user', now);
    expect(before).toBeUndefined();
    expect(await store.lockouts.get('', 'no-such-user')).toBeUndefined();
  });

  it('appends audit events, lists them newest first, and refuses to change or delete them', async () => {
    const tenant = await aTenant(store);
    const first = anEvent(tenant.tenantId, '2026-03-01T09:00:00.000Z');
    const second = anEvent(tenant.tenantId, '2026-03-01T10:00:00.000Z');
    await store.audit.append(first);
    await store.audit.append(second);
    expect(await store.audit.list(tenant.tenantId)).toEqual([second, first]);
    expect(await store.audit.list(tenant.tenantId, { activity: 'Nope' })).toEqual([]);
    // Append-only is enforced by the database itself, not just by the port having no update verb.
    await expect(
      sql`update audit_events set activity = 'tampered' where tenant_id = ${tenant.tenantId}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from audit_events where tenant_id = ${tenant.tenantId}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    expect(await store.audit.list(tenant.tenantId)).toHaveLength(2);
  });

  it('commits a state change and its audit event together, or neither', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `t@${tenant.domains[0]}`);
    await store.users.create(user, now);
    await expect(
      store.transaction(async (trx) => {
        await trx.users.setPassword(tenant.tenantId, user.userId, '$argon2id$rolled-back', now);
        await trx.audit.append(anEvent(tenant.tenantId, now));
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect((await store.users.findById(tenant.tenantId, user.userId))?.passwordHash).toBe('$argon2id$x');
    expect(await store.audit.list(tenant.tenantId)).toEqual([]);
  });

  it('keeps outbox messages, filtered by recipient', async () => {
    const tenant = await aTenant(store);
    const message = (to: string, at: string) => ({
      tenantId: tenant.tenantId,
      messageId: uuid(),
      channel: 'email' as const,
      recipient: to,
      subject: 'Hi',
      bodyText: 'Body',
      createdAt: at,
    });
    const a = message(`a-${tenant.tenantId}@x.example`, '2026-03-01T09:00:00.000Z');
    const b = message(`b-${tenant.tenantId}@x.example`, '2026-03-01T09:01:00.000Z');
    await store.outbox.add(a);
    await store.outbox.add(b);
    expect(await store.outbox.list({ recipient: a.recipient })).toEqual([a]);
    expect(await store.outbox.list({ tenantId: tenant.tenantId })).toEqual([b, a]);
  });
});

describeStore('store contract: password protection', (store) => {
  it('stores settings per tenant and replaces them', async () => {
    const tenant = await aTenant(store);
    expect(await store.passwordProtection.getSettings(tenant.tenantId)).toBeUndefined();
    const settings = {
      profile: 'nist' as const,
      nistMinLength: 16,
      nistMaxLength: 128,
      enforceCustomList: true,
      breachedCheck: true,
      commonPasswordCheck: false,
    };
    await store.passwordProtection.putSettings(tenant.tenantId, settings, now);
    await store.passwordProtection.putSettings(tenant.tenantId, { ...settings, breachedCheck: false }, now);
    expect(await store.passwordProtection.getSettings(tenant.tenantId)).toEqual({ ...settings, breachedCheck: false });
  });

  it('keeps custom terms per tenant, keyed by normalised form', async () => {
    const [a, b] = [await aTenant(store), await aTenant(store)];
    await store.passwordProtection.addCustomTerms(
      a.tenantId,
      [
        { term: 'Contoso', key: 'contoso' },
        { term: 'Bl@nk', key: 'blank' },
      ],
      now,
    );
    await store.passwordProtection.addCustomTerms(b.tenantId, [{ term: 'contoso', key: 'contoso' }], now);
    await expect(
      store.passwordProtection.addCustomTerms(a.tenantId, [{ term: 'CONTOSO', key: 'contoso' }], now),
    ).rejects.toThrow();
    expect(await store.passwordProtection.listCustomTerms(a.tenantId)).toEqual([
      { term: 'Bl@nk', key: 'blank' },
      { term: 'Contoso', key: 'contoso' },
    ]);
    expect(await store.passwordProtection.removeCustomTerms(a.tenantId, ['contoso', 'absent'])).toBe(1);
    expect(await store.passwordProtection.listCustomTerms(a.tenantId)).toEqual([{ term: 'Bl@nk', key: 'blank' }]);
    expect(await store.passwordProtection.listCustomTerms(b.tenantId)).toEqual([{ term: 'contoso', key: 'contoso' }]);
  });
});
