import type { Kysely } from 'kysely';
import { upnKey } from '../../core/directory/identifiers.js';
import type { SyncCounts } from '../../core/directory/sync-model.js';
import type { UserSource } from '../../core/model.js';
import type { DirectorySyncRepository } from '../../core/ports.js';
import { groupNameKey } from './group-store.js';
import type { Database } from './schema.js';

export const createDirectorySyncStore = (db: Kysely<Database>): DirectorySyncRepository => ({
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
      lockOwner: row.lock_owner,
      lockedUntil: row.locked_until,
    };
  },

  async claim(tenantId, connectionId, owner, now, lockedUntil) {
    // The row is created once (a concurrent creator loses on the primary key and does nothing), then
    // the lease is taken by one conditional update: exactly one of two racing instances changes the row.
    await db
      .insertInto('directory_sync_states')
      .values({ tenant_id: tenantId, connection_id: connectionId, watermark: null, last_run_at: null, last_full_run_at: null, last_outcome: null, last_counts: null, lock_owner: null, locked_until: null })
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
        ...(outcome.success && { watermark: outcome.watermark, last_counts: JSON.stringify(outcome.counts) }),
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
      .select(['user_id', 'on_prem_anchor', 'on_prem_dn', 'upn', 'display_name', 'given_name', 'surname', 'mobile_phone', 'office_phone', 'account_enabled', 'source'])
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
    }));
  },

  async linkUser(tenantId, userId, link) {
    await db
      .updateTable('users')
      .set({ on_prem_connection_id: link.connectionId, on_prem_dn: link.dn, upn: link.upn, upn_key: upnKey(link.upn) })
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
    return rows.map((row) => ({ groupId: row.group_id, anchor: row.on_prem_anchor ?? '', dn: row.on_prem_dn ?? '', name: row.name }));
  },

  async linkGroup(tenantId, groupId, link) {
    await db
      .updateTable('groups')
      .set({ on_prem_connection_id: link.connectionId, on_prem_anchor: link.anchor, on_prem_dn: link.dn, name: link.name, name_key: groupNameKey(link.name) })
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .execute();
  },
});
