import type { Kysely } from 'kysely';
import type { TaskLeaseRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

/** One row per task (migration 0039); both dialects take the upsert with a conditional update. */
export const createTaskLeaseStore = (db: Kysely<Database>): TaskLeaseRepository => ({
  async claim(task, holder, now, until) {
    // The update applies only to a free or own lease. PostgreSQL locks the conflicting row and re-reads it, so a
    // racing claimer sees the winner's lease and changes nothing; SQLite runs one writer at a time.
    const result = await db
      .insertInto('task_leases')
      .values({ task, holder, leased_until: until })
      .onConflict((oc) =>
        oc
          .column('task')
          .doUpdateSet({ holder, leased_until: until })
          .where((eb) => eb.or([eb('task_leases.leased_until', '<=', now), eb('task_leases.holder', '=', holder)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  async release(task, holder) {
    await db.deleteFrom('task_leases').where('task', '=', task).where('holder', '=', holder).execute();
  },
});
