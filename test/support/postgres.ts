import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server every store test uses; override with SSPR_TEST_POSTGRES_URL (it must allow CREATE DATABASE). */
export const postgresAdminUrl = process.env.SSPR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const howToStart =
  'PostgreSQL is required for the store tests and was not reachable at ' +
  postgresAdminUrl +
  '. Start it, e.g. ' +
  '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or set SSPR_TEST_POSTGRES_URL. ' +
  'To run SQLite only on purpose: SSPR_TEST_DIALECTS=sqlite.';

/** A throwaway database for one test file; `drop()` removes it. Never skips: an unreachable server fails loudly. */
export const createThrowawayDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `sspr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(howToStart, { cause: error });
  }
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
};

export type TestDialect = 'sqlite' | 'postgres';

/** SSPR_TEST_DIALECTS=sqlite,postgres (the default) picks which dialects the store and HTTP suites loop over. */
export const testDialects = (): TestDialect[] => {
  const raw = process.env.SSPR_TEST_DIALECTS ?? 'sqlite,postgres';
  return raw
    .split(',')
    .map((d) => d.trim())
    .filter((d): d is TestDialect => d === 'sqlite' || d === 'postgres');
};
