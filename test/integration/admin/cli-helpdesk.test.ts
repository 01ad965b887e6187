/**
 * The helpdesk's actions in the CLI (issue #14 item 5) as an operator runs them: the commands in-process on a real
 * SQLite file (test/support/cli-in-process.ts); the lock and the security info are set and read through an app opened on the same file.
 */
import { describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { isLocked } from '../../../src/core/lockout/smart-lockout.js';
import { useCliSandbox } from '../../support/cli.js';

vi.setConfig({ testTimeout: 60_000 });

const { databaseUrl, sspr, json } = useCliSandbox('sspr-cli-helpdesk-');

const withApp = async <T>(work: (app: App) => Promise<T>): Promise<T> => {
  const loaded = loadConfig({ SSPR_DATABASE_URL: databaseUrl, SSPR_LOG_LEVEL: 'silent' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const app = await createApp(loaded.config, { logger: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
};

describe('sspr user unlock | method delete | require-reregistration', () => {
  it('unlocks, deletes a method and requires re-registration, each audited', async () => {
    await json('tenant', 'create', '--name', 'Fabrikam', '--domain', 'fabrikam.example', '--country', 'NL');
    const upn = 'lee@fabrikam.example';
    const created = await json(
      'user',
      'create',
      '--upn',
      upn,
      '--password',
      'Tulip-Kettle-2026!',
      '--alternate-email',
      'lee@home.example',
    );
    const now = new Date();
    await withApp(async (app) => {
      const until = new Date(now.getTime() + 3600_000).toISOString();
      await app.store.lockouts.put(
        created.tenantId,
        created.userId,
        { failedCount: 10, lockoutCount: 1, lockedUntil: until, recentBadAttempts: [] },
        now.toISOString(),
      );
      await app.store.securityInfo.addMethod({
        tenantId: created.tenantId,
        userId: created.userId,
        methodId: 'c0ffee00-0000-4000-8000-000000000001',
        type: 'mobilePhone',
        value: '+31612345678',
        sealedSecret: null,
        label: null,
        status: 'verified',
        lastTotpStep: null,
        createdAt: now.toISOString(),
        verifiedAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
    });

    expect(await json('user', 'unlock', '--upn', upn)).toEqual({ upn, wasLocked: true, onPremises: 'notApplicable' });
    const human = await sspr('user', 'unlock', '--upn', upn);
    expect(human.stdout).toContain(`unlocked ${upn} (it was not locked)`);

    const listed = await json('user', 'methods', '--upn', upn);
    expect(listed.methods.map((m: { id: string }) => m.id)).toEqual([
      'c0ffee00-0000-4000-8000-000000000001',
      'admin-alternateEmail',
    ]);
    const deleted = await json('user', 'method', 'delete', '--upn', upn, '--id', 'admin-alternateEmail');
    expect(deleted.deleted).toMatchObject({ type: 'alternateEmail', source: 'admin' });
    const missing = await sspr('user', 'method', 'delete', '--upn', upn, '--id', 'nope', '--json');
    expect(missing.code).not.toBe(0);
    expect(JSON.parse(missing.stderr).error.code).toBe('METHOD_NOT_FOUND');

    const required = await sspr('user', 'require-reregistration', '--upn', upn);
    expect(required.code, required.stderr).toBe(0);
    expect(required.stdout).toContain(`${upn} must register security info again at the next sign-in`);
    expect(required.stdout).toContain('mobilePhone');

    await withApp(async (app) => {
      const user = (await app.store.users.findByUpn(created.tenantId, upn))!;
      expect(isLocked((await app.store.lockouts.get(user.tenantId, user.userId))!, new Date())).toBe(false);
      expect(await app.store.securityInfo.listMethods(user.tenantId, user.userId)).toEqual([]);
      expect((await app.services.securityInfo.registrationStatus(user)).needsRegistration).toBe(true);
      const names = (await app.store.audit.list(user.tenantId, { limit: 20 })).map((e) => e.activity);
      expect(names.filter((n) => n === 'Unlock user account (by admin)')).toHaveLength(2);
      expect(names.filter((n) => n === 'Admin deleted security info')).toHaveLength(2);
      expect(names).toContain('Admin required re-registration of security info');
    });
  });
});
