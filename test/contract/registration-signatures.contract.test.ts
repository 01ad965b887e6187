/**
 * The Store port's contract for the registration report's signatures (issue #15), on every dialect: each user
 * reduced to what the report's verdicts read — roles (admins), active SKUs (direct or through a group, inactive ones
 * left out), verified kinds (pending ones left out), filled pre-populated fields, answer count, account state,
 * nested membership of the policy's selected group — grouped with a count; pages of the users of chosen signatures
 * in UPN order; the full facts of the users named.
 */
import { expect, it } from 'vitest';
import type { MethodRecord } from '../../src/core/methods/records.js';
import type { User } from '../../src/core/model.js';
import type { RegistrationScope, Store } from '../../src/core/ports.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

const aUser = (tenantId: string, upn: string, overrides: Partial<User> = {}): User => ({
  tenantId,
  userId: uuid(),
  upn,
  displayName: upn.split('@')[0]!,
  givenName: null,
  surname: null,
  usageLocation: 'NL',
  accountEnabled: true,
  source: 'cloud',
  onPremAnchor: null,
  passwordHash: '$argon2id$x',
  passwordLastSetAt: now,
  mobilePhone: null,
  officePhone: null,
  alternateEmail: null,
  roles: [],
  createdAt: now,
  ...overrides,
});

const aMethod = (user: User, type: MethodRecord['type'], status: MethodRecord['status']): MethodRecord => ({
  tenantId: user.tenantId,
  methodId: uuid(),
  userId: user.userId,
  type,
  value: type === 'authenticatorApp' ? null : `${user.userId}@mail.example`,
  sealedSecret: null,
  label: null,
  status,
  lastTotpStep: null,
  createdAt: now,
  verifiedAt: status === 'verified' ? now : null,
  updatedAt: now,
});

/** A tenant of six users alike in nothing but what the test names. */
const aTenant = async (store: Store) => {
  const tenant = await aStoredTenant(store);
  const t = tenant.tenantId;
  const domain = tenant.domains[0]!;
  const make = (local: string, overrides: Partial<User> = {}) => aUser(t, `${local}@${domain}`, overrides);
  const users = {
    admin: make('admin', { roles: ['PasswordAdministrator', 'GlobalAdministrator'] }),
    prepopulated: make('prepopulated', {
      mobilePhone: '+31612345678',
      alternateEmail: 'p@mail.example',
      officePhone: '',
    }),
    answers: make('answers'),
    disabled: make('disabled', { accountEnabled: false, source: 'synced' }),
    member: make('member'),
    plain: make('plain'),
  };
  for (const user of Object.values(users)) await store.users.create(user, now);
  await store.securityInfo.addMethod(aMethod(users.admin, 'authenticatorApp', 'verified'));
  await store.securityInfo.addMethod(aMethod(users.admin, 'alternateEmail', 'verified'));
  await store.securityInfo.addMethod(aMethod(users.admin, 'alternateEmail', 'verified'));
  // A re-registered pre-populated value and a pending method: the kind once, the pending one not at all.
  await store.securityInfo.addMethod({
    ...aMethod(users.prepopulated, 'mobilePhone', 'verified'),
    value: '+31612345678',
  });
  await store.securityInfo.addMethod(aMethod(users.disabled, 'mobilePhone', 'pending'));
  await store.securityInfo.replaceAnswers(
    t,
    users.answers.userId,
    ['q1', 'q2', 'q3'].map((questionId) => ({
      tenantId: t,
      userId: users.answers.userId,
      questionId,
      answerHash: 'h',
      createdAt: now,
    })),
  );
  const outer = { tenantId: t, groupId: uuid(), name: 'Outer', createdAt: now };
  const inner = { tenantId: t, groupId: uuid(), name: 'Inner', createdAt: now };
  await store.groups.create(outer);
  await store.groups.create(inner);
  await store.groups.addMember(t, outer.groupId, { type: 'group', id: inner.groupId });
  await store.groups.addMember(t, inner.groupId, { type: 'user', id: users.member.userId });
  await store.groups.addMember(t, inner.groupId, { type: 'group', id: outer.groupId });
  await store.groups.addMember(t, outer.groupId, { type: 'user', id: users.admin.userId });
  const licence = (
    user: User,
    skuId: 'AAD_PREMIUM_P1' | 'AAD_PREMIUM_P2',
    state: 'active' | 'CountViolation',
    group?: string,
  ) => ({
    userId: user.userId,
    skuId,
    via: group ? { kind: 'group' as const, groupId: group, groupName: 'Outer' } : { kind: 'direct' as const },
    assignedAt: now,
    state,
  });
  await store.licensing.applyUserLicenseChanges(t, {
    removed: [],
    written: [
      licence(users.member, 'AAD_PREMIUM_P1', 'active', outer.groupId),
      licence(users.member, 'AAD_PREMIUM_P1', 'active'),
      licence(users.member, 'AAD_PREMIUM_P2', 'CountViolation'),
      licence(users.admin, 'AAD_PREMIUM_P2', 'active'),
    ],
  });
  return { tenant, users, outer, inner };
};

