/**
 * Directory sync against a real, private slapd (StartTLS, certificate checked), on both store dialects:
 * a full sync creates users with their phone methods and groups with nested members; a change in the
 * directory then an incremental sync updates only that; a user gone from the directory is disabled by
 * the next full sync; re-running changes nothing; a crafted name syncs as exactly itself; two runs never
 * overlap (the lease).
 */
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDn } from '../../../src/core/directory/ldap-escape.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { asDirectoryRoot, groupMemberNames } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { crafted, expectFirstSync, syncScenarioLdif, syncScenarioTests } from '../../support/sync-scenarios.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

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
  const suite = {
    sync,
    userOf,
    membersOf,
    asRoot,
    auditOf: (activity: string) => store().audit.list(tenantId, { limit: 50, activity }),
  };

  beforeAll(async () => {
    slapd = await startSlapd({ tls: true, extraLdif: syncScenarioLdif });
    world = await createTestWorld(dialect);
    tenantId = (await services().tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' }))
      .tenantId;
    await services().directories.add(
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
      },
      cliActor,
    );
  });
  afterAll(async () => {
    await world?.close();
    await slapd?.stop();
  });

  it('a first sync is full: users with their phones as methods, groups with nested members, skips counted', async () => {
    await expectFirstSync(suite, await sync());
    const linked = await store().directorySync.listLinkedUsers(
      tenantId,
      (await services().directories.list(tenantId))[0]!.connectionId,
    );
    // slapd may return the DN in another (hex-escaped) but equal form: the parsed RDN value is exactly the name.
    const rdnValueOf = (upn: string) => parseDn(linked.find((u) => u.upn === upn)?.dn ?? '')[0]?.[0]?.value;
    expect(rdnValueOf('john@example.org')).toBe(crafted);
    expect(rdnValueOf('star@example.org')).toBe('star*(paren)\\');
    expect(linked.filter((u) => u.upn.startsWith('john') || u.upn.startsWith('star'))).toHaveLength(2);

    const audit = await store().audit.list(tenantId, { limit: 500 });
    expect(audit.filter((e) => e.activity === 'Add user')).toHaveLength(13);
    expect(audit.find((e) => e.activity === 'Add user')?.actor.type).toBe('system');
  });

  syncScenarioTests(suite);

  it('refuses a second run while one holds the lease, and takes an expired lease over', async () => {
    const connectionId = (await services().directories.list(tenantId))[0]!.connectionId;
    const now = world.clock.now();
    expect(
      await store().directorySync.claim(
        tenantId,
        connectionId,
        'other-instance',
        now.toISOString(),
        new Date(now.getTime() + 60_000).toISOString(),
      ),
    ).toBe(true);
    const refused = await services().directorySync.syncTenant(tenantId);
    expect(refused).toEqual({ ok: false, code: 'DIRECTORY_SYNC_IN_PROGRESS' });
    world.clock.advance(61);
    expect((await services().directorySync.syncTenant(tenantId)).ok).toBe(true);
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      lastOutcome: 'success',
      lockOwner: null,
      watermark: expect.stringMatching(/^\d{14}Z$/),
    });
  });

  it('the schedule syncs every tenant with a connection; of two instances racing, one syncs and one stands aside', async () => {
    const [first, second] = await Promise.all([
      services().directorySync.runScheduled(),
      services().directorySync.runScheduled(),
    ]);
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
