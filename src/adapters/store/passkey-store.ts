import type { Kysely, Selectable } from 'kysely';
import type { PasskeyCredential, PasskeyRepository } from '../../core/ports.js';
import type { Database } from './schema.js';
import type { PasskeyCredentialsTable } from './schema-passkeys.js';

const toCredential = (row: Selectable<PasskeyCredentialsTable>): PasskeyCredential => ({
  tenantId: row.tenant_id,
  credentialId: row.credential_id,
  methodId: row.method_id,
  userId: row.user_id,
  publicKey: row.public_key,
  signCount: Number(row.sign_count),
  transports: JSON.parse(row.transports) as string[],
  backupEligible: Number(row.backup_eligible) === 1,
  backupState: Number(row.backup_state) === 1,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

/** Passkey credentials and ceremony challenges (migration 0025); every statement is scoped by tenant. */
export const createPasskeyStore = (db: Kysely<Database>): PasskeyRepository => ({
  async add(credential) {
    await db
      .insertInto('passkey_credentials')
      .values({
        tenant_id: credential.tenantId,
        credential_id: credential.credentialId,
        method_id: credential.methodId,
        user_id: credential.userId,
        public_key: credential.publicKey,
        sign_count: credential.signCount,
        transports: JSON.stringify(credential.transports),
        backup_eligible: credential.backupEligible ? 1 : 0,
        backup_state: credential.backupState ? 1 : 0,
        created_at: credential.createdAt,
        last_used_at: credential.lastUsedAt,
      })
      .execute();
  },
  async find(tenantId, credentialId) {
    const row = await db
      .selectFrom('passkey_credentials')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('credential_id', '=', credentialId)
      .executeTakeFirst();
    return row && toCredential(row);
  },
  async listForUser(tenantId, userId) {
    const rows = await db
      .selectFrom('passkey_credentials')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('credential_id')
      .execute();
    return rows.map(toCredential);
  },
  async recordUse(tenantId, credentialId, expectedCount, use) {
    const result = await db
      .updateTable('passkey_credentials')
      .set({ sign_count: use.signCount, backup_state: use.backupState ? 1 : 0, last_used_at: use.usedAt })
      .where('tenant_id', '=', tenantId)
      .where('credential_id', '=', credentialId)
      .where('sign_count', '=', expectedCount)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async putChallenge(challenge) {
    await db
      .insertInto('passkey_challenges')
      .values({
        tenant_id: challenge.tenantId,
        challenge_hash: challenge.challengeHash,
        purpose: challenge.purpose,
        subject: challenge.subject,
        expires_at: challenge.expiresAt,
      })
      .execute();
  },
  async consumeChallenge(tenantId, challengeHash, purpose, subject, now) {
    const result = await db
      .deleteFrom('passkey_challenges')
      .where('tenant_id', '=', tenantId)
      .where('challenge_hash', '=', challengeHash)
      .where('purpose', '=', purpose)
      .where('subject', '=', subject)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
  async purgeChallenges(now) {
    const result = await db.deleteFrom('passkey_challenges').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
