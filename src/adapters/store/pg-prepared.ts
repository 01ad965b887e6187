/**
 * PostgreSQL named prepared statements for the hot queries (compiled-once.ts). An unnamed statement is parsed and
 * planned by the server on every run; a named one once per connection, after which each run sends only Bind and
 * Execute. The server shares the machine's cores with argon2 (issue #18 item 1), so this is CPU every sign-in gives
 * back. Kysely's pg driver passes only `(text, values)` to `client.query`, so the pool handed to Kysely wraps each
 * client's `query`: a text compiled once is sent under its name, in or out of a transaction alike (a transaction is
 * just this client for longer). Every other statement goes through unchanged, so the number of statements a
 * connection keeps prepared is bounded by the hot queries.
 */
import type pg from 'pg';
import { sha256Hex } from '../secrets/sha256.js';

const names = new Map<string, string>();

/** Marks an SQL text as hot: from now on it runs as a named prepared statement on PostgreSQL. */
export const prepareByName = (text: string): void => {
  if (!names.has(text)) names.set(text, `sspr_${sha256Hex(text).slice(0, 24)}`);
};

/**
 * A statement prepared before a schema change that alters its result (a migration by a newer instance adding a
 * column to a `select *`) fails with this code and message until the connection ends; that connection then runs
 * hot texts unnamed, and the failed call once more unnamed (outside a transaction it simply succeeds; inside one
 * the transaction has failed already and says so, as it would have for any other error).
 */
const isStalePlan = (error: unknown) =>
  (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String(error));

const wrapped = new WeakSet<pg.PoolClient>();
const unnamedOnly = new WeakSet<pg.PoolClient>();

const withNamedStatements = (client: pg.PoolClient): pg.PoolClient => {
  if (wrapped.has(client)) return client;
  wrapped.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 && !unnamedOnly.has(client) && names.get(text);
    if (!name) return query(...args);
    return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      if (!isStalePlan(error)) throw error;
      unnamedOnly.add(client);
      return query(text, values);
    });
  }) as typeof client.query;
  return client;
};

/** What Kysely's PostgresDialect needs of a pool, with the hot queries named on every client it hands out. */
export const namedStatementPool = (pool: pg.Pool) => ({
  connect: async () => withNamedStatements(await pool.connect()),
  end: () => pool.end(),
});
