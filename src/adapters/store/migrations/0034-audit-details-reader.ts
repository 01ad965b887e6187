import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * A reader of one field of an audit event's stored details that answers null instead of failing, for the usage
 * report's second try (report-store.ts). PostgreSQL fails a whole statement on one row whose details it cannot read:
 * text that is not JSON (a write outside the app), and also valid JSON its operators refuse — `\u0000` or a lone
 * surrogate in any string, which JSON.stringify writes for such characters. PostgreSQL 15 has no soft cast
 * (`pg_input_is_valid` is 16+), so the exception block is the guard; it starts a subtransaction per row (about 3x
 * the plain cast over 1M events, and no parallel plan), which is why the report calls it only after the plain read
 * failed. The value comes back as JSON text, as the plain read gives it; the caller decodes it.
 *
 * SQLite reads such text with `json_valid` in the query itself and needs nothing here.
 */
export const up = async (db: Kysely<unknown>, dialect: Dialect): Promise<void> => {
  if (dialect !== 'postgres') return;
  await sql`create function audit_details_field(details text, field text) returns text
    language plpgsql immutable strict as $$
    begin
      return (details::json -> field)::text;
    exception when data_exception then
      return null;
    end $$`.execute(db);
};
