/**
 * Two processes on one SQLite file (`sspr serve` and the CLI, or a second instance in the crash suite): a transaction
 * that reads before it writes must wait for the other process's write, not fail. SQLite's default (deferred) begin
 * takes a read snapshot at the first read; once another process commits, the upgrade to a writer fails at once with
 * SQLITE_BUSY, whatever the busy timeout. The store begins every SQLite transaction immediate (database.ts), so it
 * holds the write lock from the start and the other process waits its busy timeout instead.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../src/adapters/store/database.js';

let dir: string;
let database: OpenDatabase;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sspr-shared-'));
  database = openDatabase(`sqlite:${join(dir, 'store.db')}`);
  await sql`create table t (n integer not null)`.execute(database.db);
});
afterEach(async () => {
  await database.db.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** Another process inserts `n` with the store's busy timeout; resolves its exit code. */
const otherProcessInserts = (n: number) => {
  const script = `
    const Sqlite = require('better-sqlite3');
    const db = new Sqlite(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.prepare('insert into t (n) values (?)').run(${n});
    db.close();`;
  const child = spawn(process.execPath, ['-e', script, join(dir, 'store.db')], { stdio: 'inherit' });
  return new Promise<number | null>((resolve) => child.on('exit', resolve));
};

it("lets a read-then-write transaction finish while another process writes, and that process's write waits", async () => {
  let other: Promise<number | null> | undefined;
  await database.db.transaction().execute(async (trx) => {
    await sql`select count(*) as c from t`.execute(trx);
    other = otherProcessInserts(2);
    // With a deferred begin the other process commits now, and the insert below fails with SQLITE_BUSY.
    await Promise.race([other, new Promise((resolve) => setTimeout(resolve, 1500))]);
    await sql`insert into t (n) values (1)`.execute(trx);
  });
  expect(await other).toBe(0);
  const rows = await sql<{ n: number }>`select n from t order by rowid`.execute(database.db);
  // This transaction held the lock first; the other process's row follows it.
  expect(rows.rows.map((r) => r.n)).toEqual([1, 2]);
});
