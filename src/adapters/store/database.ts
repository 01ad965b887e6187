/**
 * Opens the store named by a database URL: `sqlite:PATH` (embedded default; `sqlite::memory:` for
 * throwaway use) or `postgres://…`. Migrations are one set for both dialects.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type Migration,
  type MigrationProvider,
  type Driver,
  type SqliteDialectConfig,
  sql,
} from 'kysely';
import type pg from 'pg';
import * as initial from './migrations/0001-initial.js';
import * as passwordProtection from './migrations/0002-password-protection.js';
import * as licensing from './migrations/0003-licensing.js';
import * as ssprPolicy from './migrations/0004-sspr-policy.js';
import * as apiTokens from './migrations/0005-api-tokens.js';
import * as securityInfo from './migrations/0006-security-info.js';
import * as voiceCalls from './migrations/0007-voice-calls.js';
import * as resetFlows from './migrations/0008-reset-flows.js';
import * as directoryConnections from './migrations/0009-directory-connections.js';
import * as directorySync from './migrations/0010-directory-sync.js';
import * as agents from './migrations/0011-agents.js';
import * as agentDelivery from './migrations/0012-agent-delivery.js';
import * as syncSafety from './migrations/0013-sync-safety.js';
import * as forcePasswordChange from './migrations/0014-force-password-change.js';
import * as commonPasswordCheck from './migrations/0015-common-password-check.js';
import * as deliveryQueue from './migrations/0016-delivery-queue.js';
import * as directoryLockout from './migrations/0017-directory-lockout.js';
import * as auditChain from './migrations/0020-audit-chain.js';
import * as siemStatus from './migrations/0019-siem-status.js';
import * as siemCursors from './migrations/0021-siem-cursors.js';
import * as temporaryAccessPass from './migrations/0026-temporary-access-pass.js';
import * as recoveryCodes from './migrations/0027-recovery-codes.js';
import * as auditSeals from './migrations/0029-audit-seals.js';
import * as auditSealsPostgres from './migrations/0030-audit-seals-postgres.js';
import * as auditSealMarkGuard from './migrations/0031-audit-seal-mark-guard.js';
import * as smsPumping from './migrations/0032-sms-pumping.js';
import * as auditDetailsReader from './migrations/0034-audit-details-reader.js';
import * as reports from './migrations/0018-reports.js';
import * as passkeys from './migrations/0025-passkeys.js';
import * as passwordExpiry from './migrations/0024-password-expiry.js';
import * as companyBranding from './migrations/0023-company-branding.js';
import * as reregistration from './migrations/0022-reregistration.js';
import * as shownOnce from './migrations/0033-shown-once.js';
import * as pendingWritebacks from './migrations/0035-pending-writebacks.js';
import * as writebackPasswordHash from './migrations/0036-writeback-password-hash.js';
import * as securityCodeExpiry from './migrations/0037-security-code-expiry.js';
import * as voiceCallAge from './migrations/0038-voice-call-age.js';
import * as taskLeases from './migrations/0039-task-leases.js';
import * as writebackFirstSeen from './migrations/0040-writeback-first-seen.js';
import type { Database } from './schema.js';
import { namedStatementPool } from './pg-prepared.js';
import {
  startSqliteCheckpointer,
  type SqliteCheckpointer,
  type SqliteCheckpointerOptions,
} from './sqlite-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The background WAL checkpointer, when one was asked for and the store is a SQLite file. */
  checkpointer?: SqliteCheckpointer;
}

export interface OpenDatabaseOptions {
  /**
   * Checkpoint a SQLite file's WAL on a worker thread instead of on the event loop (sqlite-checkpointer.ts): for
   * long-running processes (`sspr serve`, the benches). Ignored for PostgreSQL and `sqlite::memory:`.
   */
  backgroundCheckpoints?: Pick<SqliteCheckpointerOptions, 'onFailure' | 'intervalMs' | 'failOnRound'>;
}

export const dialectOf = (url: string): Dialect | undefined => {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  return undefined;
};

