/**
 * Secrets at rest (checklist §11 rows 3 and 4, ASVS 6.5.2), on both dialects: after a sign-in and a reset in
 * progress, a copy of the whole database — every row of every table — holds no session secret, no flow id, no
 * reset code and no password in clear; after the reset, not the new password either. Only their keyed hashes,
 * argon2id hashes or sealed forms are stored. The dev outbox is the test's mailbox (what a user's inbox holds), so
 * it alone is left out.
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../src/adapters/store/database.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { cookiePair, signInApi } from '../../support/http.js';
import { createThrowawayDatabase, testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { tableNames } from '../../support/store-snapshot.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20' };
const newPassword = 'Tulip-Canal-Bridge-88';
const mailbox = 'outbox_messages';

describe.each(testDialects())('secrets at rest (%s)', (dialect) => {
  let world: TestWorld;
  let copy: OpenDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    // A database this suite can read as someone holding a copy would (a file, or a database of its own).
    let url: string;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'sspr-at-rest-'));
      url = `sqlite:${join(dir, 'sspr.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const database = await createThrowawayDatabase();
      url = database.url;
      cleanup = database.drop;
    }
    world = await createTestWorld(dialect, { ...env, SSPR_DATABASE_URL: url });
    copy = openDatabase(url);
  });
  afterAll(async () => {
    await copy?.db.destroy();
    await world?.close();
    await cleanup?.();
  });

  /** Every row of every table but the mailbox, as text (bytes as hex and base64, so a secret is found either way). */
  const everything = async (): Promise<string> => {
    const names = (await tableNames(copy)).filter((name) => name !== mailbox);
    expect(names).toEqual(expect.arrayContaining(['sessions', 'reset_flows', 'security_codes', 'delivery_queue']));
    const dump: string[] = [];
    for (const name of names) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(copy.db);
      for (const row of rows.rows)
        for (const value of Object.values(row))
          dump.push(
            Buffer.isBuffer(value) || value instanceof Uint8Array
              ? `${Buffer.from(value).toString('hex')} ${Buffer.from(value).toString('base64')}`
              : typeof value === 'object' && value !== null
                ? JSON.stringify(value)
                : String(value),
          );
    }
    return dump.join('\n');
  };

  it('keeps no session secret, flow id, reset code or password in clear', async () => {
    const app = world.app;
    const server = await app.http();
    const tenant = await aTenant(app);
    const user = await aResetUser(app, tenant);
    const signedIn = await signInApi(server, user.upn, aPassword);
    const sessionSecret = cookiePair(signedIn, 'sspr_session')!.split('=')[1]!.split('.')[1]!;
    const api = resetApi(server, world.clock);
    const flowId = await api.flowOf(user.upn);
    const view = (await api.intent(flowId, 'reset')).json<{ methods: Array<{ id: string; type: string }> }>();
    const email = view.methods.find((m) => m.type === 'email')!;
    expect((await api.challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
    const code = await lastCodeTo(app, user.alternateEmail!);

    const during = await everything();
    expect(during).toContain(user.upn); // the dump is real: it holds what is not secret
    for (const [what, secret] of Object.entries({ sessionSecret, flowId, code, password: aPassword }))
      expect(during.includes(secret), what).toBe(false);

    expect((await api.verify(flowId, { methodId: email.id, code })).statusCode).toBe(200);
    expect((await api.password(flowId, newPassword)).json()).toEqual({ status: 'passwordReset' });
    const after = await everything();
    for (const [what, secret] of Object.entries({ flowId, code, newPassword }))
      expect(after.includes(secret), what).toBe(false);
  });
});
