import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './database.js';

/**
 * The database's own clock as the store writes times (ISO-8601 text, UTC, milliseconds, `Z`: what
 * `Date.prototype.toISOString` gives), `offsetSeconds` from now. For a time several instances write and compare
 * (a task's lease, a pending writeback's first sighting): read from one clock, the database's, skew between the
 * instances' clocks cannot move it. Text of one fixed format compares in time order, so a comparison stays in SQL.
 *
 * PostgreSQL: `clock_timestamp()`, the time the expression is evaluated (not the transaction's start). SQLite:
 * `'now'`, which is the one host's clock every process sharing the file reads.
 */
export const databaseNow = (dialect: Dialect, offsetSeconds = 0): RawBuilder<string> =>
  dialect === 'postgres'
    ? sql<string>`to_char((clock_timestamp() + make_interval(secs => ${offsetSeconds})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${offsetSeconds} seconds`})`;
