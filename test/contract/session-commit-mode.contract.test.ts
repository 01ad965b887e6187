/**
 * How a sign-in's session commits (issue #18 item 1, docs/security.md "Store durability"). On PostgreSQL the usual
 * sign-in's one statement (session + sign-in log row, outside any transaction) commits without waiting for the WAL
 * flush, and nothing else does: inside a transaction (a lockout cleared, the previous session ended with it) the
 * session is written by the durable statement. On SQLite every commit is `synchronous = NORMAL`, the same trade.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import type { Database } from '../../src/adapters/store/schema.js';
import { createSessionStore, insertSessionWithSignIn } from '../../src/adapters/store/session-store.js';
import { createSignInLogStore } from '../../src/adapters/store/sign-in-log-store.js';
import type { User } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';
import { aSessionRecord, aStoredTenant, aUserRecord } from '../support/store-suite.js';

const now = '2026-03-01T09:00:00.000Z';

const aSession = (user: User, sessionHash: string) => aSessionRecord(user, sessionHash, now);
const aSignIn = (user: User, userAgent: string) => ({
  tenantId: user.tenantId,
  occurredAt: now,
  userId: user.userId,
  upn: user.upn,
  result: 'success' as const,
  errorCode: 0,
  failureReason: null,
  ipAddress: '192.0.2.7',
  userAgent,
});

const synchronousCommit = async (db: Kysely<Database>) =>
  (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0]?.synchronous_commit;

describe.runIf(testDialects().includes('postgres'))('session commit mode (postgres)', () => {
  let database: OpenDatabase;
  let store: Store;
  let drop: () => Promise<void>;
  /** One connection, so a setting that outlived its transaction would show on the next statement. */
  let single: Kysely<Database>;
  const sent: string[] = [];
  let user: User;

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    drop = throwaway.drop;
    database = openDatabase(throwaway.url);
    await migrateToLatest(database);
    store = createKyselyStore(database);
    single = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: throwaway.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') sent.push(event.query.sql);
      },
    });
    const tenant = await aStoredTenant(store);
    user = aUserRecord(tenant.tenantId, `commit@${tenant.domains[0]}`);
    await store.users.create(user, now);
  });
  afterAll(async () => {
    await single?.destroy();
    await store?.close();
    await drop?.();
  });

  it('the async statement turns synchronous_commit off for its own transaction only', async () => {
    await single.transaction().execute(async (trx) => {
      await insertSessionWithSignIn(trx, aSession(user, 'async'), aSignIn(user, 'Async/1'), { asyncCommit: true });
      // The session insert's RETURNING ran: PostgreSQL reads this setting when the transaction commits.
      expect(await synchronousCommit(trx)).toBe('off');
    });
    expect(await synchronousCommit(single)).toBe('on');
    await single.transaction().execute(async (trx) => {
      await insertSessionWithSignIn(trx, aSession(user, 'durable'), aSignIn(user, 'Durable/1'), { asyncCommit: false });
      expect(await synchronousCommit(trx)).toBe('on');
    });
    for (const hash of ['async', 'durable']) expect(await store.sessions.find(user.tenantId, hash)).toBeDefined();
    const logged = await store.signIns.page(user.tenantId, {}, { top: 10, skip: 0 });
    expect(logged.map((e) => e.userAgent)).toEqual(expect.arrayContaining(['Async/1', 'Durable/1']));
  });

  it('the store commits a session opened alone asynchronously, and one in a transaction durably', async () => {
    const sessions = createSessionStore(single, 'postgres', createSignInLogStore(single));
    sent.length = 0;
    await sessions.create(aSession(user, 'alone'), aSignIn(user, 'Alone/1'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain("set_config('synchronous_commit', 'off', true)");
    // The setting went with that statement's transaction.
    expect(await synchronousCommit(single)).toBe('on');

    sent.length = 0;
    await single.transaction().execute(async (trx) => {
      await createSessionStore(trx, 'postgres', createSignInLogStore(trx)).create(
        aSession(user, 'in-transaction'),
        aSignIn(user, 'Transaction/1'),
      );
      expect(await synchronousCommit(trx)).toBe('on');
    });
    expect(sent.filter((text) => text.includes('set_config'))).toEqual([]);

    // SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT=0: a session opened alone commits durably too.
    sent.length = 0;
    await createSessionStore(single, 'postgres', createSignInLogStore(single), { asyncCommit: false }).create(
      aSession(user, 'durable-alone'),
      aSignIn(user, 'DurableAlone/1'),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toContain('set_config');
    for (const hash of ['alone', 'in-transaction', 'durable-alone'])
      expect(await store.sessions.find(user.tenantId, hash)).toMatchObject(aSession(user, hash));
  });
});

describe.runIf(testDialects().includes('sqlite'))('session commit mode (sqlite)', () => {
  it('every commit is WAL with synchronous = NORMAL: the trade the PostgreSQL session write makes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sspr-commit-mode-'));
    const database = openDatabase(`sqlite:${join(dir, 'store.db')}`);
    try {
      expect((await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db)).rows).toEqual([
        { journal_mode: 'wal' },
      ]);
      // 1 = NORMAL: a commit appends to the log without an fsync of its own (2 = FULL would wait for one).
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db)).rows).toEqual([
        { synchronous: 1 },
      ]);
    } finally {
      await database.db.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
