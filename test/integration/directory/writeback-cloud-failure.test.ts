/**
 * Entra's OnPremisesSuccessCloudFailure, at service level with the memory directory: the directory takes the
 * new password, the cloud write fails; the user is told to wait and retry, the flow stays open, and the retry
 * with the same password completes the cloud part without writing the directory again (whose history rule
 * would refuse it). A store whose password write fails on demand stands in for the cloud failure.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryDirectory } from '../../../src/adapters/directory/memory-directory.js';
import type { Store, StoreRepositories } from '../../../src/core/ports.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { createServices } from '../../../src/services/services.js';
import { testDialects } from '../../support/postgres.js';
import { solveCaptcha } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { anOnPremUser } from '../../support/directory-world.js';
import { aPassword } from '../../support/factories.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20' };
const ctx0 = { ipAddress: '192.0.2.7', locale: 'en' as const, supportCode: 'test' };

describe.each(testDialects())('writeback: on-premises success, cloud failure (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });

  it('says OnPremisesSuccessCloudFailure, keeps the flow, and a retry completes the cloud write only', async () => {
    const app = ctx.world.app;
    const tenant = await app.services.tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' });
    const user = await anOnPremUser(app, tenant, 'cloudfail');
    const dn = 'uid=cloudfail,ou=people,dc=example,dc=org';
    const directory = createMemoryDirectory({
      users: [{ dn, attributes: { uid: ['cloudfail'], mail: [user.upn] }, password: 'On-Prem-Start-1' }],
    });
    let failCloudWrite = true;
    const failing = (repositories: StoreRepositories): StoreRepositories => ({
      ...repositories,
      users: {
        ...repositories.users,
        setPassword: (...args: Parameters<StoreRepositories['users']['setPassword']>) => {
          if (failCloudWrite) return Promise.reject(new Error('cloud write failed'));
          return repositories.users.setPassword(...args);
        },
      },
    });
    const store: Store = { ...app.store, transaction: (work) => app.store.transaction((trx) => work(failing(trx))) };
    const services = createServices({ ...app.services.deps, store, directoryConnector: { connect: () => directory } });
    await services.directories.add(
      tenant.tenantId,
      {
        type: 'openldap',
        url: 'ldaps://ldap.example.org',
        bindDn: 'cn=sspr,dc=example,dc=org',
        bindPassword: 'x',
        baseDn: 'dc=example,dc=org',
      },
      cliActor,
    );

    const reset = services.passwordReset;
    const started = await reset.start({ username: user.upn, captcha: await solveCaptcha(ctx.server) }, ctx0);
    if (!started.ok) throw new Error(started.code);
    const { flowId } = started.value;
    await reset.chooseIntent(flowId, 'reset', ctx0);
    const view = await reset.view(flowId, ctx0);
    const email = view.ok ? view.value.methods.find((m) => m.type === 'email') : undefined;
    await reset.challenge(flowId, { methodId: email!.id }, ctx0);
    expect(
      (await reset.verify(flowId, { methodId: email!.id, code: await lastCodeTo(app, user.alternateEmail!) }, ctx0)).ok,
    ).toBe(true);

    const first = await reset.setPassword(flowId, { newPassword: 'Tulip-Canal-Bridge-88' }, ctx0);
    expect(first).toMatchObject({ ok: false, code: 'ON_PREMISES_SUCCESS_CLOUD_FAILURE' });
    expect(directory.passwordOf(dn)).toBe('Tulip-Canal-Bridge-88');
    expect(await reset.view(flowId, ctx0)).toMatchObject({
      ok: true,
      value: { status: 'active', canSetPassword: true },
    });
    // The cloud still has the old hash.
    expect((await app.services.signIn.signIn({ username: user.upn, password: aPassword, ipAddress: null })).ok).toBe(
      true,
    );

    failCloudWrite = false;
    const retry = await reset.setPassword(flowId, { newPassword: 'Tulip-Canal-Bridge-88' }, ctx0);
    expect(retry).toEqual({ ok: true, value: { status: 'passwordReset' } });
    expect(
      (await app.services.signIn.signIn({ username: user.upn, password: 'Tulip-Canal-Bridge-88', ipAddress: null })).ok,
    ).toBe(true);
    const events = await app.store.audit.list(tenant.tenantId, { activity: 'Reset password (self-service)' });
    expect(events.map((e) => e.resultReason)).toContain('OnPremisesSuccessCloudFailure');
  });
});
