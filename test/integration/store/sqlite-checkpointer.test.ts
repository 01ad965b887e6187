/**
 * The SQLite WAL checkpointer (src/adapters/store/sqlite-checkpointer.ts) on real files: the main connection keeps
 * only a backstop while the worker runs, the worker's checkpoints reach the database file, a failed worker gives the
 * main connection SQLite's checkpoints back, and closing the store ends the thread. SQLite only: PostgreSQL has no WAL of
 * ours to checkpoint.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../src/adapters/store/database.js';
import { backstopPages, startSqliteCheckpointer } from '../../../src/adapters/store/sqlite-checkpointer.js';
import { tsxLoader } from '../../support/serve-instances.js';

let dir: string;
const opened: OpenDatabase[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sspr-ckpt-'));
});
afterEach(async () => {
  for (const database of opened.splice(0)) await database.db.destroy();
  await rm(dir, { recursive: true, force: true });
});

const open = (options: Parameters<typeof openDatabase>[1] = {}) => {
  const database = openDatabase(`sqlite:${join(dir, 'store.db')}`, options);
  opened.push(database);
  return database;
};

const autocheckpoint = async ({ db }: OpenDatabase) => {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
  return rows[0]!.wal_autocheckpoint;
};

/** About 1 MB in 4 KB pages: 250 pages, under SQLite's 1000-page autocheckpoint, so only a worker copies them. */
const writeAboutOneMegabyte = async ({ db }: OpenDatabase) => {
  await sql`create table filler (body blob)`.execute(db);
  for (let i = 0; i < 256; i++) await sql`insert into filler values (randomblob(4000))`.execute(db);
};

const databaseFileBytes = () => statSync(join(dir, 'store.db')).size;

/** This process's OS threads (Linux); a worker thread is one more while it runs. */
const threads = () => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : undefined);

describe('SQLite WAL checkpointer', () => {
  it('leaves SQLite its own checkpoints (1000 pages) when not asked for, and starts no worker', async () => {
    const database = open();
    expect(database.checkpointer).toBeUndefined();
    expect(await autocheckpoint(database)).toBe(1000);
  });

  it('never starts for an in-memory store', () => {
    const database = openDatabase('sqlite::memory:', { backgroundCheckpoints: { onFailure: () => undefined } });
    opened.push(database);
    expect(database.checkpointer).toBeUndefined();
  });

  it('leaves the main connection only the backstop and copies the WAL into the database file itself', async () => {
    const database = open({ backgroundCheckpoints: { onFailure: () => undefined, intervalMs: 20 } });
    await database.checkpointer!.started;
    expect(database.checkpointer!.state).toBe('running');
    expect(await autocheckpoint(database)).toBe(backstopPages);
    const before = databaseFileBytes();
    await writeAboutOneMegabyte(database);
    // 250 pages are under both the backstop and SQLite's 1000: only the worker grows the database file.
    await vi.waitFor(() => expect(databaseFileBytes()).toBeGreaterThan(before + 1_000_000), { timeout: 5000 });
  });

  it('keeps the WAL bounded under writes with no pause at all (the backstop)', async () => {
    const database = open({ backgroundCheckpoints: { onFailure: () => undefined } });
    await database.checkpointer!.started;
    await sql`create table filler (body blob)`.execute(database.db);
    // Three times the backstop in 4 KB rows, back to back: the worker alone never catches up with these.
    for (let i = 0; i < 3 * backstopPages; i++)
      await sql`insert into filler values (randomblob(4000))`.execute(database.db);
    const walBytes = statSync(join(dir, 'store.db-wal')).size;
    expect(walBytes).toBeLessThan(1.5 * backstopPages * 4096);
  });

  it('goes back to its quarter-second rounds when a large WAL is no longer written to', async () => {
    const database = open({ backgroundCheckpoints: { onFailure: () => undefined } });
    await database.checkpointer!.started;
    await sql`create table filler (body blob)`.execute(database.db);
    // One commit of ≈ 1500 pages, over the catch-up threshold (1000) and under the backstop, then nothing: the WAL
    // cannot start over until the next write.
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 1500)
      insert into filler select randomblob(4000) from n`.execute(database.db);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const used = process.cpuUsage(cpu);
    // Measured: ≈ 7 ms of the process's CPU in these 2 s; a worker going again at once every round used ≈ 80 ms.
    expect((used.user + used.system) / 1000).toBeLessThan(35);
  });

  it('without the worker the pages stay in the WAL (the check above cannot pass without it)', async () => {
    const database = open();
    const before = databaseFileBytes();
    await writeAboutOneMegabyte(database);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(databaseFileBytes()).toBeLessThan(before + 100_000);
  });

  it('gives the main connection its checkpoints back (1000 pages) and reports it when the worker fails', async () => {
    const onFailure = vi.fn();
    const database = open({ backgroundCheckpoints: { onFailure, intervalMs: 20, failOnRound: 3 } });
    await database.checkpointer!.started;
    expect(await autocheckpoint(database)).toBe(backstopPages);
    await vi.waitFor(() => expect(onFailure).toHaveBeenCalledOnce(), { timeout: 5000 });
    expect(database.checkpointer!.state).toBe('failed');
    expect(await autocheckpoint(database)).toBe(1000);
    expect(String(onFailure.mock.calls[0]![0])).toContain('checkpointer test failure');
  });

  it('reports a worker that cannot start, leaving the main connection’s setting alone', async () => {
    const path = join(dir, 'not-a-database.db');
    writeFileSync(path, 'not SQLite'.repeat(100));
    const setAutocheckpoint = vi.fn(() => Promise.resolve());
    const onFailure = vi.fn();
    const checkpointer = startSqliteCheckpointer({ path, setAutocheckpoint, onFailure });
    await checkpointer.started;
    expect(checkpointer.state).toBe('failed');
    await vi.waitFor(() => expect(onFailure).toHaveBeenCalledOnce());
    expect(setAutocheckpoint).not.toHaveBeenCalled();
    await checkpointer.stop();
  });

  it('stops the worker before closing the store: its thread is gone and the WAL removed by the last connection', async () => {
    const before = threads();
    const database = open({ backgroundCheckpoints: { onFailure: () => undefined, intervalMs: 20 } });
    await database.checkpointer!.started;
    await writeAboutOneMegabyte(database);
    if (before !== undefined) expect(threads()).toBeGreaterThan(before);
    await database.db.destroy();
    opened.splice(opened.indexOf(database), 1);
    expect(database.checkpointer!.state).toBe('stopped');
    if (before !== undefined) expect(threads()).toBe(before);
    // SQLite removes the WAL when its last connection closes: the worker's had closed first.
    expect(existsSync(join(dir, 'store.db-wal'))).toBe(false);
  });

  it.each([
    ['closes its store', 'close', 'stopped'],
    ['forgets to close its store', 'forget', 'running'],
  ])('lets a process that %s end by itself', async (_, mode, state) => {
    const child = spawn(process.execPath, [
      '--import',
      tsxLoader,
      'test/support/checkpointer-process.ts',
      `sqlite:${join(dir, 'store.db')}`,
      mode,
    ]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, out }).toEqual({ code: 0, out: `${state}\n` });
  });
});
