/**
 * The compiled-once hot queries (compiled-once.ts) on every dialect: new values each run, inside and outside a
 * transaction, and on PostgreSQL as named prepared statements (pg-prepared.ts) that survive a schema change which
 * alters their result, as a newer instance's migration would.
 */
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { compiledOnce } from '../../src/adapters/store/compiled-once.js';
import type { Database } from '../../src/adapters/store/schema.js';
import { describeStore } from '../support/store-suite.js';

// A table of this test's own, so the schema change touches nothing else.
const rowsOf = compiledOnce((db: Kysely<Database>, key: string) =>
  sql<Record<string, unknown>>`select * from compiled_once_probe where k = ${key} order by v`.compile(db),
);

describeStore('compiled-once queries', (_store, _dialect, database) => {
  it('run with new values each time, in a transaction too, and survive a change of their result type', async () => {
    const { db } = database;
    await sql`create table compiled_once_probe (k text not null, v integer not null)`.execute(db);
    await sql`insert into compiled_once_probe (k, v) values ('a', 1), ('a', 2), ('b', 3)`.execute(db);

    expect((await rowsOf(db, 'a')).rows).toEqual([
      { k: 'a', v: 1 },
      { k: 'a', v: 2 },
    ]);
    expect((await rowsOf(db, 'b')).rows).toEqual([{ k: 'b', v: 3 }]);
    // Several connections of the pool, each preparing it once.
    const many = await Promise.all(Array.from({ length: 6 }, (_, i) => rowsOf(db, i % 2 ? 'a' : 'b')));
    expect(many.map((r) => r.rows.length)).toEqual([1, 2, 1, 2, 1, 2]);
    await db.transaction().execute(async (trx) => {
      await sql`insert into compiled_once_probe (k, v) values ('c', 4)`.execute(trx);
      expect((await rowsOf(trx, 'c')).rows).toEqual([{ k: 'c', v: 4 }]);
    });

    // `select *` now returns another row type: a statement prepared before fails on PostgreSQL until it is re-run
    // unnamed on that connection.
    await sql`alter table compiled_once_probe add column w text`.execute(db);
    const after = await Promise.all(Array.from({ length: 6 }, () => rowsOf(db, 'b')));
    for (const result of after) expect(result.rows).toEqual([{ k: 'b', v: 3, w: null }]);
  });
});
