import type { Kysely } from 'kysely';

/**
 * Security info (issue 4): registered methods, security-question answers (argon2id only), pending
 * one-time codes (keyed hashes only), a tenant's custom questions and settings, daily send counters,
 * the user's last confirmation, and the session's last step-up.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('security_methods')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('method_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('sealed_secret', 'text')
    .addColumn('label', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_totp_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_methods_pk', ['tenant_id', 'method_id'])
    .addForeignKeyConstraint(
      'security_methods_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('security_methods_user')
    .on('security_methods')
    .columns(['tenant_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('security_answers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('answer_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_answers_pk', ['tenant_id', 'user_id', 'question_id'])
    .addForeignKeyConstraint(
      'security_answers_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('security_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('code_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_codes_pk', ['tenant_id', 'code_id'])
    .execute();
  await db.schema
    .createIndex('security_codes_subject')
    .on('security_codes')
    .columns(['tenant_id', 'subject_id', 'purpose', 'created_at'])
    .execute();

  await db.schema
    .createTable('security_custom_questions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_custom_questions_pk', ['tenant_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('security_info_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.tenant_id'))
    .addColumn('allowed_countries', 'text', (c) => c.notNull())
    .addColumn('daily_cap_per_number', 'integer', (c) => c.notNull())
    .addColumn('daily_cap_per_tenant', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('security_send_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    // A keyed hash of the number or address, not the number itself.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_send_counts_pk', ['tenant_id', 'scope', 'key', 'day'])
    .execute();

  await db.schema
    .createTable('security_info_confirmations')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_info_confirmations_pk', ['tenant_id', 'user_id'])
    .addForeignKeyConstraint(
      'security_info_confirmations_user_fk',
      ['tenant_id', 'user_id'],
      'users',
      ['tenant_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema.alterTable('sessions').addColumn('stepped_up_at', 'text').execute();
};
