import type { Kysely } from 'kysely';

/**
 * Passkeys (issue 17 item 1). A passkey is listed as security info (a `security_methods` row of type `passkey`:
 * its name, status, dates), and its WebAuthn credential is kept here, keyed by tenant and credential id, with the
 * public key, the sign counter and the backup flags the authenticator reported. Deleting the method deletes the
 * credential (cascade). Ceremony challenges are kept only as keyed hashes, each consumed once by a conditional
 * DELETE; a sign-in challenge is issued before anyone is named, so its tenant column holds a sentinel (no foreign
 * key, as reset flows for unknown domains).
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('passkey_credentials')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('method_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'integer', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('backup_eligible', 'integer', (c) => c.notNull())
    .addColumn('backup_state', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addPrimaryKeyConstraint('passkey_credentials_pk', ['tenant_id', 'credential_id'])
    .addUniqueConstraint('passkey_credentials_method', ['tenant_id', 'method_id'])
    .addForeignKeyConstraint(
      'passkey_credentials_method_fk',
      ['tenant_id', 'method_id'],
      'security_methods',
      ['tenant_id', 'method_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('passkey_credentials_user')
    .on('passkey_credentials')
    .columns(['tenant_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('passkey_challenges')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('challenge_hash', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('passkey_challenges_pk', ['tenant_id', 'challenge_hash'])
    .execute();
  await db.schema
    .createIndex('passkey_challenges_expiry')
    .on('passkey_challenges')
    .columns(['tenant_id', 'expires_at'])
    .execute();
};
