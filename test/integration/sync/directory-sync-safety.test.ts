/**
 * Directory sync's safety nets against a real, private slapd (StartTLS), on both store dialects:
 * - the accidental-deletion threshold: a full sync that would disable more users than the connection allows
 *   disables none (every other change still applies), fails with DIRECTORY_SYNC_THRESHOLD_EXCEEDED, is audited and
 *   keeps the watermark; the schedule reports it and never overrides; `allowDeletions` lets one run through
 *   (audited with the count); at or below the threshold, and with the threshold off, deletions apply as before;
 * - group deletions count too: a wrong base DN that returns nothing keeps every user AND group (and the groups'
 *   licences); the group that scopes the SSPR policy is never deleted, even with the threshold off;
 * - disables from ordinary updates count too: an incremental run that administratively locks more users than the
 *   threshold is withheld (users stay enabled, watermark unmoved, the next run sees them again), then allowed;
 * - OpenLDAP's administrative lock (pwdAccountLockedTime 000001010000Z) syncs as disabled and its removal as enabled
 *   again, both caught by an incremental sync; a temporary lockout does not disable.
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { asDirectoryRoot } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, user, type Slapd } from '../../support/slapd.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;
const adminLock = '000001010000Z';
// Leavers to delete in steps (3 > threshold 2, then 2 = threshold, then 3 with the threshold off), plus locked accounts.
const leavers = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8'];
const extraLdif = [
  ...leavers.map((uid) => user(uid, `Leaver${uid}`, 'Gone')),
  user('locked', 'Locked', 'Out', { pwdAccountLockedTime: adminLock }),
  user('tempo', 'Tempo', 'Rary', { pwdAccountLockedTime: '20260101000000Z' }),
  // With the harness's `staff`: four synced groups; `sspr-users` becomes the SSPR policy's scope, `licensed` gets a licence.
  ...['sspr-users', 'licensed', 'team'].map(
    (cn) => `dn: cn=${cn},ou=groups,${baseDn}\nobjectClass: groupOfNames\ncn: ${cn}\nmember: uid=alice,${peopleDn}\n`,
  ),
].join('\n');

describe.each(testDialects())('directory sync safety on %s', (dialect) => {
  let slapd: Slapd;
  let world: TestWorld;
  let tenantId: string;
  let connectionId: string;

  const services = () => world.app.services;
  const store = () => world.app.services.deps.store;
  const userOf = (upn: string) => store().users.findByUpn(tenantId, upn);
  const enabled = async (given: string) => (await userOf(`${given.toLowerCase()}@example.org`))?.accountEnabled;
  const auditOf = (activity: string) => store().audit.list(tenantId, { limit: 50, activity });
  const sync = (options: Parameters<TestWorld['app']['services']['directorySync']['syncTenant']>[1] = {}) =>
    services().directorySync.syncTenant(tenantId, { pageSize: 7, ...options });
  const asRoot = <T>(work: (client: Client) => Promise<T>) => asDirectoryRoot(slapd, work);
  const remove = (...uids: string[]) =>
    asRoot(async (client) => {
      for (const uid of uids) await client.del(dnOf(uid));
    });
  const lock = (...uids: string[]) =>
    asRoot(async (client) => {
      for (const uid of uids)
        await client.modify(dnOf(uid), [
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'pwdAccountLockedTime', values: [adminLock] }),
          }),
        ]);
    });
  const groupNames = async () => (await store().groups.list(tenantId)).map((group) => group.name).sort();

  beforeAll(async () => {
    slapd = await startSlapd({ tls: true, extraLdif });
    world = await createTestWorld(dialect);
    tenantId = (await services().tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' }))
      .tenantId;
    const added = await services().directories.add(
      tenantId,
      {
        type: 'openldap',
        url: slapd.url,
        startTls: true,
        caFile: slapd.caFile,
        bindDn: serviceDn,
        bindPassword: servicePassword,
        baseDn,
        userFilter: null,
        protectedGroups: [],
        deletionThreshold: 2,
      },
      cliActor,
    );
    connectionId = added.connectionId;
    expect(added.deletionThreshold).toBe(2);
  });
  afterAll(async () => {
    await world?.close();
    await slapd?.stop();
  });

  it('syncs an administratively locked OpenLDAP account as disabled, a temporarily locked one as enabled', async () => {
    const first = await sync();
    expect(first).toMatchObject({ ok: true, value: { full: true, created: 22, disabled: 0, groups: { created: 4 } } });
    expect(await enabled('Locked')).toBe(false);
    expect(await enabled('Tempo')).toBe(true);
    expect(await enabled('Alice')).toBe(true);
  });

  it('an incremental sync enables the account when the lock is removed, and disables one when it is set', async () => {
    world.clock.advance(2);
    await asRoot(async (client) => {
      await client.modify(dnOf('locked'), [
        new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime' }) }),
      ]);
      await client.modify(dnOf('bob'), [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'pwdAccountLockedTime', values: [adminLock] }),
        }),
      ]);
    });
    const counts = await sync();
    // The re-enable is an update; the disable is applied at the end of the run (1 ≤ threshold 2) and counted as such.
    expect(counts).toMatchObject({ ok: true, value: { full: false, updated: 1, disabled: 1 } });
    expect(await enabled('Locked')).toBe(true);
    expect(await enabled('Bob')).toBe(false);
    const disables = await auditOf('Disable account');
    expect(disables.map((e) => e.target?.name)).toEqual(['bob@example.org']);
    expect(disables[0]?.details).toMatchObject({ reason: 'disabledInDirectory' });
  });

  it("a wrong base DN that returns nothing keeps every user and every group, with the groups' licences", async () => {
    await services().ssprPolicy.update(tenantId, { enabled: 'selected', selectedGroup: 'sspr-users' }, cliActor);
    await services().licensing.setSubscription(tenantId, 'AAD_PREMIUM_P1', 50, 'add');
    await services().licensing.assignToGroup(tenantId, 'licensed', 'AAD_PREMIUM_P1');
    const assignments = (await store().licensing.listAssignments(tenantId)).length;
    expect(assignments).toBeGreaterThan(0);
    const before = await store().directorySync.getState(tenantId, connectionId);
    const target = await services().directories.open(tenantId);
    // The real connection, searching an existing OU that holds neither people nor groups.
    const wrongBase = createDirectoryConnector().connect({
      type: 'openldap',
      url: slapd.url,
      startTls: true,
      caFile: slapd.caFile as string,
      bindDn: serviceDn,
      bindPassword: servicePassword,
      baseDn: `ou=services,${baseDn}`,
      userFilter: null,
      protectedGroups: [],
    });
    const result = await services().directorySync.run(
      { config: target!.config, connection: wrongBase },
      { full: true, pageSize: 7 },
    );
    // 21 enabled users and 3 groups would go (the SSPR scope is kept, not counted): one decision, all withheld.
    expect(result).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: {
        pending: 24,
        pendingUsers: 21,
        pendingGroups: 3,
        threshold: 2,
        counts: { disabled: 0, groups: { deleted: 0, skipped: 1, skippedReasons: { groupInUse: 1 } } },
      },
    });
    expect(await groupNames()).toEqual(['licensed', 'sspr-users', 'staff', 'team']);
    expect(await enabled('Alice')).toBe(true);
    expect(await store().licensing.listAssignments(tenantId)).toHaveLength(assignments);
    const [prevented] = await auditOf('Directory sync deletions prevented (threshold exceeded)');
    expect(prevented?.details).toMatchObject({ pending: 24, pendingUsers: 21, pendingGroups: 3, threshold: 2 });
    const [kept] = await auditOf('Directory sync group deletion skipped (group in use)');
    expect(kept).toMatchObject({
      target: { type: 'group', name: 'sspr-users' },
      details: { reason: 'groupInUse', connectionId },
    });
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      watermark: before?.watermark,
      lastFullRunAt: before?.lastFullRunAt,
    });
    // The right base again: nothing was lost, so nothing comes back; every user and group is still there.
    expect(await sync({ full: true })).toMatchObject({
      ok: true,
      value: { created: 0, disabled: 0, groups: { created: 0, deleted: 0, unchanged: 4 } },
    });
  });

  it('withholds an incremental run that locks more users than the threshold, sees them again next run, then allows it', async () => {
    world.clock.advance(2);
    const before = await store().directorySync.getState(tenantId, connectionId);
    await lock('erin', 'frank', 'grace');
    const withheld = await sync();
    expect(withheld).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: { pending: 3, pendingUsers: 3, pendingGroups: 0, threshold: 2, counts: { full: false, disabled: 0 } },
    });
    for (const given of ['Erin', 'Frank', 'Grace']) expect(await enabled(given)).toBe(true);
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      watermark: before?.watermark,
      lastFailure: { full: false, details: { pendingUsers: 3 } },
    });
    // The watermark did not move, so the next incremental run reads the same entries and stops again.
    expect(await sync()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: { pendingUsers: 3 },
    });
    const allowed = await sync({ allowDeletions: { actor: cliActor } });
    expect(allowed).toMatchObject({ ok: true, value: { full: false, disabled: 3 } });
    for (const given of ['Erin', 'Frank', 'Grace']) expect(await enabled(given)).toBe(false);
    const [override] = await auditOf('Directory sync deletions allowed above threshold');
    expect(override).toMatchObject({
      actor: { type: 'cli' },
      details: { pending: 3, pendingUsers: 3, pendingGroups: 0, threshold: 2 },
    });
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      lastOutcome: 'success',
      lastFailure: null,
    });
  });

  it('disables none when more users are gone than the threshold, applies the rest, audits it and keeps the watermark', async () => {
    const before = await store().directorySync.getState(tenantId, connectionId);
    await remove('l1', 'l2', 'l3');
    await asRoot((client) =>
      client.modify(dnOf('carol'), [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'mobile', values: ['+31 6 11112222'] }),
        }),
      ]),
    );
    const result = await sync({ full: true });
    expect(result).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: {
        pending: 3,
        pendingUsers: 3,
        pendingGroups: 0,
        threshold: 2,
        connectionId,
        counts: { updated: 1, disabled: 0 },
      },
    });
    for (const uid of ['l1', 'l2', 'l3']) expect(await enabled(`Leaver${uid}`)).toBe(true);
    // Every other change of the run applied.
    expect((await userOf('carol@example.org'))?.mobilePhone).toBe('+31611112222');
    const [prevented] = await auditOf('Directory sync deletions prevented (threshold exceeded)');
    expect(prevented).toMatchObject({
      actor: { type: 'system', id: `directory-sync:${connectionId}` },
      target: { type: 'directoryConnection', id: connectionId },
      details: { pending: 3, threshold: 2 },
    });
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      watermark: before?.watermark,
      lastFullRunAt: before?.lastFullRunAt,
      lastOutcome: 'failure',
      lastFailure: { code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED', details: { pending: 3, threshold: 2 } },
    });
  });

  it('the schedule tries again, lists the exceeded threshold and never overrides', async () => {
    world.clock.advance(25 * 3600);
    const [scheduled] = await services().directorySync.runScheduled();
    expect(scheduled?.result).toMatchObject({
      ok: false,
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      details: { pending: 3, threshold: 2 },
    });
    expect(await enabled('Leaverl1')).toBe(true);
    // This run, the one before, the wrong base DN's and the incremental run's two.
    expect(await auditOf('Directory sync deletions prevented (threshold exceeded)')).toHaveLength(5);
  });

  it('lets one reviewed run disable them, audited with the count and who allowed it', async () => {
    const allowed = await sync({ full: true, allowDeletions: { actor: cliActor } });
    expect(allowed).toMatchObject({ ok: true, value: { full: true, disabled: 3 } });
    for (const uid of ['l1', 'l2', 'l3']) expect(await enabled(`Leaver${uid}`)).toBe(false);
    const [override] = await auditOf('Directory sync deletions allowed above threshold');
    expect(override).toMatchObject({ actor: { type: 'cli' }, details: { pending: 3, threshold: 2 } });
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      lastOutcome: 'success',
      lastFailure: null,
    });
  });

  it('never deletes the group that scopes the SSPR policy: kept, linked, skipped and audited; the others go', async () => {
    await asRoot(async (client) => {
      for (const cn of ['sspr-users', 'team']) await client.del(`cn=${cn},ou=groups,${baseDn}`);
    });
    const result = await sync({ full: true });
    expect(result).toMatchObject({
      ok: true,
      value: { disabled: 0, groups: { deleted: 1, skipped: 1, skippedReasons: { groupInUse: 1 } } },
    });
    expect(await groupNames()).toEqual(['licensed', 'sspr-users', 'staff']);
    expect((await services().ssprPolicy.policyOf(tenantId)).selectedGroupId).toBe(
      (await store().groups.findByName(tenantId, 'sspr-users'))?.groupId,
    );
    // Still linked: a directory that returns it again syncs it again; until then each full run keeps it and says so.
    expect(
      (await store().directorySync.listLinkedGroups(tenantId, connectionId)).map((group) => group.name).sort(),
    ).toEqual(['licensed', 'sspr-users', 'staff']);
    expect((await auditOf('Directory sync group deletion skipped (group in use)')).length).toBeGreaterThanOrEqual(2);
    const [deleted] = await auditOf('Delete group');
    expect(deleted).toMatchObject({ target: { name: 'team' }, details: { reason: 'goneFromDirectory' } });
    // The administrator's delete refuses it by the same rule.
    await expect(services().groups.deleteGroup(tenantId, 'sspr-users', cliActor)).rejects.toMatchObject({
      code: 'GROUP_IN_USE',
    });
  });

  it('disables as before at the threshold, and without limit once it is off (the change audited with old and new values)', async () => {
    await remove('l4', 'l5');
    expect(await sync({ full: true })).toMatchObject({ ok: true, value: { disabled: 2 } });
    const off = await services().directories.setDeletionThreshold(tenantId, connectionId, 0, cliActor);
    expect(off.deletionThreshold).toBe(0);
    const [change] = await auditOf('Update on-premises directory connection');
    expect(change?.details).toMatchObject({ deletionThreshold: 0, previousDeletionThreshold: 2 });
    await remove('l6', 'l7', 'l8');
    expect(await sync({ full: true })).toMatchObject({ ok: true, value: { disabled: 3 } });
    expect(await enabled('Leaverl8')).toBe(false);
    await expect(
      services().directories.setDeletionThreshold(tenantId, connectionId, -1, cliActor),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(services().directories.setDeletionThreshold(tenantId, 'nope', 5, cliActor)).rejects.toMatchObject({
      code: 'DIRECTORY_CONNECTION_NOT_FOUND',
    });
  });
});