// Each driver is loaded when a URL names its dialect (both are CommonJS, so without making opening asynchronous):
// an instance on PostgreSQL never loads SQLite's, and a CLI call on SQLite never loads pg (issue 14 item 6).
const require = createRequire(import.meta.url);

export const sqlitePathOf = (url: string): string => url.slice('sqlite:'.length);

/** Distinct SQL texts kept prepared; the app has a few hundred, bulk writers vary only by batch size. */
const statementCacheSize = 1000;

/**
 * Kysely's SQLite driver prepares every query anew, and preparing costs more than running the small indexed
 * queries a request makes. Statements are kept by SQL text instead (SQLite re-prepares one itself after a schema
 * change). A statement still being iterated (a streamed query) cannot run again until it is done, so a busy one is
 * not reused.
 */
const withStatementCache = (database: SqliteDatabase.Database): SqliteDialectConfig['database'] => {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      const cached = statements.get(text);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(text);
      if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value!);
      statements.set(text, statement);
      return statement;
    },
  };
};

/**
 * Kysely's SQLite driver, with two changes. It closes the connection without awaiting anything; this one stops the
 * checkpointer first. And it begins transactions deferred: one that reads first takes a snapshot, and when another
 * process (serve and the CLI share the file) commits before its first write, SQLite refuses the upgrade at once with
 * SQLITE_BUSY, busy timeout or not — a reset or sign-in failing with 500. This one begins immediate: the write lock is
 * taken at the start, so the other process waits its busy timeout instead (test/integration/store/sqlite-shared-file).
 */
class CheckpointedSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly checkpointer: () => SqliteCheckpointer | undefined,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const destroy = driver.destroy.bind(driver);
    // The worker's connection goes first, so the main one is the last to close: SQLite then checkpoints the whole
    // WAL and removes it, as it does without a worker.
    driver.destroy = async () => {
      await this.checkpointer()?.stop();
      await destroy();
    };
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

export const openDatabase = (url: string, options: OpenDatabaseOptions = {}): OpenDatabase => {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const path = sqlitePathOf(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const Sqlite = require('better-sqlite3') as typeof SqliteDatabase;
    const database = new Sqlite(path);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    // Several processes (serve and the CLI) may share the file; wait instead of failing.
    database.pragma('busy_timeout = 5000');
    // WAL's own durability level: a commit appends to the log without waiting for fsync (checkpoints still
    // sync). The database stays consistent after a crash or power loss; a power loss (not a process crash) may
    // lose the last transactions. FULL would fsync on every commit, on the event loop (docs/security.md).
    database.pragma('synchronous = NORMAL');
    let checkpointer: SqliteCheckpointer | undefined;
    const db = new Kysely<Database>({
      dialect: new CheckpointedSqliteDialect({ database: withStatementCache(database) }, () => checkpointer),
    });
    if (options.backgroundCheckpoints && path !== ':memory:' && path !== '') {
      checkpointer = startSqliteCheckpointer({
        ...options.backgroundCheckpoints,
        path,
        // Through Kysely, so it waits for the single connection like any query (a transaction in flight finishes).
        setAutocheckpoint: async (pages) => {
          await sql.raw(`pragma wal_autocheckpoint = ${Math.trunc(pages)}`).execute(db);
        },
      });
    }
    return { db, dialect, ...(checkpointer && { checkpointer }) };
  }
  if (dialect === 'postgres') {
    const { Pool } = require('pg') as typeof pg;
    const pool = new Pool({ connectionString: url, max: 10 });
    // An idle client's error (server restart) must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    // The hot queries run as named prepared statements (pg-prepared.ts).
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) }), dialect };
  }
  throw new Error(`unsupported database URL "${url.split(':')[0]}:…" (use sqlite:PATH or postgres://…)`);
};

