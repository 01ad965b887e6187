/**
 * The SQL a request sends, as the database receives it (checklist §11 row 2): a decoy must send a real user's
 * statements, in the same transactions, or the difference shows in its timing. Recorded below Kysely, at the drivers
 * (better-sqlite3's statements, pg's client), so every statement counts: a transaction's begin and commit, a
 * repository's own, a store's raw `sql`. The drivers' prototypes are wrapped once per test file (vitest runs each
 * file in its own worker); statements are recorded only while `record` runs, with the texts only, never values.
 */
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
let recording: string[] | undefined;

const wrap = (target: Record<string, unknown>, name: string, textOf: (self: unknown, args: unknown[]) => string) => {
  const original = target[name] as (...args: unknown[]) => unknown;
  target[name] = function (this: unknown, ...args: unknown[]) {
    recording?.push(textOf(this, args));
    return original.apply(this, args);
  };
};

let installed = false;
const install = () => {
  if (installed) return;
  installed = true;
  // Every better-sqlite3 statement shares one prototype: reach it through a throwaway database's statement.
  const Sqlite = require('better-sqlite3') as typeof import('better-sqlite3');
  const scratch = new Sqlite(':memory:');
  const statement = Object.getPrototypeOf(scratch.prepare('select 1')) as Record<string, unknown>;
  scratch.close();
  for (const name of ['run', 'get', 'all', 'iterate'])
    wrap(statement, name, (self) => (self as { source: string }).source);
  // pg: a query is a text or a config object (the named prepared statements of pg-prepared.ts).
  wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query', (_self, [query]) =>
    typeof query === 'string' ? query : String((query as { text?: string }).text),
  );
};

/** The statements sent while `work` runs, in order, with their texts trimmed of whitespace runs. */
export const recordStatements = async (work: () => Promise<unknown>): Promise<string[]> => {
  install();
  const statements: string[] = [];
  recording = statements;
  try {
    await work();
  } finally {
    recording = undefined;
  }
  return statements.map((text) => text.replace(/\s+/g, ' ').trim());
};
