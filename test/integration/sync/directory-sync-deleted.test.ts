/**
 * An incremental sync sees Active Directory deletions (the tombstones `listDeleted` returns), on both store dialects,
 * through the memory directory in its AD dialect (the LDAP side, the show-deleted control on Samba's Deleted Objects,
 * is covered by directory-sync-ad.test.ts): the deleted user is disabled (audited, reason goneFromDirectory) by the
 * same end-of-run decision as a full run's; above the threshold none is, the run fails with
 * DIRECTORY_SYNC_THRESHOLD_EXCEEDED and keeps its watermark; `allowDeletions` lets them through; a service account
 * that may not read Deleted Objects leaves the run successful with `deletionsSeen: false`; OpenLDAP never sees them.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryDirectory, type MemoryDirectoryUser } from '../../../src/adapters/directory/memory-directory.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const guid = (i: number) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`;

describe.each(testDialects())('incremental sync sees AD deletions (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;

  const aSyncedTenant = async (type: 'ad' | 'openldap', count: number, deletionThreshold: number) => {
    const tenant = await aTenant(app());
    const domain = tenant.domains[0]!;
    const input = {
      type,
      url: 'ldaps://dc.invalid',
      bindDn: 'CN=sspr,DC=example,DC=org',
      bindPassword: 'secret-bind',
      baseDn: 'DC=example,DC=org',
      deletionThreshold,
    };
    await app().services.directories.add(tenant.tenantId, input, cliActor);
    const [config] = await app().services.directories.list(tenant.tenantId);
    const dnOf = (i: number) => `CN=p${i},CN=Users,DC=example,DC=org`;
    const users: MemoryDirectoryUser[] = Array.from({ length: count }, (_, i): MemoryDirectoryUser => ({
      dn: dnOf(i),
      password: 'Unused-Passw0rd!',
      attributes:
        type === 'ad'
          ? {
              objectGUID: [guid(i)],
              userPrincipalName: [`p${i}@${domain}`],
              sAMAccountName: [`p${i}`],
              userAccountControl: ['512'],
              uSNChanged: [String(100 + i)],
            }
          : {
              entryUUID: [guid(i)],
              uid: [`p${i}`],
              mail: [`p${i}@${domain}`],
              cn: [`Person ${i}`],
              modifyTimestamp: ['20260301090000Z'],
            },
    }));
    const directory = createMemoryDirectory({ users, dialect: type });
    const sync = (options: { full?: boolean; allowDeletions?: boolean } = {}) =>
      app().services.directorySync.run(
        { config: config!, connection: directory },
        { full: options.full ?? false, ...(options.allowDeletions && { allowDeletions: { actor: cliActor } }) },
      );
    const enabled = async (i: number) =>
      (await app().services.deps.store.users.findByUpn(tenant.tenantId, `p${i}@${domain}`))?.accountEnabled;
    const audit = (activity: string) => app().services.deps.store.audit.list(tenant.tenantId, { limit: 50, activity });
    const state = () => app().services.directorySync.state(tenant.tenantId, config!.connectionId);
    expect(await sync({ full: true })).toMatchObject({ ok: true, value: { created: count, deletionsSeen: true } });
    return { directory, dnOf, sync, enabled, audit, state };
  };

  it('disables a user deleted in AD at the next incremental sync, audited', async () => {
    const { directory, dnOf, sync, enabled, audit } = await aSyncedTenant('ad', 3, 2);
    expect(await sync()).toMatchObject({ ok: true, value: { full: false, disabled: 0, deletionsSeen: true } });
    directory.remove(dnOf(1));
    expect(await sync()).toMatchObject({ ok: true, value: { full: false, disabled: 1, deletionsSeen: true } });
    expect([await enabled(0), await enabled(1), await enabled(2)]).toEqual([true, false, true]);
    const [disabled, ...others] = await audit('Disable account');
    expect(others).toEqual([]);
    expect(disabled).toMatchObject({
      target: { name: expect.stringMatching(/^p1@/) },
      details: { reason: 'goneFromDirectory' },
    });
    // The tombstone read again finds its user already disabled: nothing more to do.
    expect(await sync()).toMatchObject({ ok: true, value: { disabled: 0 } });
  });

  it('withholds deletions above the threshold (watermark kept), then lets them through with allowDeletions', async () => {
    const { directory, dnOf, sync, enabled, audit, state } = await aSyncedTenant('ad', 5, 2);
    const watermark = (await state())?.watermark;
    expect(watermark).toBe('104');
    for (const i of [0, 1, 2]) directory.remove(dnOf(i));
    const withheld = await sync();
    expect(withheld).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: { pending: 3, pendingUsers: 3, threshold: 2 },
    });
    expect([await enabled(0), await enabled(1), await enabled(2)]).toEqual([true, true, true]);
    expect(await audit('Directory sync deletions prevented (threshold exceeded)')).toHaveLength(1);
    expect((await state())?.watermark).toBe(watermark);

    expect(await sync({ allowDeletions: true })).toMatchObject({
      ok: true,
      value: { disabled: 3, deletionsSeen: true },
    });
    expect([await enabled(0), await enabled(1), await enabled(2), await enabled(3)]).toEqual([
      false,
      false,
      false,
      true,
    ]);
    expect(await audit('Directory sync deletions allowed above threshold')).toHaveLength(1);
    expect(await audit('Disable account')).toHaveLength(3);
  });

  it('a service account that may not read Deleted Objects: the run succeeds, deletions not seen, left to the full run', async () => {
    const { directory, dnOf, sync, enabled } = await aSyncedTenant('ad', 2, 5);
    directory.setDeletedReadable(false);
    directory.remove(dnOf(0));
    expect(await sync()).toMatchObject({ ok: true, value: { full: false, disabled: 0, deletionsSeen: false } });
    expect(await enabled(0)).toBe(true);
    expect(await sync({ full: true })).toMatchObject({
      ok: true,
      value: { full: true, disabled: 1, deletionsSeen: true },
    });
    expect(await enabled(0)).toBe(false);
  });

  it('OpenLDAP keeps no tombstones: an incremental run does not see deletions, the full run does', async () => {
    const { directory, dnOf, sync, enabled } = await aSyncedTenant('openldap', 2, 5);
    directory.remove(dnOf(1));
    expect(await sync()).toMatchObject({ ok: true, value: { disabled: 0, deletionsSeen: false } });
    expect(await enabled(1)).toBe(true);
    expect(await sync({ full: true })).toMatchObject({ ok: true, value: { disabled: 1 } });
  });
});
