/**
 * Queries built and compiled once per database, then run with new values. Kysely builds an operation tree and
 * compiles it to SQL on every call; for the few statements every sign-in and every request with a session runs,
 * that cost more main-thread time than SQLite spends executing them (issue #18 item 1). Only the hot paths use this:
 * everywhere else the plain builder is clearer and the cost does not matter.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { prepareByName } from './pg-prepared.js';
import type { Database } from './schema.js';

/** A value no caller ever passes, standing in for argument `index` while the query is compiled the first time. */
const placeholder = (index: number) => `\u0000compiled-once:${index}\u0000`;

interface Compiled {
  query: CompiledQuery;
  /** Per SQL parameter: the argument it takes, or the constant the builder put there. */
  slots: Array<{ arg: number } | { constant: unknown }>;
}

/**
 * `build` must use each argument as one whole parameter value (no `${arg}%`, no branching on it): the first call
 * compiles it with placeholders and throws if an argument did not come out as exactly one parameter, so a misuse
 * fails the first test that runs it rather than running wrong SQL. On PostgreSQL it also runs as a named prepared
 * statement (pg-prepared.ts). Cached per dialect adapter (transactions share their database's adapter), so SQLite and PostgreSQL in one process each get their own SQL.
 */
export const compiledOnce = <A extends unknown[], R>(
  /** A query builder, or a raw `sql` query compiled with `.compile(db)`. */
  build: (db: Kysely<Database>, ...args: A) => Compilable<R> | CompiledQuery<R>,
): ((db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>>) => {
  const cache = new WeakMap<object, Compiled>();
  const compile = (db: Kysely<Database>, arity: number): Compiled => {
    const args = Array.from({ length: arity }, (_, i) => placeholder(i)) as unknown as A;
    const built = build(db, ...args);
    const query = 'sql' in built ? built : built.compile();
    const seen = new Set<number>();
    const slots = query.parameters.map((value) => {
      const arg = args.indexOf(value);
      if (arg < 0) return { constant: value };
      seen.add(arg);
      return { arg };
    });
    if (seen.size !== arity) throw new Error(`compiledOnce: an argument is not a whole parameter in ${query.sql}`);
    // On PostgreSQL the server parses and plans it once per connection too (pg-prepared.ts).
    prepareByName(query.sql);
    return { query, slots };
  };
  return (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let compiled = cache.get(adapter);
    if (!compiled) cache.set(adapter, (compiled = compile(db, args.length)));
    const parameters = compiled.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.constant));
    return db.executeQuery<R>({ ...compiled.query, parameters });
  };
};
