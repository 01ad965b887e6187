/**
 * Directory sync from Active Directory: a real, private Samba AD DC over LDAPS (certificate checked), read
 * as the least-privilege service account. objectGUID is the anchor, userPrincipalName the UPN, the
 * ACCOUNTDISABLE bit of userAccountControl disables the user here, uSNChanged is the watermark.
 * An incremental sync reads the tombstones in Deleted Objects (show-deleted control): the least-privilege account may
 * not, so the run succeeds with `deletionsSeen: false`; an account that may (here the domain's Administrator) has the
 * deleted user disabled and the deleted group deleted, under the deletion threshold.
 * One dialect: the store side is covered on both by directory-sync.test.ts (and directory-sync-deleted.test.ts);
 * Samba's start costs seconds.
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { createDirectoryWriteback } from '../../../src/services/directory/directory-writeback.js';
import type { SyncOptions } from '../../../src/services/directory/sync/directory-sync-service.js';
import {
  adAdminPassword,
  adBaseDn,
  adConnectionInput,
  adRealm,
  adUser,
  adUsersDn,
  startSambaAd,
  type SambaAd,
} from '../../support/samba-ad.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

let samba: SambaAd;
let world: TestWorld;
let tenantId: string;

const replace = (type: string, values: string[]) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
const asAdmin = async (work: (client: Awaited<ReturnType<SambaAd['admin']>>) => Promise<unknown>) => {
  const admin = await samba.admin();
  try {
    await work(admin);
  } finally {
    await admin.unbind();
  }
};
const sync = async (full = false) => {
  const result = await world.app.services.directorySync.syncTenant(tenantId, { full });
  if (!result.ok) throw new Error(`sync failed: ${result.code} ${JSON.stringify(result.details)}`);
  return result.value;
};
const store = () => world.app.services.deps.store;
const userOf = (name: string) => store().users.findByUpn(tenantId, `${name}@${adRealm}`);

beforeAll(async () => {
  samba = await startSambaAd(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'ivy']);
  await asAdmin(async (admin) => {
    await admin.modify(adUser('alice'), [
      replace('mobile', ['+31 6 11112222']),
      replace('telephoneNumber', ['+31 20 555 0199']),
      replace('givenName', ['Alice']),
      replace('sn', ['Anders']),
    ]);
    // 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE
    await admin.modify(adUser('bob'), replace('userAccountControl', ['514']));
    await admin.add(`CN=sspr-staff,${adUsersDn}`, {
      objectClass: ['top', 'group'],
      sAMAccountName: 'sspr-staff',
      member: [adUser('alice')],
    });
    await admin.add(`CN=sspr-all,${adUsersDn}`, {
      objectClass: ['top', 'group'],
      sAMAccountName: 'sspr-all',
      member: [`CN=sspr-staff,${adUsersDn}`, adUser('carol')],
    });
    await admin.add(`CN=sspr-temp,${adUsersDn}`, { objectClass: ['top', 'group'], sAMAccountName: 'sspr-temp' });
  });
  world = await createTestWorld('sqlite');
  tenantId = (await world.app.services.tenants.createTenant({ name: 'Sspr', domain: adRealm, country: 'NL' })).tenantId;
  await world.app.services.directories.add(
    tenantId,
    { ...adConnectionInput(samba), userFilter: null, protectedGroups: [] },
    cliActor,
  );
});
afterAll(async () => {
  await world?.close();
  await samba?.stop();
});

describe('directory sync from Active Directory (Samba AD DC)', () => {
  it('syncs users by objectGUID with their phones, disabled accounts disabled, groups with nesting; then incrementally by uSNChanged', async () => {
    const first = await sync();
    expect(first).toMatchObject({ full: true, updated: 0, disabled: 0 });
    expect(await userOf('alice')).toMatchObject({
      source: 'synced',
      accountEnabled: true,
      givenName: 'Alice',
      mobilePhone: '+31611112222',
      officePhone: '+31205550199',
    });
    expect((await userOf('alice'))?.onPremAnchor).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(await userOf('bob')).toMatchObject({ accountEnabled: false });
    const all = await store().groups.findByName(tenantId, 'sspr-all');
    const staff = await store().groups.findByName(tenantId, 'sspr-staff');
    const carol = await userOf('carol');
    expect(all && staff && carol).toBeTruthy();
    expect(await store().groups.listMembers(tenantId, all!.groupId)).toEqual(
      expect.arrayContaining([
        { type: 'group', id: staff!.groupId },
        { type: 'user', id: carol!.userId },
      ]),
    );

    const again = await sync();
    expect(again).toMatchObject({ full: false, created: 0, updated: 0, disabled: 0 });

    await asAdmin((admin) => admin.modify(adUser('carol'), replace('mobile', ['+31 6 33334444'])));
    const incremental = await sync();
    expect(incremental).toMatchObject({ full: false, created: 0, updated: 1, disabled: 0 });
    expect((await userOf('carol'))?.mobilePhone).toBe('+31633334444');

    // Re-enabled on-premises: enabled here.
    await asAdmin((admin) => admin.modify(adUser('bob'), replace('userAccountControl', ['512'])));
    expect(await sync()).toMatchObject({ updated: 1 });
    expect(await userOf('bob')).toMatchObject({ accountEnabled: true });

    // Disabled again (ACCOUNTDISABLE): applied at the end of the incremental run and counted against the threshold.
    await asAdmin((admin) => admin.modify(adUser('bob'), replace('userAccountControl', ['514'])));
    expect(await sync()).toMatchObject({ full: false, updated: 0, disabled: 1 });
    expect(await userOf('bob')).toMatchObject({ accountEnabled: false });
  });

  it('reads AD tombstones in an incremental sync: not seen by the least-privilege account; seen, disabled and audited, withheld above the threshold', async () => {
    await sync();
    await asAdmin((admin) => admin.del(adUser('dave')));
    // The writeback account may not list Deleted Objects: the run still succeeds, the deletion is left to the full run.
    expect(await sync()).toMatchObject({ full: false, disabled: 0, deletionsSeen: false });
    expect(await userOf('dave')).toMatchObject({ accountEnabled: true });

    const target = await world.app.services.directories.open(tenantId);
    const reader = createDirectoryConnector().connect({
      type: 'ad',
      url: samba.url,
      startTls: false,
      caFile: samba.caFile,
      bindDn: `CN=Administrator,${adUsersDn}`,
      bindPassword: adAdminPassword,
      baseDn: adBaseDn,
      userFilter: null,
      protectedGroups: [],
    });
    const run = (options: SyncOptions = {}) =>
      world.app.services.directorySync.run(
        { config: { ...target!.config, deletionThreshold: 2 }, connection: reader },
        options,
      );
    expect(await run()).toMatchObject({ ok: true, value: { full: false, disabled: 1, deletionsSeen: true } });
    const dave = await userOf('dave');
    expect(dave).toMatchObject({ accountEnabled: false });
    const audited = await store().audit.list(tenantId, { limit: 50, activity: 'Disable account' });
    expect(audited.filter((event) => event.target?.id === dave!.userId)).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ reason: 'goneFromDirectory' }) }),
    ]);

    // Two users and a group deleted: three removals, over the threshold of two; withheld (audited), then allowed once.
    await asAdmin(async (admin) => {
      for (const name of ['erin', 'frank']) await admin.del(adUser(name));
      await admin.del(`CN=sspr-temp,${adUsersDn}`);
    });
    expect(await run()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: { pending: 3, pendingUsers: 2, pendingGroups: 1, threshold: 2 },
    });
    expect(await userOf('erin')).toMatchObject({ accountEnabled: true });
    expect(await store().groups.findByName(tenantId, 'sspr-temp')).toBeDefined();
    expect(
      await store().audit.list(tenantId, {
        limit: 50,
        activity: 'Directory sync deletions prevented (threshold exceeded)',
      }),
    ).toHaveLength(1);

    expect(await run({ allowDeletions: { actor: cliActor } })).toMatchObject({
      ok: true,
      value: { disabled: 2, groups: { deleted: 1 }, deletionsSeen: true },
    });
    expect(await userOf('frank')).toMatchObject({ accountEnabled: false });
    expect(await store().groups.findByName(tenantId, 'sspr-temp')).toBeUndefined();
  });
});

/** A FILETIME (100 ns since 1601, as AD writes pwdLastSet) as epoch milliseconds. */
const fileTimeMs = (value: string) => Number((BigInt(value) - 116_444_736_000_000_000n) / 10_000n);
const days = (n: number) => n * 86_400_000;
const pwdLastSetOf = async (name: string) => {
  const admin = await samba.admin();
  try {
    const { searchEntries } = await admin.search(adUser(name), { scope: 'base', attributes: ['pwdLastSet'] });
    return fileTimeMs(String(searchEntries[0]?.['pwdLastSet']));
  } finally {
    await admin.unbind();
  }
};

