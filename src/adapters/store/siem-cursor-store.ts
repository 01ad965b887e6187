import { sql, type Kysely } from 'kysely';
import type { SiemCursorKey, SiemCursorRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

const keyed = (key: SiemCursorKey) => ({ tenant_id: key.tenantId, sink: key.sink, source: key.source });

/** The SIEM cursors: compare-and-set on the lease columns, so two instances never forward the same stream. */
export const createSiemCursorStore = (db: Kysely<Database>): SiemCursorRepository => ({
  async lease(key, owner, now, until) {
    await db
      .insertInto('siem_cursors')
      .values({ ...keyed(key), position: 0, lease_owner: null, lease_until: null, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'sink', 'source']).doNothing())
      .execute();
    const { rows } = await sql<{ position: number }>`
      update siem_cursors set lease_owner = ${owner}, lease_until = ${until}
      where tenant_id = ${key.tenantId} and sink = ${key.sink} and source = ${key.source}
        and (lease_owner is null or lease_owner = ${owner} or lease_until < ${now})
      returning position`.execute(db);
    return rows[0] ? Number(rows[0].position) : undefined;
  },
  async advance(key, owner, position, now) {
    const result = await db
      .updateTable('siem_cursors')
      .set({ position, updated_at: now })
      .where('tenant_id', '=', key.tenantId)
      .where('sink', '=', key.sink)
      .where('source', '=', key.source)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async positions(sink, source) {
    const rows = await db
      .selectFrom('siem_cursors')
      .select(['tenant_id', 'position'])
      .where('sink', '=', sink)
      .where('source', '=', source)
      .execute();
    return new Map(rows.map((r) => [r.tenant_id, Number(r.position)]));
  },
  async release(key, owner) {
    await db
      .updateTable('siem_cursors')
      .set({ lease_owner: null, lease_until: null })
      .where('tenant_id', '=', key.tenantId)
      .where('sink', '=', key.sink)
      .where('source', '=', key.source)
      .where('lease_owner', '=', owner)
      .execute();
  },
});
