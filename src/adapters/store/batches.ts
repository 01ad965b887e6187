import { sql, type Expression, type SqlBool } from 'kysely';
import type { Dialect } from './database.js';

/**
 * Bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since
 * 3.32, as better-sqlite3 bundles it) and PostgreSQL's wire-protocol limit (65535).
 */
export const parameterLimit: Readonly<Record<Dialect, number>> = { sqlite: 32_766, postgres: 65_535 };

/** How many rows of `columns` values fit in one statement of the dialect beside `others` parameters. */
export const rowsPerStatement = (dialect: Dialect, columns: number, others = 0): number =>
  Math.floor((parameterLimit[dialect] - others) / columns);

/** Runs `write` over consecutive slices of at most `size` rows, in order. */
export const inBatches = async <T>(
  rows: readonly T[],
  size: number,
  write: (batch: T[]) => Promise<unknown>,
): Promise<void> => {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
};

/**
 * `key = ANY(ARRAY(batch))`, PostgreSQL's pick of an UPDATE's or a DELETE's batch (neither takes a LIMIT there), with
 * `batch` locking FOR UPDATE SKIP LOCKED: purges or workers running at once split the rows instead of queueing on each
 * other's locks. ARRAY(...) is evaluated once, before the write; as `key IN (batch)` the planner may rescan the
 * subquery for each row, and every rescan skips the rows this statement already took and locks fresh ones, past the
 * batch's limit.
 */
export const inLockedBatch = (key: string, batch: Expression<unknown>): Expression<SqlBool> =>
  sql<SqlBool>`${sql.ref(key)} = any(array(${batch}))`;

/**
 * The same for a two-column text key, `batch` selecting `row(first, second)`: the picked rows are unnested back into
 * columns for `(first, second) IN (...)`, so the write finds them through the key's index. (`(a, b) = ANY(ARRAY(...))`
 * compares whole records, which no index serves: every claim read the whole table.)
 */
export const inLockedPairBatch = (
  [first, second]: readonly [string, string],
  batch: Expression<unknown>,
): Expression<SqlBool> =>
  sql<SqlBool>`(${sql.ref(first)}, ${sql.ref(second)}) in (select * from unnest(array(${batch})) as picked(${sql.id(first)} text, ${sql.id(second)} text))`;
