import { sql, type Kysely } from 'kysely';
import { upnKey } from '../../core/directory/identifiers.js';
import type { NewUser, User, UserChanges, UserSource } from '../../core/model.js';
import type { UserRepository } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Database, UsersTable } from './schema.js';
import { lockoutFromRow, type LockoutRow } from './session-store.js';

/** LIKE with "!" as the escape character, so a typed "%" or "_" matches itself. */
const likePrefix = (prefix: string) => `${prefix.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

const columnsOf = (changes: UserChanges): Partial<UsersTable> => ({
  ...(changes.displayName !== undefined && { display_name: changes.displayName }),
  ...(changes.givenName !== undefined && { given_name: changes.givenName }),
  ...(changes.surname !== undefined && { surname: changes.surname }),
  ...(changes.usageLocation !== undefined && { usage_location: changes.usageLocation }),
  ...(changes.accountEnabled !== undefined && { account_enabled: changes.accountEnabled ? 1 : 0 }),
  ...(changes.mobilePhone !== undefined && { mobile_phone: changes.mobilePhone }),
  ...(changes.officePhone !== undefined && { office_phone: changes.officePhone }),
  ...(changes.alternateEmail !== undefined && { alternate_email: changes.alternateEmail }),
});

/** The users row of a new user (the on-prem link columns are the sync store's). */
export const userRow = (user: NewUser, createdAt: string) => ({
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
});

/** A user row and its roles as the domain's User (also read in bulk by the report store). */
export const userFromRow = (row: UsersTable, roles: string[]): User => {
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
    roles,
    createdAt: row.created_at,
    // Absent means false, so a user read back equals the user written (the flag is set only by an admin reset).
    ...(row.must_change_password === 1 && { mustChangePassword: true }),
    ...(row.password_never_expires === 1 && { passwordNeverExpires: true }),
    ...(row.directory_password_expires_at && { directoryPasswordExpiresAt: row.directory_password_expires_at }),
  };
};

/** A user and their roles (a row per role); compiled once (compiled-once.ts), one query per key column. */
const userWithRolesBy = (column: 'upn_key' | 'user_id') =>
  compiledOnce((db: Kysely<Database>, tenantId: string, value: string) =>
    db
      .selectFrom('users')
      .leftJoin('user_roles', (join) =>
        join.onRef('user_roles.tenant_id', '=', 'users.tenant_id').onRef('user_roles.user_id', '=', 'users.user_id'),
      )
      .selectAll('users')
      .select('user_roles.role')
      .where('users.tenant_id', '=', tenantId)
      .where(`users.${column}`, '=', value)
      .orderBy('user_roles.role'),
  );
const userByUpnKey = userWithRolesBy('upn_key');
const userById = userWithRolesBy('user_id');

/**
 * Sign-in's lookup in one statement, not three (tenant, user, lockout: each a round trip on PostgreSQL whose server
 * CPU shares the cores with argon2, issue #18 item 1): the domain's tenant, its user of that UPN key, a row per role,
 * and the lockout row beside each. The user is a left join, so a domain some tenant holds gives a row even for a name
 * it does not have (the tenant id, every users column null): a refused sign-in is logged under that tenant without
 * reading it again. No row when no tenant holds the domain. A domain is held by one tenant only
 * (tenant_domains_domain_uq), so a UPN finds at most one user; a tenant_domains row always has its tenant (foreign
 * key), so the tenants table is not read.
 */
const userForSignIn = compiledOnce((db: Kysely<Database>, domain: string, key: string) =>
  db
    .selectFrom('tenant_domains')
    .leftJoin('users', (join) =>
      join.onRef('users.tenant_id', '=', 'tenant_domains.tenant_id').on('users.upn_key', '=', key),
    )
    .leftJoin('user_roles', (join) =>
      join.onRef('user_roles.tenant_id', '=', 'users.tenant_id').onRef('user_roles.user_id', '=', 'users.user_id'),
    )
    .leftJoin('lockouts', (join) =>
      join.onRef('lockouts.tenant_id', '=', 'users.tenant_id').onRef('lockouts.user_id', '=', 'users.user_id'),
    )
    .selectAll('users')
    .select([
      'tenant_domains.tenant_id as domain_tenant_id',
      'user_roles.role',
      'lockouts.failed_count',
      'lockouts.lockout_count',
      'lockouts.locked_until',
      'lockouts.recent_bad_attempts',
      'lockouts.directory_failures',
    ])
    .where('tenant_domains.domain', '=', domain)
    .orderBy('user_roles.role'),
);

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
    return withRoles(
      row,
      roles.map((r) => r.role),
    );
  };

  const withRoles = userFromRow;

  /**
   * One user with their roles in one query (a row per role), not two: every sign-in and every request with a
   * session reads a user this way.
   */
  const findOne = async (tenantId: string, column: 'upn_key' | 'user_id', value: string) => {
    const { rows } = await (column === 'upn_key' ? userByUpnKey : userById)(db, tenantId, value);
    const first = rows[0];
    return (
      first &&
      withRoles(
        first,
        rows.flatMap((row) => (row.role === null ? [] : [row.role])),
      )
    );
  };

  return {
    async create(user, createdAt) {
      await db.insertInto('users').values(userRow(user, createdAt)).execute();
      if (user.roles.length > 0) {
        await db
          .insertInto('user_roles')
          .values(user.roles.map((role) => ({ tenant_id: user.tenantId, user_id: user.userId, role })))
          .execute();
      }
    },
    findByUpn: (tenantId, upn) => findOne(tenantId, 'upn_key', upnKey(upn)),
    async findForSignIn(domain, upn) {
      const { rows } = await userForSignIn(db, domain.toLowerCase(), upnKey(upn));
      const first = rows[0];
      if (!first) return undefined;
      const tenantId = first.domain_tenant_id;
      // users.user_id is NOT NULL: a null one is the left join finding no such name in the tenant.
      if (first.user_id === null) return { tenantId };
      const user = withRoles(
        first as UsersTable,
        rows.flatMap((row) => (row.role === null ? [] : [row.role])),
      );
      // Every lockouts column is NOT NULL: a null one means the user has no lockout row.
      const hasLockout = first.failed_count !== null;
      return { tenantId, user, ...(hasLockout && { lockout: lockoutFromRow(first as LockoutRow) }) };
    },
    findById: (tenantId, userId) => findOne(tenantId, 'user_id', userId),
    async list(tenantId) {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('upn_key')
        .execute();
      return (await Promise.all(rows.map(toUser))).filter((u): u is User => u !== undefined);
    },
    async setUsageLocation(tenantId, userId, usageLocation) {
      await db
        .updateTable('users')
        .set({ usage_location: usageLocation })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
    },
    async listUsageLocations(tenantId) {
      const rows = await db
        .selectFrom('users')
        .select(['user_id', 'usage_location'])
        .where('tenant_id', '=', tenantId)
        .execute();
      return new Map(rows.map((r) => [r.user_id, r.usage_location]));
    },
    async search(tenantId, { prefix, limit, offset }) {
      // No stored name holds a NUL (PostgreSQL cannot even take one as a parameter): such a prefix matches nobody.
      if (prefix?.includes('\u0000')) return [];
      let query = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
      if (prefix) {
        const pattern = likePrefix(prefix);
        query = query.where(
          sql<boolean>`(upn_key like ${pattern} escape '!' or lower(display_name) like ${pattern} escape '!')`,
        );
      }
      const rows = await query.orderBy('upn_key').limit(limit).offset(offset).execute();
      if (rows.length === 0) return [];
      // One query for the page's roles instead of one per user.
      const roles = await db
        .selectFrom('user_roles')
        .select(['user_id', 'role'])
        .where('tenant_id', '=', tenantId)
        .where(
          'user_id',
          'in',
          rows.map((r) => r.user_id),
        )
        .orderBy('role')
        .execute();
      return rows.map((row) =>
        withRoles(
          row,
          roles.filter((r) => r.user_id === row.user_id).map((r) => r.role),
        ),
      );
    },
    async update(tenantId, userId, changes) {
      const columns = columnsOf(changes);
      if (Object.keys(columns).length === 0) return;
      await db
        .updateTable('users')
        .set(columns)
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
    },
    async delete(tenantId, userId) {
      // Memberships have no foreign key (a member is a user or a group); roles, sessions, lockout and
      // direct assignments go with the row by cascade.
      await db
        .deleteFrom('group_members')
        .where('tenant_id', '=', tenantId)
        .where('member_type', '=', 'user')
        .where('member_id', '=', userId)
        .execute();
      // Pending codes have no foreign key to the user (they may prove things other than a method).
      await db.deleteFrom('security_codes').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      // Reset flows and throttles have no foreign key either (decoys have no user); a deleted user's flows end.
      await db.deleteFrom('reset_flows').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      await db.deleteFrom('reset_throttles').where('tenant_id', '=', tenantId).where('user_key', '=', userId).execute();
      await db
        .deleteFrom('password_expiry_reminders')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
      const result = await db
        .deleteFrom('users')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async addRole(tenantId, userId, role) {
      const result = await db
        .insertInto('user_roles')
        .values({ tenant_id: tenantId, user_id: userId, role })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'role']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async removeRole(tenantId, userId, role) {
      const result = await db
        .deleteFrom('user_roles')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('role', '=', role)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async listEnabledRoleHolders(tenantId, role) {
      const rows = await db
        .selectFrom('user_roles as r')
        .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.user_id', '=', 'r.user_id'))
        .select('u.user_id')
        .where('r.tenant_id', '=', tenantId)
        .where('r.role', '=', role)
        .where('u.account_enabled', '=', 1)
        .orderBy('u.user_id')
        .execute();
      return rows.map((r) => r.user_id);
    },
    async setPassword(tenantId, userId, passwordHash, setAt, expectedHash) {
      let query = db
        .updateTable('users')
        // A password set through here is one the user chose (change, reset) or one an admin forces anew below.
        .set({ password_hash: passwordHash, password_last_set_at: setAt, must_change_password: 0 })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId);
      if (expectedHash !== undefined) query = query.where('password_hash', '=', expectedHash);
      return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
    },
    async setMustChangePassword(tenantId, userId, required) {
      await db
        .updateTable('users')
        .set({ must_change_password: required ? 1 : 0 })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
    },
  };
};
