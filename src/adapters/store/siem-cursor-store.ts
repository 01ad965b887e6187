import { sql, type Kysely } from 'kysely';
import type { SiemCursorKey, SiemCursorRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

const keyed = (key: SiemCursorKey) => ({ tenant_id: key.tenantId, sink: key.sink, source: key.source });

/** The status row (0019) of a cursor: created on first use, then only its own columns change. */
const noteStatus = async (
  db: Kysely<Database>,
  key: SiemCursorKey,
  columns: { forwarded_at: string } | { last_error: string; last_error_at: string },
) => {
  await db
    .insertInto('siem_status')
    .values({ ...keyed(key), forwarded_at: null, last_error: null, last_error_at: null, ...columns })
    .onConflict((oc) => oc.columns(['tenant_id', 'sink', 'source']).doUpdateSet(columns))
    .execute();
};

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
    const moved = Number(result.numUpdatedRows) === 1;
    if (moved) await noteStatus(db, key, { forwarded_at: now });
    return moved;
  },
  async failed(key, message, now) {
    // A receiver's message is bounded: it is shown on a page and kept per cursor.
    await noteStatus(db, key, { last_error: message.slice(0, 500), last_error_at: now });
  },
  async list(tenantId) {
    const rows = await db
      .selectFrom('siem_cursors as c')
      .leftJoin('siem_status as s', (join) =>
        join.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.sink', '=', 'c.sink').onRef('s.source', '=', 'c.source'),
      )
      .select(['c.sink', 'c.source', 'c.position', 's.forwarded_at', 's.last_error', 's.last_error_at'])
      .where('c.tenant_id', '=', tenantId)
      .orderBy('c.sink')
      .orderBy('c.source')
      .execute();
    return rows.map((r) => ({
      sink: r.sink,
      source: r.source,
      position: Number(r.position),
      forwardedAt: r.forwarded_at,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
    }));
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