describe('directory password expiry from Active Directory (issue #16: msDS-UserPasswordExpiryTimeComputed)', () => {
  it("stores the DC's computed expiry: the domain maxPwdAge, a PSO's, never for DONT_EXPIRE_PASSWD; the preview reminds", async () => {
    await asAdmin(async (admin) => {
      await admin.modify(adBaseDn, replace('maxPwdAge', [String(-42n * 86_400n * 10_000_000n)]));
      // 66048 = NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD
      await admin.modify(adUser('hank'), replace('userAccountControl', ['66048']));
      // A fine-grained policy for ivy; the writeback account cannot read it, but the DC's computed time applies it.
      await admin.add(`CN=sspr-short,CN=Password Settings Container,CN=System,${adBaseDn}`, {
        objectClass: ['msDS-PasswordSettings'],
        'msDS-PasswordSettingsPrecedence': '1',
        'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
        'msDS-PasswordHistoryLength': '0',
        'msDS-PasswordComplexityEnabled': 'FALSE',
        'msDS-MinimumPasswordLength': '1',
        'msDS-MinimumPasswordAge': '0',
        'msDS-MaximumPasswordAge': String(-10n * 86_400n * 10_000_000n),
        'msDS-LockoutThreshold': '0',
        'msDS-LockoutObservationWindow': '-18000000000',
        'msDS-LockoutDuration': '-18000000000',
        'msDS-PSOAppliesTo': adUser('ivy'),
      });
    });
    // A policy change does not touch the user entries (their uSNChanged): the full run reads every user again.
    expect(await sync(true)).toMatchObject({ full: true });
    const gina = new Date((await pwdLastSetOf('gina')) + days(42)).toISOString();
    expect((await userOf('gina'))?.directoryPasswordExpiresAt).toBe(gina);
    expect((await userOf('ivy'))?.directoryPasswordExpiresAt).toBe(
      new Date((await pwdLastSetOf('ivy')) + days(10)).toISOString(),
    );
    expect((await userOf('hank'))?.directoryPasswordExpiresAt).toBeUndefined();

    const preview = await world.app.services.passwordExpiry.preview(tenantId, new Date(Date.parse(gina) - days(5)));
    expect(preview.map((entry) => entry.upn)).toContain(`gina@${adRealm}`);
    expect(preview.find((entry) => entry.upn === `gina@${adRealm}`)).toMatchObject({
      expiresAt: gina,
      reminders: [
        { days: 7, status: 'due' },
        { days: 1, status: 'scheduled' },
      ],
    });
    expect(preview.map((entry) => entry.upn)).not.toContain(`hank@${adRealm}`);
  });

  it('a reset written back restarts the clock: pwdLastSet is now, the expiry 42 days on', async () => {
    const writeback = createDirectoryWriteback(world.app.services.directories);
    // Samba before 4.21 has no LDAP_SERVER_POLICY_HINTS: the reset sends it non-critical, as directory-reset-ad does.
    const connection = createDirectoryConnector({ adPolicyHints: 'ifSupported' }).connect({
      ...adConnectionInput(samba),
      userFilter: null,
      protectedGroups: [],
    });
    const directory = { config: (await writeback.open(tenantId))!.config, connection };
    const written = await writeback.setPassword(
      directory,
      (await userOf('gina'))!,
      'Renewed-Passw0rd!',
      { kind: 'reset' },
      'en',
    );
    expect(written.ok).toBe(true);
    const expected = new Date((await pwdLastSetOf('gina')) + days(42)).toISOString();
    expect((await userOf('gina'))?.directoryPasswordExpiresAt).toBe(expected);
    expect(Math.abs(Date.parse(expected) - (Date.now() + days(42)))).toBeLessThan(60_000);
  });
});
