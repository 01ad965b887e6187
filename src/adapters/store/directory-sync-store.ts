import type { Kysely } from 'kysely';
import { appendChained } from './audit-chain-store.js';
import { inBatches, rowsPerStatement } from './batches.js';
import type { Dialect } from './database.js';
import { upnKey } from '../../core/directory/identifiers.js';
import type { SyncCounts, SyncFailureRecord } from '../../core/directory/sync-model.js';
import type { UserSource } from '../../core/model.js';
import type { DirectorySyncRepository } from '../../core/ports.js';
import { groupNameKey } from './group-store.js';
import { userRow } from './user-store.js';
import type { Database } from './schema.js';

export const createDirectorySyncStore = (db: Kysely<Database>, dialect: Dialect): DirectorySyncRepository => ({
  async getState(tenantId, connectionId) {
    const row = await db
      .selectFrom('directory_sync_states')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      tenantId: row.tenant_id,
      connectionId: row.connection_id,
      watermark: row.watermark,
      lastRunAt: row.last_run_at,
      lastFullRunAt: row.last_full_run_at,
      lastOutcome: row.last_outcome === 'success' || row.last_outcome === 'failure' ? row.last_outcome : null,
      lastCounts: row.last_counts ? (JSON.parse(row.last_counts) as SyncCounts) : null,
      lastFailure: row.last_failure ? (JSON.parse(row.last_failure) as SyncFailureRecord) : null,
      lockOwner: row.lock_owner,
      lockedUntil: row.locked_until,
    };
  },

  async claim(tenantId, connectionId, owner, now, lockedUntil) {
    // The row is created once (a concurrent creator loses on the primary key and does nothing), then
    // the lease is taken by one conditional update: exactly one of two racing instances changes the row.
    await db
      .insertInto('directory_sync_states')
      .values({
        tenant_id: tenantId,
        connection_id: connectionId,
        watermark: null,
        last_run_at: null,
        last_full_run_at: null,
        last_outcome: null,
        last_counts: null,
        lock_owner: null,
        locked_until: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'connection_id']).doNothing())
      .execute();
    const result = await db
      .updateTable('directory_sync_states')
      .set({ lock_owner: owner, locked_until: lockedUntil })
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async finish(tenantId, connectionId, owner, outcome) {
    const result = await db
      .updateTable('directory_sync_states')
      .set({
        lock_owner: null,
        locked_until: null,
        last_run_at: outcome.at,
        last_outcome: outcome.success ? 'success' : 'failure',
        // A failed run keeps the watermark (the next run reads those entries again); its counts are kept when it
        // has them (a run stopped by the deletion threshold applied every other change).
        ...(outcome.success && { watermark: outcome.watermark }),
        ...(outcome.counts !== null && { last_counts: JSON.stringify(outcome.counts) }),
        last_failure: outcome.success
          ? null
          : JSON.stringify(outcome.failure ?? { code: 'INTERNAL_ERROR', details: {} }),
        ...(outcome.success && outcome.full && { last_full_run_at: outcome.at }),
      })
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .where('lock_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async listLinkedUsers(tenantId, connectionId) {
    const rows = await db
      .selectFrom('users')
      .select([
        'user_id',
        'on_prem_anchor',
        'on_prem_dn',
        'upn',
        'display_name',
        'given_name',
        'surname',
        'mobile_phone',
        'office_phone',
        'account_enabled',
        'source',
        'directory_password_expires_at',
      ])
      .where('tenant_id', '=', tenantId)
      .where('on_prem_connection_id', '=', connectionId)
      .execute();
    return rows.map((row) => ({
      userId: row.user_id,
      anchor: row.on_prem_anchor ?? '',
      dn: row.on_prem_dn ?? '',
      upn: row.upn,
      displayName: row.display_name,
      givenName: row.given_name,
      surname: row.surname,
      mobilePhone: row.mobile_phone,
      officePhone: row.office_phone,
      accountEnabled: row.account_enabled === 1,
      source: row.source as UserSource,
      passwordExpiresAt: row.directory_password_expires_at ?? null,
    }));
  },

  async linkUser(tenantId, userId, link) {
    await db
      .updateTable('users')
      .set({
        on_prem_connection_id: link.connectionId,
        on_prem_dn: link.dn,
        upn: link.upn,
        upn_key: upnKey(link.upn),
        source: link.source,
      })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  },

  async listLinkedGroups(tenantId, connectionId) {
    const rows = await db
      .selectFrom('groups')
      .select(['group_id', 'on_prem_anchor', 'on_prem_dn', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('on_prem_connection_id', '=', connectionId)
      .execute();
    return rows.map((row) => ({
      groupId: row.group_id,
      anchor: row.on_prem_anchor ?? '',
      dn: row.on_prem_dn ?? '',
      name: row.name,
    }));
  },

  async linkGroup(tenantId, groupId, link) {
    await db
      .updateTable('groups')
      .set({
        on_prem_connection_id: link.connectionId,
        on_prem_anchor: link.anchor,
        on_prem_dn: link.dn,
        name: link.name,
        name_key: groupNameKey(link.name),
      })
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .execute();
  },

  async takenUpnKeys(tenantId, upns) {
    const taken = new Set<string>();
    const keys = [...new Set(upns.map(upnKey))];
    await inBatches(keys, rowsPerStatement(dialect, 1, 1), async (batch) => {
      const rows = await db
        .selectFrom('users')
        .select('upn_key')
        .where('tenant_id', '=', tenantId)
        .where('upn_key', 'in', batch)
        .execute();
      for (const row of rows) taken.add(row.upn_key);
    });
    return taken;
  },

  async createLinkedUsers(users) {
    const rows = users.map(({ user, createdAt, connectionId, dn }) => ({
      ...userRow(user, createdAt),
      on_prem_connection_id: connectionId,
      on_prem_dn: dn,
      // Read in the same listing (issue #16): a first sync of many users writes it with the insert, not after.
      directory_password_expires_at: user.directoryPasswordExpiresAt ?? null,
    }));
    await inBatches(rows, rowsPerStatement(dialect, 20), (batch) => db.insertInto('users').values(batch).execute());
  },

  async addMembers(tenantId, groupId, members) {
    const rows = members.map((m) => ({ tenant_id: tenantId, group_id: groupId, member_type: m.type, member_id: m.id }));
    await inBatches(rows, rowsPerStatement(dialect, 4), (batch) =>
      db.insertInto('group_members').values(batch).execute(),
    );
  },

  async appendAudit(events) {
    await appendChained(db, dialect, events);
  },
});
