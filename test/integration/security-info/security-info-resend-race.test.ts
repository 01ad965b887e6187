/**
 * Concurrent "send a new code" requests for one pending entry (issue 7 item 4) leave exactly one live code, on
 * both store dialects: superseding the old code and issuing the new one are one atomic step. Counted in the
 * database itself, through a second connection, because the API only ever shows the newest code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/adapters/store/database.js';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { methodsApi } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sspr-resend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testDialects())('concurrent resends of a code (%s)', (dialect) => {
  // SQLite in a file, so a second connection can count what the app wrote.
  const ctx = useHttpWorld(
    dialect,
    dialect === 'sqlite' ? { env: { SSPR_DATABASE_URL: `sqlite:${path.join(dir, 'sspr.db')}` } } : {},
  );

  it('leaves one live code for the entry, however many resends race', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    const added = await api.add({ type: 'alternateEmail', address: `race.${dialect}@home.example` });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().method.id as string;
    const resent = await Promise.all(Array.from({ length: 4 }, () => api.resend(id)));
    expect(resent.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(2);
    const database = openDatabase(ctx.world.config.databaseUrl);
    try {
      const live = await database.db
        .selectFrom('security_codes')
        .select('code_id')
        .where('tenant_id', '=', user.tenantId)
        .where('user_id', '=', user.userId)
        .where('consumed_at', 'is', null)
        .execute();
      expect(live).toHaveLength(1);
    } finally {
      await database.db.destroy();
    }
  });
});
