import { sql, type Kysely } from 'kysely';
import { upnKey } from '../../core/directory/identifiers.js';
import type { User, UserSource } from '../../core/model.js';
import type { UserRepository } from '../../core/ports.js';
import type { Database, UsersTable } from './schema.js';

export const createUserStore = (db: Kysely<Database>): UserRepository => {
  const toUser = async (row: UsersTable | undefined): Promise<User | undefined> => {
    if (!row) return undefined;
    const roles = await db
      .selectFrom('user_roles')
      .select('role')
      .where('tenant_id', '=', row.tenant_id)
      .where('user_id', '=', row.user_id)
      .orderBy('role')
      .execute();
    return {
      tenantId: row.tenant_id,
      userId: row.user_id,
      upn: row.upn,
      displayName: row.display_name,
      givenName: row.given_name,
      surname: row.surname,
      usageLocation: row.usage_location,
      accountEnabled: row.account_enabled === 1,
      source: row.source as UserSource,
      onPremAnchor: row.on_prem_anchor,
      passwordHash: row.password_hash,
      passwordLastSetAt: row.password_last_set_at,
      mobilePhone: row.mobile_phone,
      officePhone: row.office_phone,
      alternateEmail: row.alternate_email,
      roles: roles.map((r) => r.role),
      createdAt: row.created_at,
    };
  };

  return {
    async create(user, createdAt) {
      await db
        .insertInto('users')
        .values({
          tenant_id: user.tenantId,
          user_id: user.userId,
          upn: user.upn,
          upn_key: upnKey(user.upn),
          display_name: user.displayName,
          given_name: user.givenName,
          surname: user.surname,
          usage_location: user.usageLocation,
          account_enabled: user.accountEnabled ? 1 : 0,
          source: user.source,
          on_prem_anchor: user.onPremAnchor,
          password_hash: user.passwordHash,
          password_last_set_at: user.passwordLastSetAt,
          mobile_phone: user.mobilePhone,
          office_phone: user.officePhone,
          alternate_email: user.alternateEmail,
          created_at: createdAt,
        })
        .execute();
      if (user.roles.length > 0) {
        await db
          .insertInto('user_roles')
          .values(user.roles.map((role) => ({ tenant_id: user.tenantId, user_id: user.userId, role })))
          .execute();
      }
    },
    async findByUpn(tenantId, upn) {
      return toUser(
        await db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('upn_key', '=', upnKey(upn)).executeTakeFirst(),
      );
    },
    async findById(tenantId, userId) {
      return toUser(
        await db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst(),
      );
    },
    async list(tenantId) {
      const rows = await db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).orderBy('upn_key').execute();
      return (await Promise.all(rows.map(toUser))).filter((u): u is User => u !== undefined);
    },
    async search(tenantId, { upnPrefix = '', offset, limit }) {
      let query = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
      if (upnPrefix) {
        // upn_key is lower-case; LIKE's own wildcards in the prefix are escaped so they match literally.
        const pattern = `${upnKey(upnPrefix).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where(sql<boolean>`upn_key like ${pattern} escape '\\'`);
      }
      const rows = await query.orderBy('upn_key').limit(limit).offset(offset).execute();
      return (await Promise.all(rows.map(toUser))).filter((u): u is User => u !== undefined);
    },
    async setUsageLocation(tenantId, userId, usageLocation) {
      await db.updateTable('users').set({ usage_location: usageLocation }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    },
    async listUsageLocations(tenantId) {
      const rows = await db.selectFrom('users').select(['user_id', 'usage_location']).where('tenant_id', '=', tenantId).execute();
      return new Map(rows.map((r) => [r.user_id, r.usage_location]));
    },
    async setPassword(tenantId, userId, passwordHash, setAt, expectedHash) {
      let query = db
        .updateTable('users')
        .set({ password_hash: passwordHash, password_last_set_at: setAt })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId);
      if (expectedHash !== undefined) query = query.where('password_hash', '=', expectedHash);
      return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
    },
  };
};
