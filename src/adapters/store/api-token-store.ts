import type { Kysely } from 'kysely';
import type { ApiToken } from '../../core/model.js';
import type { ApiTokenRepository } from '../../core/ports.js';
import type { ApiTokensTable, Database } from './schema.js';

const toToken = (row: ApiTokensTable): ApiToken => ({
  tenantId: row.tenant_id,
  tokenId: row.token_id,
  name: row.name,
  roles: JSON.parse(row.roles) as string[],
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  createdBy: row.created_by,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export const createApiTokenStore = (db: Kysely<Database>): ApiTokenRepository => ({
  async create(token) {
    await db
      .insertInto('api_tokens')
      .values({
        tenant_id: token.tenantId,
        token_id: token.tokenId,
        name: token.name,
        roles: JSON.stringify(token.roles),
        token_hash: token.tokenHash,
        created_at: token.createdAt,
        created_by: token.createdBy,
        expires_at: token.expiresAt,
        last_used_at: token.lastUsedAt,
        revoked_at: token.revokedAt,
      })
      .execute();
  },
  async findById(tokenId) {
    const row = await db.selectFrom('api_tokens').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
    return row && toToken(row);
  },
  async list(tenantId) {
    const rows = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('token_id')
      .execute();
    return rows.map(toToken);
  },
  async revoke(tenantId, tokenId, revokedAt) {
    const result = await db
      .updateTable('api_tokens')
      .set({ revoked_at: revokedAt })
      .where('tenant_id', '=', tenantId)
      .where('token_id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async touch(tenantId, tokenId, lastUsedAt) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: lastUsedAt })
      .where('tenant_id', '=', tenantId)
      .where('token_id', '=', tokenId)
      .execute();
  },
});
