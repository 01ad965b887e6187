/**
 * The delivery worker claims due messages every second on every instance, and the queue keeps a day of finished
 * ones: on PostgreSQL the claim must reach its rows through indexes, never by reading the whole table. The claim's
 * own SQL (as the store sends it) is explained with sequential scans priced out (`enable_seqscan = off`): a plan
 * that still scans `delivery_queue` has no index to use. Found by review: the locked pick compared as
 * `(tenant_id, message_id) = ANY(ARRAY(row(...)))`, which no index serves.
 */
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/adapters/store/database.js';
import { createDeliveryQueueStore } from '../../src/adapters/store/delivery-queue-store.js';
import type { Database } from '../../src/adapters/store/schema.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';

describe.runIf(testDialects().includes('postgres'))('delivery claim plan (postgres)', () => {
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  const sent: CompiledQuery[] = [];

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    drop = throwaway.drop;
    const database = openDatabase(throwaway.url);
    await migrateToLatest(database);
    await database.db.destroy();
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: throwaway.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') sent.push(event.query);
      },
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('reaches the claimed rows through indexes only', async () => {
    const queue = createDeliveryQueueStore(db, 'postgres');
    await queue.claimDue('2026-03-01T09:00:00.000Z', '2026-03-01T09:02:00.000Z', 25, 'plan-check');
    expect(sent).toHaveLength(1);
    const claim = sent[0]!;
    expect(claim.sql).toMatch(/^update "delivery_queue"/);

    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${claim.sql}`, [...claim.parameters]),
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('delivery_queue_pk');
    expect(plan).not.toMatch(/Seq Scan on delivery_queue/);
  });
});
