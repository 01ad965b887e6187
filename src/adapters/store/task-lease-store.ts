import type { Kysely } from 'kysely';
import type { TaskLeaseRepository } from '../../core/ports.js';
import type { Dialect } from './database.js';
import { databaseNow } from './database-clock.js';
import type { Database } from './schema.js';

/**
 * One row per task (migration 0039); both dialects take the upsert with a conditional update. The lease's expiry is
 * written AND compared by the database's clock (database-clock.ts), never an instance's: a host whose clock runs
 * ahead cannot write a lease that blocks the others past its length, and one behind cannot take a live lease.
 */
export const createTaskLeaseStore = (db: Kysely<Database>, dialect: Dialect): TaskLeaseRepository => ({
  async claim(task, holder, leaseMs) {
    // The update applies only to a free or own lease. PostgreSQL locks the conflicting row and re-reads it, so a
    // racing claimer sees the winner's lease and changes nothing; SQLite runs one writer at a time.
    const result = await db
      .insertInto('task_leases')
      .values({ task, holder, leased_until: databaseNow(dialect, leaseMs / 1000) })
      .onConflict((oc) =>
        oc
          .column('task')
          .doUpdateSet((eb) => ({ holder, leased_until: eb.ref('excluded.leased_until') }))
          .where((eb) =>
            eb.or([eb('task_leases.leased_until', '<=', databaseNow(dialect)), eb('task_leases.holder', '=', holder)]),
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  async release(task, holder) {
    await db.deleteFrom('task_leases').where('task', '=', task).where('holder', '=', holder).execute();
  },
});
