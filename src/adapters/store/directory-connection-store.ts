import type { Kysely } from 'kysely';
import { defaultDeletionThreshold } from '../../core/directory/sync-safety.js';
import type { DirectoryMode, DirectoryTestRecord, DirectoryType, StoredDirectoryConnection } from '../../core/model.js';
import type { DirectoryConnectionRepository } from '../../core/ports.js';
import type { Database, DirectoryConnectionsTable } from './schema.js';

const toConnection = (row: DirectoryConnectionsTable): StoredDirectoryConnection => ({
  tenantId: row.tenant_id,
  connectionId: row.connection_id,
  type: row.type as DirectoryType,
  url: row.url,
  bindDn: row.bind_dn,
  sealedBindPassword: row.sealed_bind_password,
  baseDn: row.base_dn,
  userFilter: row.user_filter,
  startTls: row.start_tls === 1,
  caFile: row.ca_file,
  mode: row.mode as DirectoryMode,
  protectedGroups: JSON.parse(row.protected_groups) as string[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastTest:
    row.last_test_at === null || row.last_test_outcome === null
      ? null
      : {
          at: row.last_test_at,
          outcome: row.last_test_outcome as DirectoryTestRecord['outcome'],
          reason: row.last_test_reason,
        },
  deletionThreshold: row.deletion_threshold ?? defaultDeletionThreshold,
  // Only agent connections carry the field, so direct connections read back exactly as before 0011.
  ...(row.agent_id ? { agentId: row.agent_id } : {}),
});

export const createDirectoryConnectionStore = (db: Kysely<Database>): DirectoryConnectionRepository => ({
  async create(connection) {
    await db
      .insertInto('directory_connections')
      .values({
        tenant_id: connection.tenantId,
        connection_id: connection.connectionId,
        type: connection.type,
        url: connection.url,
        bind_dn: connection.bindDn,
        sealed_bind_password: connection.sealedBindPassword,
        base_dn: connection.baseDn,
        user_filter: connection.userFilter,
        start_tls: connection.startTls ? 1 : 0,
        ca_file: connection.caFile,
        mode: connection.mode,
        protected_groups: JSON.stringify(connection.protectedGroups),
        created_at: connection.createdAt,
        updated_at: connection.updatedAt,
        last_test_at: connection.lastTest?.at ?? null,
        last_test_outcome: connection.lastTest?.outcome ?? null,
        last_test_reason: connection.lastTest?.reason ?? null,
        agent_id: connection.agentId ?? null,
        deletion_threshold: connection.deletionThreshold ?? defaultDeletionThreshold,
      })
      .execute();
  },
  async list(tenantId) {
    const rows = await db
      .selectFrom('directory_connections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('connection_id')
      .execute();
    return rows.map(toConnection);
  },
  async find(tenantId, connectionId) {
    const row = await db
      .selectFrom('directory_connections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row && toConnection(row);
  },
  async remove(tenantId, connectionId) {
    const result = await db
      .deleteFrom('directory_connections')
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
  async setDeletionThreshold(tenantId, connectionId, threshold, updatedAt) {
    const result = await db
      .updateTable('directory_connections')
      .set({ deletion_threshold: threshold, updated_at: updatedAt })
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async recordTest(tenantId, connectionId, test) {
    await db
      .updateTable('directory_connections')
      .set({ last_test_at: test.at, last_test_outcome: test.outcome, last_test_reason: test.reason })
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .execute();
  },
});
