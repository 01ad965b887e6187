import { sql, type Kysely } from 'kysely';
import type { AssignmentState, AssignmentWithState, LicenseAssignment } from '../../core/licensing/license-states.js';
import type { SkuId } from '../../core/licensing/sku-catalogue.js';
import type { LicensingRepository } from '../../core/ports.js';
import { inBatches, rowsPerStatement } from './batches.js';
import type { Dialect } from './database.js';
import type { Database, UserLicensesTable } from './schema.js';

const licenseRow = (tenantId: string, l: AssignmentWithState): UserLicensesTable => ({
  tenant_id: tenantId,
  user_id: l.userId,
  sku_id: l.skuId,
  via_group_id: l.via.kind === 'group' ? l.via.groupId : '',
  via_group_name: l.via.kind === 'group' ? l.via.groupName : null,
  state: l.state,
  assigned_at: l.assignedAt,
});

/** Columns of a user_licenses row: batches are as large as the dialect's parameter limit allows. */
const licenseColumns = 7;

export const createLicensingStore = (db: Kysely<Database>, dialect: Dialect): LicensingRepository => ({
  async listSubscriptions(tenantId) {
    const rows = await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('sku_id')
      .execute();
    return rows.map((r) => ({ skuId: r.sku_id as SkuId, seats: r.seats, createdAt: r.created_at }));
  },
  async putSubscription(tenantId, subscription) {
    await db
      .insertInto('subscriptions')
      .values({
        tenant_id: tenantId,
        sku_id: subscription.skuId,
        seats: subscription.seats,
        created_at: subscription.createdAt,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'sku_id']).doUpdateSet({ seats: subscription.seats }))
      .execute();
  },
  async removeSubscription(tenantId, skuId) {
    const result = await db
      .deleteFrom('subscriptions')
      .where('tenant_id', '=', tenantId)
      .where('sku_id', '=', skuId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async listAssignments(tenantId) {
    const direct = await db
      .selectFrom('direct_license_assignments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    // Group licences reach the group's direct members only: nested groups are not expanded (as in Entra).
    const viaGroups = await db
      .selectFrom('group_license_assignments as gla')
      .innerJoin('groups as g', (j) =>
        j.onRef('g.tenant_id', '=', 'gla.tenant_id').onRef('g.group_id', '=', 'gla.group_id'),
      )
      .innerJoin('group_members as m', (j) =>
        j.onRef('m.tenant_id', '=', 'gla.tenant_id').onRef('m.group_id', '=', 'gla.group_id'),
      )
      .select(['m.member_id as user_id', 'gla.sku_id', 'gla.assigned_at', 'g.group_id', 'g.name'])
      .where('gla.tenant_id', '=', tenantId)
      .where('m.member_type', '=', 'user')
      .execute();
    return [
      ...direct.map((r): LicenseAssignment => ({
        userId: r.user_id,
        skuId: r.sku_id as SkuId,
        via: { kind: 'direct' },
        assignedAt: r.assigned_at,
      })),
      ...viaGroups.map((r): LicenseAssignment => ({
        userId: r.user_id,
        skuId: r.sku_id as SkuId,
        via: { kind: 'group', groupId: r.group_id, groupName: r.name },
        assignedAt: r.assigned_at,
      })),
    ];
  },
  async addDirectAssignment(tenantId, userId, skuId, assignedAt) {
    await db
      .insertInto('direct_license_assignments')
      .values({ tenant_id: tenantId, user_id: userId, sku_id: skuId, assigned_at: assignedAt })
      .execute();
  },
  async removeDirectAssignment(tenantId, userId, skuId) {
    const result = await db
      .deleteFrom('direct_license_assignments')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('sku_id', '=', skuId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async addGroupAssignment(tenantId, groupId, skuId, assignedAt) {
    await db
      .insertInto('group_license_assignments')
      .values({ tenant_id: tenantId, group_id: groupId, sku_id: skuId, assigned_at: assignedAt })
      .execute();
  },
  async removeGroupAssignment(tenantId, groupId, skuId) {
    const result = await db
      .deleteFrom('group_license_assignments')
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .where('sku_id', '=', skuId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async lockLicenses(tenantId) {
    // SQLite transactions are already serialised on its one connection. NO KEY UPDATE, unlike
    // FOR UPDATE, leaves alone the key-share locks that inserts referencing the tenant take.
    if (dialect === 'postgres')
      await db.selectFrom('tenants').select('tenant_id').where('tenant_id', '=', tenantId).forNoKeyUpdate().execute();
  },
  async applyUserLicenseChanges(tenantId, { removed, written }) {
    // A row-value IN list needs a VALUES subquery on SQLite; PostgreSQL reads it the same way.
    await inBatches(removed, rowsPerStatement(dialect, 3, 1), (keys) =>
      db
        .deleteFrom('user_licenses')
        .where('tenant_id', '=', tenantId)
        .where(
          sql<boolean>`(user_id, sku_id, via_group_id) in (values ${sql.join(keys.map((k) => sql`(${k.userId}, ${k.skuId}, ${k.viaGroupId})`))})`,
        )
        .execute(),
    );
    await inBatches(
      written.map((l) => licenseRow(tenantId, l)),
      rowsPerStatement(dialect, licenseColumns),
      (batch) =>
        db
          .insertInto('user_licenses')
          .values(batch)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'user_id', 'sku_id', 'via_group_id']).doUpdateSet((eb) => ({
              via_group_name: eb.ref('excluded.via_group_name'),
              state: eb.ref('excluded.state'),
              assigned_at: eb.ref('excluded.assigned_at'),
            })),
          )
          .execute(),
    );
  },
  async listUserLicenses(tenantId, userId) {
    let query = db.selectFrom('user_licenses').selectAll().where('tenant_id', '=', tenantId);
    if (userId) query = query.where('user_id', '=', userId);
    const rows = await query.orderBy('user_id').orderBy('sku_id').orderBy('via_group_id').execute();
    return rows.map((r): AssignmentWithState => ({
      userId: r.user_id,
      skuId: r.sku_id as SkuId,
      via: r.via_group_id
        ? { kind: 'group', groupId: r.via_group_id, groupName: r.via_group_name ?? '' }
        : { kind: 'direct' },
      assignedAt: r.assigned_at,
      state: r.state as AssignmentState,
    }));
  },
});
