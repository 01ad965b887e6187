/**
 * Every row of every table, read over a second connection to the test world's database (as someone holding a copy
 * would read it), to tell what a request changed. The SQLite world therefore lives in a file, not in memory.
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { aTenant } from './factories.js';
import type { TestDialect } from './postgres.js';
import { createTestWorld, type HttpWorld } from './world.js';

/** table → its rows, each as canonical JSON, sorted: two snapshots are equal when nothing changed. */
export type Snapshot = Map<string, string[]>;

/** Columns a comparison leaves out, each with the reason it may change; `table.column`. */
export type Ignored = Record<string, string>;

const canonical = (row: Record<string, unknown>, table: string, ignored: Ignored): string =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .filter((column) => !(`${table}.${column}` in ignored))
      .map((column) => {
        const value = row[column];
        // PostgreSQL hands back bigints as strings and SQLite as numbers: compare them as text (JSON as JSON).
        if (value === null || value === undefined) return [column, null];
        if (Buffer.isBuffer(value)) return [column, value.toString('hex')];
        if (value instanceof Date) return [column, value.toISOString()];
        if (typeof value === 'string') return [column, value];
        if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
          return [column, value.toString()];
        return [column, JSON.stringify(value)];
      }),
  );

/** Every table of the store, on either dialect. */
export const tableNames = async (copy: OpenDatabase): Promise<string[]> => {
  const tables =
    copy.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(copy.db)
      : await sql<{ name: string }>`
          select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          copy.db,
        );
  return tables.rows.map((r) => r.name);
};

export const snapshotOf = async (
  copy: OpenDatabase,
  options: { tenantId?: string; ignored?: Ignored } = {},
): Promise<Snapshot> => {
  const snapshot: Snapshot = new Map();
  for (const name of await tableNames(copy)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(copy.db)).rows.filter(
      (row) => options.tenantId === undefined || row.tenant_id === options.tenantId,
    );
    snapshot.set(name, rows.map((row) => canonical(row, name, options.ignored ?? {})).sort());
  }
  return snapshot;
};

/** What differs between two snapshots, table by table ("+" a row that appeared, "-" one that went or changed). */
export const differences = (before: Snapshot, after: Snapshot): string[] => {
  const found: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = new Set(before.get(table) ?? []);
    const now = new Set(after.get(table) ?? []);
    for (const row of was) if (!now.has(row)) found.push(`${table} - ${row}`);
    for (const row of now) if (!was.has(row)) found.push(`${table} + ${row}`);
  }
  return found;
};

/**
 * `useHttpWorld` whose database a second connection reads (`ctx.copy`): a SQLite file in a temporary directory, or
 * the world's own throwaway PostgreSQL database.
 */
export const useSnapshotWorld = (
  dialect: TestDialect,
  options: { env?: Record<string, string> } = {},
): HttpWorld & { copy: OpenDatabase } => {
  const context = {} as HttpWorld & { copy: OpenDatabase };
  let dir: string | undefined;
  beforeAll(async () => {
    dir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'sspr-snapshot-')) : undefined;
    context.world = await createTestWorld(dialect, {
      ...options.env,
      ...(dir && { SSPR_DATABASE_URL: `sqlite:${join(dir, 'sspr.db')}` }),
    });
    context.server = await context.world.app.http();
    context.copy = openDatabase(context.world.config.databaseUrl);
    const tenant = await aTenant(context.world.app);
    context.domain = tenant.domains[0]!;
    context.tenantId = tenant.tenantId;
  });
  afterAll(async () => {
    await context.copy?.db.destroy();
    await context.world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return context;
};