describeStore('store contract: registration signatures', (store) => {
  it('reduces each user to what the verdicts read and counts users alike', async () => {
    const { tenant, users, outer } = await aTenant(store);
    const scope: RegistrationScope = { selectedGroupId: outer.groupId };
    const signatures = await store.reports.registrationSignatures(tenant.tenantId, scope);
    const base = { source: 'cloud', accountEnabled: true, roles: [], selected: false, activeSkus: [] };
    const none = { verifiedKinds: [], filledFields: [], answerCount: 0 };
    const withoutKeys = signatures.map(({ key: _key, ...rest }) => rest);
    expect(withoutKeys).toHaveLength(6);
    expect(withoutKeys).toEqual(
      expect.arrayContaining([
        {
          ...base,
          roles: ['GlobalAdministrator', 'PasswordAdministrator'],
          selected: true,
          activeSkus: ['AAD_PREMIUM_P2'],
          verifiedKinds: ['alternateEmail', 'authenticatorApp'],
          filledFields: [],
          answerCount: 0,
          users: 1,
        },
        { ...base, ...none, verifiedKinds: ['mobilePhone'], filledFields: ['alternateEmail', 'mobilePhone'], users: 1 },
        { ...base, ...none, answerCount: 3, users: 1 },
        { ...base, ...none, source: 'synced', accountEnabled: false, users: 1 },
        // Nested membership of the selected group; the same SKU direct and through a group once; no inactive one.
        { ...base, ...none, selected: true, activeSkus: ['AAD_PREMIUM_P1'], users: 1 },
        { ...base, ...none, users: 1 },
      ]),
    );
    // A page carries each user's signature, the same as the grouping's.
    const page = await store.reports.registrationPage(tenant.tenantId, scope, null, { top: 10, skip: 0 });
    const member = page.find((p) => p.userId === users.member.userId)!.signature;
    expect(member).toMatchObject({ selected: true, activeSkus: ['AAD_PREMIUM_P1'] });
    expect(signatures.map((s) => s.key)).toContain(member.key);
    // Two users alike share a signature.
    await store.users.create(aUser(tenant.tenantId, `plain2@${tenant.domains[0]!}`), now);
    const again = await store.reports.registrationSignatures(tenant.tenantId, scope);
    expect(again.find((s) => s.users === 2)).toMatchObject({ ...base, ...none });
    // Without a selected group nobody is selected; "member" and "plain" still differ by licence.
    const unselected = await store.reports.registrationSignatures(tenant.tenantId, { selectedGroupId: null });
    expect(unselected.every((s) => !s.selected)).toBe(true);
    expect(unselected.reduce((n, s) => n + s.users, 0)).toBe(7);
  });

  it('pages the users of chosen signatures in UPN order, in a group, by prefix', async () => {
    const { tenant, users, outer } = await aTenant(store);
    const t = tenant.tenantId;
    const scope: RegistrationScope = { selectedGroupId: null };
    const all = await store.reports.registrationPage(t, scope, null, { top: 10, skip: 0 });
    expect(all.map((p) => p.userId)).toEqual(
      [users.admin, users.answers, users.disabled, users.member, users.plain, users.prepopulated].map((u) => u.userId),
    );
    expect((await store.reports.registrationPage(t, scope, null, { top: 2, skip: 4 })).map((p) => p.userId)).toEqual([
      users.plain.userId,
      users.prepopulated.userId,
    ]);
    const keyOf = (user: User) => all.find((p) => p.userId === user.userId)!.signature.key;
    const chosen = [keyOf(users.prepopulated), keyOf(users.answers)];
    expect((await store.reports.registrationPage(t, scope, chosen, { top: 10, skip: 0 })).map((p) => p.userId)).toEqual(
      [users.answers.userId, users.prepopulated.userId],
    );
    expect((await store.reports.registrationPage(t, scope, chosen, { top: 10, skip: 1 })).map((p) => p.userId)).toEqual(
      [users.prepopulated.userId],
    );
    expect(await store.reports.registrationPage(t, scope, [], { top: 10, skip: 0 })).toEqual([]);
    const inGroup = { ...scope, inGroupId: outer.groupId };
    expect((await store.reports.registrationPage(t, inGroup, null, { top: 10, skip: 0 })).map((p) => p.userId)).toEqual(
      [users.admin.userId, users.member.userId],
    );
    expect((await store.reports.registrationSignatures(t, inGroup)).reduce((n, s) => n + s.users, 0)).toBe(2);
    const prefixed = { ...scope, prefix: 'PRE' };
    expect(
      (await store.reports.registrationPage(t, prefixed, null, { top: 10, skip: 0 })).map((p) => p.userId),
    ).toEqual([users.prepopulated.userId]);
    // A LIKE wildcard in the prefix is a literal character.
    expect(await store.reports.registrationSignatures(t, { ...scope, prefix: '%' })).toEqual([]);
  });

  it('reads the full facts of the users named, and nobody else', async () => {
    const { tenant, users } = await aTenant(store);
    const facts = await store.reports.registrationFactsOf(tenant.tenantId, [
      users.admin.userId,
      users.answers.userId,
      uuid(),
    ]);
    const byId = new Map(facts.map((f) => [f.user.userId, f]));
    expect(byId.size).toBe(2);
    expect(byId.get(users.admin.userId)).toMatchObject({
      user: { roles: ['GlobalAdministrator', 'PasswordAdministrator'] },
      answerCount: 0,
    });
    expect(
      byId
        .get(users.admin.userId)!
        .methods.map((m) => m.type)
        .sort(),
    ).toEqual(['alternateEmail', 'alternateEmail', 'authenticatorApp']);
    expect(byId.get(users.answers.userId)).toMatchObject({ answerCount: 3, answersUpdatedAt: now, methods: [] });
    expect(await store.reports.registrationFactsOf(tenant.tenantId, [])).toEqual([]);
  });
});
