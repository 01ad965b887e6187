import type { Kysely } from 'kysely';
import type { RecoveryRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

/** Temporary Access Passes, recovery codes and caller verifications; every use of a secret is one conditional UPDATE. */
export const createRecoveryStore = (db: Kysely<Database>): RecoveryRepository => ({
  async putPass(pass) {
    const values = {
      pass_hash: pass.passHash,
      one_time: pass.oneTime ? 1 : 0,
      created_at: pass.createdAt,
      expires_at: pass.expiresAt,
      used_at: pass.usedAt,
      created_by: pass.createdBy,
    };
    await db
      .insertInto('temporary_access_passes')
      .values({ tenant_id: pass.tenantId, user_id: pass.userId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(values))
      .execute();
  },
  async findPass(tenantId, userId) {
    const row = await db
      .selectFrom('temporary_access_passes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return (
      row && {
        tenantId: row.tenant_id,
        userId: row.user_id,
        passHash: row.pass_hash,
        oneTime: row.one_time === 1,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        createdBy: row.created_by,
      }
    );
  },
  async usePass(tenantId, userId, passHash, now) {
    // One statement decides: the hash matches, the pass is live, and a one-time pass is still unused (and is
    // marked used by this very UPDATE, so of two racing sign-ins only one gets a row back).
    const result = await db
      .updateTable('temporary_access_passes')
      .set((eb) => ({ used_at: eb.case().when('one_time', '=', 1).then(now).else(eb.ref('used_at')).end() }))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('pass_hash', '=', passHash)
      .where('expires_at', '>', now)
      .where((eb) => eb.or([eb('one_time', '=', 0), eb('used_at', 'is', null)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async deletePass(tenantId, userId) {
    const result = await db
      .deleteFrom('temporary_access_passes')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async endLimitedSessions(tenantId, userId) {
    const result = await db
      .deleteFrom('sessions')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('scope', '=', 'securityInfo')
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async replaceRecoveryCodes(tenantId, userId, codeHashes, createdAt) {
    await db.deleteFrom('recovery_codes').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    await db
      .insertInto('recovery_codes')
      .values(
        codeHashes.map((hash) => ({
          tenant_id: tenantId,
          user_id: userId,
          code_hash: hash,
          created_at: createdAt,
          used_at: null,
        })),
      )
      .execute();
  },
  async recoveryCodeStatus(tenantId, userId) {
    const rows = await db
      .selectFrom('recovery_codes')
      .select(['created_at', 'used_at'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
    return {
      remaining: rows.filter((row) => row.used_at === null).length,
      createdAt: rows[0]?.created_at ?? null,
    };
  },
  async hasRecoveryCode(tenantId, userId, codeHash) {
    const row = await db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  },
  async useRecoveryCode(tenantId, userId, codeHash, usedAt) {
    const result = await db
      .updateTable('recovery_codes')
      .set({ used_at: usedAt })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async putCallerVerification(verification) {
    const values = {
      method: verification.method,
      verified_at: verification.verifiedAt,
      verified_by: verification.verifiedBy,
    };
    await db
      .insertInto('caller_verifications')
      .values({ tenant_id: verification.tenantId, user_id: verification.userId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(values))
      .execute();
  },
  async findCallerVerification(tenantId, userId) {
    const row = await db
      .selectFrom('caller_verifications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return (
      row && {
        tenantId: row.tenant_id,
        userId: row.user_id,
        method: row.method,
        verifiedAt: row.verified_at,
        verifiedBy: row.verified_by,
      }
    );
  },
});