const migrationsFor = (dialect: Dialect): Record<string, Migration> => ({
  '0001-initial': { up: (db) => initial.up(db, dialect) },
  '0002-password-protection': { up: (db) => passwordProtection.up(db) },
  '0003-licensing': { up: (db) => licensing.up(db) },
  '0004-sspr-policy': { up: (db) => ssprPolicy.up(db) },
  '0005-api-tokens': { up: (db) => apiTokens.up(db) },
  '0006-security-info': { up: (db) => securityInfo.up(db) },
  '0007-voice-calls': { up: (db) => voiceCalls.up(db) },
  '0008-reset-flows': { up: (db) => resetFlows.up(db) },
  '0009-directory-connections': { up: (db) => directoryConnections.up(db) },
  '0010-directory-sync': { up: (db) => directorySync.up(db) },
  '0011-agents': { up: (db) => agents.up(db) },
  '0012-agent-delivery': { up: (db) => agentDelivery.up(db) },
  '0013-sync-safety': { up: (db) => syncSafety.up(db) },
  '0014-force-password-change': { up: (db) => forcePasswordChange.up(db) },
  '0015-common-password-check': { up: (db) => commonPasswordCheck.up(db) },
  '0016-delivery-queue': { up: (db) => deliveryQueue.up(db) },
  '0017-directory-lockout': { up: (db) => directoryLockout.up(db) },
  '0020-audit-chain': { up: (db) => auditChain.up(db, dialect) },
  '0021-siem-cursors': { up: (db) => siemCursors.up(db) },
  '0019-siem-status': { up: (db) => siemStatus.up(db) },
  '0026-temporary-access-pass': { up: (db) => temporaryAccessPass.up(db) },
  '0027-recovery-codes': { up: (db) => recoveryCodes.up(db) },
  '0029-audit-seals': { up: (db) => auditSeals.up(db, dialect) },
  '0030-audit-seals-postgres': { up: (db) => auditSealsPostgres.up(db, dialect) },
  '0031-audit-seal-mark-guard': { up: (db) => auditSealMarkGuard.up(db, dialect) },
  '0032-sms-pumping': { up: (db) => smsPumping.up(db) },
  '0034-audit-details-reader': { up: (db) => auditDetailsReader.up(db, dialect) },
  '0018-reports': { up: (db) => reports.up(db, dialect) },
  '0025-passkeys': { up: (db) => passkeys.up(db) },
  '0024-password-expiry': { up: (db) => passwordExpiry.up(db) },
  '0023-company-branding': { up: (db) => companyBranding.up(db) },
  '0022-reregistration': { up: (db) => reregistration.up(db) },
  '0033-shown-once': { up: (db) => shownOnce.up(db) },
  '0035-pending-writebacks': { up: (db) => pendingWritebacks.up(db) },
  '0036-writeback-password-hash': { up: (db) => writebackPasswordHash.up(db) },
  '0037-security-code-expiry': { up: (db) => securityCodeExpiry.up(db) },
  '0038-voice-call-age': { up: (db) => voiceCallAge.up(db) },
  '0039-task-leases': { up: (db) => taskLeases.up(db) },
  '0040-writeback-first-seen': { up: (db) => writebackFirstSeen.up(db) },
});

export const createMigrator = ({ db, dialect }: OpenDatabase): Migrator => {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrationsFor(dialect)) };
  return new Migrator({
    db,
    provider,
    migrationTableName: 'sspr_migrations',
    migrationLockTableName: 'sspr_migrations_lock',
    // Features land in parallel branches, each with its own reserved number, so a store migrated by one branch may
    // meet a lower number from another. Every migration here is independent of the ones numbered after it (each only
    // adds its own tables and columns), so running a newly arrived lower one late is safe.
    allowUnorderedMigrations: true,
  });
};

export interface MigrationReport {
  applied: string[];
}

/** Kysely reports a failed migration as `unknown`; what it threw is an Error in practice. */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export const migrateToLatest = async (database: OpenDatabase): Promise<MigrationReport> => {
  const { error, results } = await createMigrator(database).migrateToLatest();
  if (error) throw asError(error);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
};
