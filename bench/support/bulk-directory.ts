/**
 * Bulk factory for benchmarks: users and direct group memberships inserted with the largest
 * multi-row statements the dialect allows, in one transaction, straight through Kysely. 100,000
 * users then take seconds instead of 100,000 argon2id hashes and audited transactions.
 *
 * Bench-only on purpose: it bypasses the services (no audit events, no password policy, one shared
 * password hash), which is what makes it fast and why nothing in src/ may create users this way.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inBatches, rowsPerStatement } from '../../src/adapters/store/batches.js';
import type { Dialect } from '../../src/adapters/store/database.js';
import type { Database, UsersTable } from '../../src/adapters/store/schema.js';
import { upnKey } from '../../src/core/directory/identifiers.js';

export interface BulkUsersInput {
  tenantId: string;
  domain: string;
  count: number;
  /** Prefix of the local part; users are `${prefix}000001@domain` and so on. */
  prefix?: string;
  usageLocation: string | null;
  /** One precomputed PHC string for every user: these users exist to be licensed, not to sign in. */
  passwordHash: string;
  createdAt: string;
}

export interface BulkUser {
  userId: string;
  upn: string;
}

export const bulkUsers = async (db: Kysely<Database>, dialect: Dialect, input: BulkUsersInput): Promise<BulkUser[]> => {
  const width = String(input.count).length;
  const rows: UsersTable[] = Array.from({ length: input.count }, (_, i) => {
    const upn = `${input.prefix ?? 'user'}${String(i + 1).padStart(width, '0')}@${input.domain}`;
    return {
      tenant_id: input.tenantId,
      user_id: randomUUID(),
      upn,
      upn_key: upnKey(upn),
      display_name: upn.split('@')[0]!,
      given_name: null,
      surname: null,
      usage_location: input.usageLocation,
      account_enabled: 1,
      source: 'cloud',
      on_prem_anchor: null,
      password_hash: input.passwordHash,
      password_last_set_at: input.createdAt,
      mobile_phone: null,
      office_phone: null,
      alternate_email: null,
      created_at: input.createdAt,
    };
  });
  const size = rowsPerStatement(dialect, Object.keys(rows[0] ?? { x: 0 }).length);
  await db
    .transaction()
    .execute((trx) => inBatches(rows, size, (batch) => trx.insertInto('users').values(batch).execute()));
  return rows.map((r) => ({ userId: r.user_id, upn: r.upn }));
};

/** Makes every user a direct member of the group. */
export const bulkMembers = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  groupId: string,
  userIds: readonly string[],
): Promise<void> => {
  const rows = userIds.map((id) => ({ tenant_id: tenantId, group_id: groupId, member_type: 'user', member_id: id }));
  await db
    .transaction()
    .execute((trx) =>
      inBatches(rows, rowsPerStatement(dialect, 4), (batch) => trx.insertInto('group_members').values(batch).execute()),
    );
};

/**
 * Gives users verified security info, as the registration report reads it: every `emailEvery`-th user an alternate
 * email, every `mobileEvery`-th a mobile phone (so some have both, some one, some none).
 */
export const bulkMethods = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  users: readonly BulkUser[],
  input: { emailEvery: number; mobileEvery: number; at: string },
): Promise<number> => {
  const rows = users.flatMap((user, i) => {
    const method = (type: string, value: string) => ({
      tenant_id: tenantId,
      method_id: randomUUID(),
      user_id: user.userId,
      type,
      value,
      sealed_secret: null,
      label: null,
      status: 'verified',
      last_totp_step: null,
      created_at: input.at,
      verified_at: input.at,
      updated_at: input.at,
    });
    return [
      ...(i % input.emailEvery === 0 ? [method('alternateEmail', `alt.${user.upn}`)] : []),
      ...(i % input.mobileEvery === 0 ? [method('mobilePhone', `+3161${String(i).padStart(7, '0')}`)] : []),
    ];
  });
  if (rows.length === 0) return 0;
  const size = rowsPerStatement(dialect, Object.keys(rows[0]!).length);
  await db
    .transaction()
    .execute((trx) => inBatches(rows, size, (batch) => trx.insertInto('security_methods').values(batch).execute()));
  return rows.length;
};
