/**
 * Directory password expiry from OpenLDAP ppolicy (issue #16 item 2), against a real private slapd on both store
 * dialects: sync stores pwdChangedTime + the effective policy's pwdMaxAge (the default policy, named in cn=config,
 * which this slapd lets the service account read; or the user's own pwdPolicySubentry), nothing for a user without
 * pwdChangedTime or under a policy without pwdMaxAge; `sspr expiry preview` then lists the directory user to be
 * reminded; the "expired" check follows the directory's instant; a reset written back restarts the clock from the
 * directory's new pwdChangedTime. A second slapd whose cn=config is closed shows the guess refused: the visible
 * policies disagree, so a user on the default policy has no known expiry (and gets no reminder), while a user
 * naming a policy still does.
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { createDirectoryWriteback } from '../../../src/services/directory/directory-writeback.js';
import { useCliSandbox } from '../../support/cli.js';
import { asDirectoryRoot, ldapUser } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const monthly = `cn=monthly,ou=policies,${baseDn}`;
const strict = `cn=strict,ou=policies,${baseDn}`;
const changed = '20260201000000Z';
const expiryLdif = [
  [
    `dn: ${monthly}`,
    'objectClass: device',
    'objectClass: pwdPolicy',
    'cn: monthly',
    'pwdAttribute: userPassword',
    `pwdMaxAge: ${30 * 86_400}`,
    '',
  ].join('\n'),
  ldapUser('Tina', { pwdChangedTime: changed }),
  ldapUser('Uma', { pwdChangedTime: changed, pwdPolicySubentry: monthly }),
  // Loaded offline with no pwdChangedTime: the directory cannot say when it changed.
  ldapUser('Vera'),
  // A policy without pwdMaxAge: never expires.
  ldapUser('Walt', { pwdChangedTime: changed, pwdPolicySubentry: strict }),
].join('\n');

const startExpirySlapd = async (configReadable: boolean) => {
  const slapd = await startSlapd({ tls: true, extraLdif: expiryLdif, configReadable });
  // The default policy (cn=default) gets a 90-day maximum age.
  await asDirectoryRoot(slapd, (client) =>
    client.modify(
      `cn=default,ou=policies,${baseDn}`,
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'pwdMaxAge', values: [String(90 * 86_400)] }),
      }),
    ),
  );
  return slapd;
};

const connect = async (world: TestWorld, slapd: Slapd) => {
  const services = world.app.services;
  const { tenantId } = await services.tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' });
  const input = { type: 'openldap', url: slapd.url, startTls: true, caFile: slapd.caFile, bindDn: serviceDn } as const;
  await services.directories.add(
    tenantId,
    { ...input, bindPassword: servicePassword, baseDn, userFilter: null, protectedGroups: [] },
    cliActor,
  );
  const result = await services.directorySync.syncTenant(tenantId, { full: true, pageSize: 5 });
  if (!result.ok) throw new Error(`sync failed: ${result.code}`);
  return tenantId;
};

const cli = useCliSandbox('sspr-expiry-ldap-');

describe.each(testDialects())('directory expiry from OpenLDAP ppolicy on %s', (dialect) => {
  let slapd: Slapd;
  let world: TestWorld;
  let tenantId: string;
  const userOf = async (name: string) =>
    (await world.app.services.deps.store.users.findByUpn(tenantId, `${name}@example.org`))!;

  beforeAll(async () => {
    slapd = await startExpirySlapd(true);
    // On SQLite the world shares the CLI's database file, so `sspr expiry preview` reads what the sync stored.
    world = await createTestWorld(dialect, dialect === 'sqlite' ? { SSPR_DATABASE_URL: cli.databaseUrl } : {});
    tenantId = await connect(world, slapd);
  });
  afterAll(async () => {
    await world?.close();
    await slapd?.stop();
  });

  it('stores pwdChangedTime + pwdMaxAge of the default policy, or of the pwdPolicySubentry', async () => {
    expect((await userOf('tina')).directoryPasswordExpiresAt).toBe('2026-05-02T00:00:00.000Z');
    expect((await userOf('uma')).directoryPasswordExpiresAt).toBe('2026-03-03T00:00:00.000Z');
    // Unknown (no pwdChangedTime) and never (no pwdMaxAge): nothing stored, so no reminder.
    expect((await userOf('vera')).directoryPasswordExpiresAt).toBeUndefined();
    expect((await userOf('walt')).directoryPasswordExpiresAt).toBeUndefined();
  });

  it('the preview lists the directory user to be reminded; the expired check follows the directory', async () => {
    const preview = await world.app.services.passwordExpiry.preview(tenantId, new Date('2026-04-26T00:00:00Z'));
    expect(preview).toEqual([
      {
        upn: 'tina@example.org',
        expiresAt: '2026-05-02T00:00:00.000Z',
        reminders: [
          { days: 7, at: '2026-04-25T00:00:00.000Z', status: 'due' },
          { days: 1, at: '2026-05-01T00:00:00.000Z', status: 'scheduled' },
        ],
      },
    ]);
    if (dialect === 'sqlite') {
      const listed = await cli.json('expiry', 'preview', '--tenant', 'example.org', '--as-of', '2026-04-26');
      expect(JSON.stringify(listed)).toContain('tina@example.org');
      expect(JSON.stringify(listed)).toContain('2026-05-02T00:00:00.000Z');
    }
    expect(await world.app.services.passwordExpiry.hasExpired(await userOf('uma'))).toBe(false);
    world.clock.advance(3 * 86_400);
    expect(await world.app.services.passwordExpiry.hasExpired(await userOf('uma'))).toBe(true);
    expect(await world.app.services.passwordExpiry.hasExpired(await userOf('tina'))).toBe(false);
  });

  it('a re-sync with nothing changed keeps the instants; "password never expires" still wins', async () => {
    await world.app.services.directorySync.syncTenant(tenantId, { full: true });
    expect((await userOf('tina')).directoryPasswordExpiresAt).toBe('2026-05-02T00:00:00.000Z');
    await world.app.services.passwordExpiry.setPasswordNeverExpires(await userOf('tina'), true, cliActor);
    expect(await world.app.services.passwordExpiry.preview(tenantId, new Date('2026-04-26T00:00:00Z'))).toEqual([]);
    await world.app.services.passwordExpiry.setPasswordNeverExpires(await userOf('tina'), false, cliActor);
  });

  it("a reset written back restarts the clock from the directory's new pwdChangedTime", async () => {
    const writeback = createDirectoryWriteback(world.app.services.directories);
    const directory = (await writeback.open(tenantId))!;
    const before = Date.now();
    const written = await writeback.setPassword(
      directory,
      await userOf('uma'),
      'Fresh-Start-2026!',
      { kind: 'reset' },
      'en',
    );
    expect(written.ok).toBe(true);
    const after = Date.now();
    const expiresAt = Date.parse((await userOf('uma')).directoryPasswordExpiresAt!);
    // slapd writes pwdChangedTime in whole seconds.
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 30 * 86_400_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 30 * 86_400_000);
  });
});

describe('directory expiry when cn=config is closed to the service account', () => {
  let slapd: Slapd;
  let world: TestWorld;

  beforeAll(async () => {
    slapd = await startExpirySlapd(false);
    world = await createTestWorld('sqlite');
  });
  afterAll(async () => {
    await world?.close();
    await slapd?.stop();
  });

  it('the visible policies disagree (90 days, 30 days, never): the default is not guessed; a named policy still counts', async () => {
    const tenantId = await connect(world, slapd);
    const userOf = async (name: string) =>
      (await world.app.services.deps.store.users.findByUpn(tenantId, `${name}@example.org`))!;
    expect((await userOf('tina')).directoryPasswordExpiresAt).toBeUndefined();
    expect((await userOf('uma')).directoryPasswordExpiresAt).toBe('2026-03-03T00:00:00.000Z');
  });
});
