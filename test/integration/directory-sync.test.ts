/**
 * Directory sync against a real, private slapd (StartTLS, certificate checked), on both store dialects:
 * a full sync creates users with their phone methods and groups with nested members; a change in the
 * directory then an incremental sync updates only that; a user gone from the directory is disabled by
 * the next full sync; re-running changes nothing; a crafted name syncs as exactly itself; two runs never
 * overlap (the lease).
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDn } from '../../src/core/directory/ldap-escape.js';
import { cliActor } from '../../src/services/audit-recorder.js';
import { asDirectoryRoot, groupMemberNames } from '../support/directory-world.js';
import { testDialects } from '../support/postgres.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, user, type Slapd } from '../support/slapd.js';
import { createTestWorld, type TestWorld } from '../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const escapedRdn = (uid: string) => uid.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`);
const crafted = 'smith, john+x=1;<a>"b"#\\';
const craftedDn = `uid=${escapedRdn(crafted)},${peopleDn}`;
const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;

const extraLdif = [
  user('zoe', 'Zoe', 'Zwart', { telephoneNumber: '12', mobile: '+31 20 555 0101' }),
  // Mail on a domain the tenant has not verified: skipped and counted.
  ['dn: uid=outsider,' + peopleDn, 'objectClass: inetOrgPerson', 'uid: outsider', 'cn: Out Sider', 'sn: Sider', 'mail: out@elsewhere.example', ''].join('\n'),
  [`dn: cn=all,ou=groups,${baseDn}`, 'objectClass: groupOfNames', 'cn: all', `member: cn=staff,ou=groups,${baseDn}`, `member: ${dnOf('carol')}`,
    `member: ${dnOf('outsider')}`, `member:: ${Buffer.from(craftedDn).toString('base64')}`, ''].join('\n'),
].join('\n');

describe.each(testDialects())('directory sync on %s', (dialect) => {
  let slapd: Slapd;
  let world: TestWorld;
  let tenantId: string;

  const services = () => world.app.services;
  const store = () => world.app.services.deps.store;
  const sync = async (full = false) => {
    const result = await services().directorySync.syncTenant(tenantId, { full, pageSize: 5 });
    if (!result.ok) throw new Error(`sync failed: ${result.code} ${JSON.stringify(result.details)}`);
    return result.value;
  };
  const userOf = (upn: string) => store().users.findByUpn(tenantId, upn);
  const asRoot = <T>(work: (client: Client) => Promise<T>) => asDirectoryRoot(slapd, work);
  const membersOf = (name: string) => groupMemberNames(store(), tenantId, name);

  beforeAll(async () => {
    slapd = await startSlapd({ tls: true, extraLdif });
    world = await createTestWorld(dialect);
    tenantId = (await services().tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' })).tenantId;
    await services().directories.add(
      tenantId,
      { type: 'openldap', url: slapd.url, startTls: true, caFile: slapd.caFile as string, bindDn: serviceDn, bindPassword: servicePassword, baseDn, userFilter: null, protectedGroups: [] },
      cliActor,
    );
  });
  afterAll(async () => {
    await world?.close();
    await slapd?.stop();
  });

  it('a first sync is full: users with their phones as methods, groups with nested members, skips counted', async () => {
    const counts = await sync();
    // 12 standard users + zoe; outsider is on an unverified domain.
    expect(counts).toMatchObject({ full: true, created: 13, updated: 0, disabled: 0, unchanged: 0, skipped: 1, phonesSkipped: 1 });
    expect(counts.skippedReasons.domainNotVerified).toBe(1);
    expect(counts.groups).toMatchObject({ created: 2, skipped: 0 });

    const alice = await userOf('alice@example.org');
    expect(alice).toMatchObject({ source: 'synced', accountEnabled: true, givenName: 'Alice', surname: 'Anders', displayName: 'Alice Anders', mobilePhone: '+31612345678', passwordHash: null });
    expect(alice?.onPremAnchor).toMatch(/^[0-9a-f-]{36}$/);
    // zoe's office number is not a phone number: left out, her mobile kept.
    expect(await userOf('zoe@example.org')).toMatchObject({ officePhone: null, mobilePhone: '+31205550101' });
    expect(await userOf('out@elsewhere.example')).toBeUndefined();

    expect(await membersOf('staff')).toEqual(['alice@example.org', 'bob@example.org']);
    // Nesting, and the crafted DN resolved to exactly its user; outsider is not synced so not a member.
    expect(await membersOf('all')).toEqual(['carol@example.org', 'group:staff', 'john@example.org']);
    const linked = await store().directorySync.listLinkedUsers(tenantId, (await services().directories.list(tenantId))[0]!.connectionId);
    // slapd may return the DN in another (hex-escaped) but equal form: the parsed RDN value is exactly the name.
    const rdnValueOf = (upn: string) => parseDn(linked.find((u) => u.upn === upn)?.dn ?? '')[0]?.[0]?.value;
    expect(rdnValueOf('john@example.org')).toBe(crafted);
    expect(rdnValueOf('star@example.org')).toBe('star*(paren)\\');
    expect(linked.filter((u) => u.upn.startsWith('john') || u.upn.startsWith('star'))).toHaveLength(2);

    const audit = await store().audit.list(tenantId, { limit: 500 });
    expect(audit.filter((e) => e.activity === 'Add user')).toHaveLength(13);
    expect(audit.find((e) => e.activity === 'Add user')?.actor.type).toBe('system');
  });

  it('is idempotent: a re-run, incremental or full, changes nothing', async () => {
    const incremental = await sync();
    expect(incremental).toMatchObject({ full: false, created: 0, updated: 0, disabled: 0, skipped: 1 });
    const full = await sync(true);
    expect(full).toMatchObject({ full: true, created: 0, updated: 0, disabled: 0, unchanged: 13, skipped: 1 });
    expect(full.groups).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 2, membersAdded: 0, membersRemoved: 0 });
  });

  it('an incremental sync picks up a change in the directory and updates only that', async () => {
    await asRoot(async (client) => {
      await client.modify(dnOf('bob'), [new Change({ operation: 'replace', modification: new Attribute({ type: 'mobile', values: ['+31 6 87654321'] }) })]);
      await client.modify(`cn=staff,ou=groups,${baseDn}`, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dnOf('erin')] }) })]);
    });
    const counts = await sync();
    expect(counts).toMatchObject({ full: false, created: 0, updated: 1, disabled: 0 });
    expect(counts.groups).toMatchObject({ created: 0, membersAdded: 1, membersRemoved: 0 });
    expect((await userOf('bob@example.org'))?.mobilePhone).toBe('+31687654321');
    expect(await membersOf('staff')).toEqual(['alice@example.org', 'bob@example.org', 'erin@example.org']);
  });

  it('disables (never deletes) a user removed from the directory at the next full sync', async () => {
    await asRoot((client) => client.del(dnOf('heidi')));
    expect((await sync()).disabled).toBe(0);
    const counts = await sync(true);
    expect(counts).toMatchObject({ disabled: 1, created: 0, updated: 0 });
    expect(await userOf('heidi@example.org')).toMatchObject({ accountEnabled: false, source: 'synced' });
    const audit = await store().audit.list(tenantId, { limit: 20, activity: 'Disable account' });
    expect(audit).toHaveLength(1);
    expect((await sync(true)).disabled).toBe(0);
  });

  it('refuses a second run while one holds the lease, and takes an expired lease over', async () => {
    const connectionId = (await services().directories.list(tenantId))[0]!.connectionId;
    const now = world.clock.now();
    expect(await store().directorySync.claim(tenantId, connectionId, 'other-instance', now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).toBe(true);
    const refused = await services().directorySync.syncTenant(tenantId);
    expect(refused).toEqual({ ok: false, code: 'DIRECTORY_SYNC_IN_PROGRESS' });
    world.clock.advance(61);
    expect((await services().directorySync.syncTenant(tenantId)).ok).toBe(true);
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({ lastOutcome: 'success', lockOwner: null, watermark: expect.stringMatching(/^\d{14}Z$/) });
  });

  it('the schedule syncs every tenant with a connection; of two instances racing, one syncs and one stands aside', async () => {
    const [first, second] = await Promise.all([services().directorySync.runScheduled(), services().directorySync.runScheduled()]);
    const results = [...(first ?? []), ...(second ?? [])].map((o) => o.result);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['DIRECTORY_SYNC_IN_PROGRESS']);
    // The last full run is recent: the schedule runs incrementally; a day later it runs a full sync.
    const [incremental] = await services().directorySync.runScheduled();
    expect(incremental?.result).toMatchObject({ ok: true, value: { full: false } });
    world.clock.advance(25 * 3600);
    const [full] = await services().directorySync.runScheduled();
    expect(full?.result).toMatchObject({ ok: true, value: { full: true, created: 0, disabled: 0 } });
  });
});
