/**
 * The directory sync's expected outcomes against one private slapd, shared by the direct sync suite
 * (test/integration/sync/directory-sync.test.ts) and the sync through an agent (test/integration/agent/agent-sync.test.ts):
 * whatever carries the listing, the same directory must give the same users, groups, skips and changes.
 */
import { Attribute, Change, type Client } from 'ldapts';
import { expect, it } from 'vitest';
import type { SyncCounts } from '../../src/core/directory/sync-model.js';
import type { User } from '../../src/core/model.js';
import { baseDn, peopleDn, user } from './slapd.js';

const escapedRdn = (uid: string) => uid.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`);
/** A uid full of DN and filter specials: it must sync as exactly itself, and resolve as a group member. */
export const crafted = 'smith, john+x=1;<a>"b"#\\';
const craftedDn = `uid=${escapedRdn(crafted)},${peopleDn}`;
export const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;

/** zoe's own ppolicy (issue #16): her password expires 90 days after its pwdChangedTime. */
const quarterly = `cn=quarterly,ou=policies,${baseDn}`;

/**
 * Added to the harness's standard users: zoe (an office number that is no phone; her own password policy, so her
 * expiry is known whatever carries the listing), an outsider, a nested group.
 */
export const syncScenarioLdif = [
  [
    `dn: ${quarterly}`,
    'objectClass: device',
    'objectClass: pwdPolicy',
    'cn: quarterly',
    'pwdAttribute: userPassword',
    `pwdMaxAge: ${90 * 86_400}`,
    '',
  ].join('\n'),
  user('zoe', 'Zoe', 'Zwart', {
    telephoneNumber: '12',
    mobile: '+31 20 555 0101',
    pwdChangedTime: '20260201000000Z',
    pwdPolicySubentry: quarterly,
  }),
  // Mail on a domain the tenant has not verified: skipped and counted.
  [
    'dn: uid=outsider,' + peopleDn,
    'objectClass: inetOrgPerson',
    'uid: outsider',
    'cn: Out Sider',
    'sn: Sider',
    'mail: out@elsewhere.example',
    '',
  ].join('\n'),
  [
    `dn: cn=all,ou=groups,${baseDn}`,
    'objectClass: groupOfNames',
    'cn: all',
    `member: cn=staff,ou=groups,${baseDn}`,
    `member: ${dnOf('carol')}`,
    `member: ${dnOf('outsider')}`,
    `member:: ${Buffer.from(craftedDn).toString('base64')}`,
    '',
  ].join('\n'),
].join('\n');

export interface SyncScenarioSuite {
  sync(full?: boolean): Promise<SyncCounts>;
  userOf(upn: string): Promise<User | undefined>;
  membersOf(group: string): Promise<Array<string | undefined>>;
  asRoot<T>(work: (client: Client) => Promise<T>): Promise<T>;
  /** The tenant's audit events of one activity. */
  auditOf(activity: string): Promise<unknown[]>;
}

/** The first (full) sync's outcome: 12 standard users + zoe created; outsider skipped; two groups with nesting. */
export const expectFirstSync = async (suite: SyncScenarioSuite, counts: SyncCounts) => {
  expect(counts).toMatchObject({
    full: true,
    created: 13,
    updated: 0,
    disabled: 0,
    unchanged: 0,
    skipped: 1,
    phonesSkipped: 1,
  });
  expect(counts.skippedReasons.domainNotVerified).toBe(1);
  expect(counts.groups).toMatchObject({ created: 2, skipped: 0 });
  expect(await suite.userOf('alice@example.org')).toMatchObject({
    source: 'synced',
    accountEnabled: true,
    givenName: 'Alice',
    surname: 'Anders',
    displayName: 'Alice Anders',
    mobilePhone: '+31612345678',
    passwordHash: null,
  });
  // zoe's office number is not a phone number: left out, her mobile kept.
  expect(await suite.userOf('zoe@example.org')).toMatchObject({ officePhone: null, mobilePhone: '+31205550101' });
  // pwdChangedTime + her policy's pwdMaxAge (through an agent: its readPasswordPolicies operation).
  expect((await suite.userOf('zoe@example.org'))?.directoryPasswordExpiresAt).toBe('2026-05-02T00:00:00.000Z');
  expect(await suite.userOf('out@elsewhere.example')).toBeUndefined();
  expect(await suite.membersOf('staff')).toEqual(['alice@example.org', 'bob@example.org']);
  // Nesting, and the crafted DN resolved to exactly its user; outsider is not synced so not a member.
  expect(await suite.membersOf('all')).toEqual(['carol@example.org', 'group:staff', 'john@example.org']);
};

/** The tests after the first sync, in order: re-runs change nothing, an incremental run sees a change, a full run a deletion. */
export const syncScenarioTests = (suite: SyncScenarioSuite) => {
  it('is idempotent: a re-run, incremental or full, changes nothing', async () => {
    expect(await suite.sync()).toMatchObject({ full: false, created: 0, updated: 0, disabled: 0, skipped: 1 });
    const full = await suite.sync(true);
    expect(full).toMatchObject({ full: true, created: 0, updated: 0, disabled: 0, unchanged: 13, skipped: 1 });
    expect(full.groups).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: 2,
      membersAdded: 0,
      membersRemoved: 0,
    });
  });

  it('an incremental sync picks up a change in the directory and updates only that', async () => {
    await suite.asRoot(async (client) => {
      await client.modify(dnOf('bob'), [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'mobile', values: ['+31 6 87654321'] }),
        }),
      ]);
      await client.modify(`cn=staff,ou=groups,${baseDn}`, [
        new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dnOf('erin')] }) }),
      ]);
    });
    const counts = await suite.sync();
    expect(counts).toMatchObject({ full: false, created: 0, updated: 1, disabled: 0 });
    expect(counts.groups).toMatchObject({ created: 0, membersAdded: 1, membersRemoved: 0 });
    expect((await suite.userOf('bob@example.org'))?.mobilePhone).toBe('+31687654321');
    expect(await suite.membersOf('staff')).toEqual(['alice@example.org', 'bob@example.org', 'erin@example.org']);
  });

  it('disables (never deletes) a user removed from the directory at the next full sync', async () => {
    await suite.asRoot((client) => client.del(dnOf('heidi')));
    expect((await suite.sync()).disabled).toBe(0);
    expect(await suite.sync(true)).toMatchObject({ disabled: 1, created: 0, updated: 0 });
    expect(await suite.userOf('heidi@example.org')).toMatchObject({ accountEnabled: false, source: 'synced' });
    expect(await suite.auditOf('Disable account')).toHaveLength(1);
    expect((await suite.sync(true)).disabled).toBe(0);
  });
};
