import { afterAll, beforeAll, describe } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import type { MethodRecord } from '../../src/core/methods/records.js';
import type { AuditEvent, User } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { createThrowawayDatabase, testDialects, type TestDialect } from './postgres.js';

/**
 * A part of the Store port's contract, described once per dialect (SSPR_TEST_DIALECTS), each with
 * its own fresh, migrated database: in-memory SQLite or a throwaway PostgreSQL database (an
 * unreachable server fails, never skips).
 *
 * The store opens in beforeAll, after `body` has run, so `store` and `database` are filled in then:
 * both are plain objects (repositories and closures; a Kysely instance and its dialect), so their
 * properties are copied onto the objects the tests already hold. Use them inside tests and hooks.
 */
export const describeStore = (
  title: string,
  body: (store: Store, dialect: TestDialect, database: OpenDatabase) => void,
) =>
  describe.each(testDialects())(`${title} (%s)`, (dialect) => {
    const store = {} as Store;
    const database = {} as OpenDatabase;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      let url = 'sqlite::memory:';
      if (dialect === 'postgres') ({ url, drop } = await createThrowawayDatabase());
      Object.assign(database, openDatabase(url));
      await migrateToLatest(database);
      Object.assign(store, createKyselyStore(database));
    });
    afterAll(async () => {
      // Absent when beforeAll failed before opening it.
      if ('close' in store) await store.close();
      await drop?.();
    });

    body(store, dialect, database);
  });

/** When contract suites' records are made. */
const storedAt = '2026-03-01T09:00:00.000Z';

/** The `n`th of a run of audit events for the chain and seal suites: its own actor, `n` in its details. */
export const aNumberedAuditEvent = (tenantId: string, n: number): AuditEvent => ({
  tenantId,
  eventId: crypto.randomUUID(),
  occurredAt: new Date(Date.UTC(2026, 2, 1, 9, 0, n % 60)).toISOString(),
  service: 'Self-service Password Management',
  category: 'UserManagement',
  activity: 'Reset password (self-service)',
  result: 'success',
  resultReason: null,
  actor: { type: 'user', id: `u${n}`, upn: null },
  target: null,
  ipAddress: null,
  details: { n },
});

/** A tenant stored straight through the port (created 2026-03-01 09:00 UTC, a unique domain), for contract suites. */
export const aStoredTenant = async (store: Store) => {
  const tenant = {
    tenantId: crypto.randomUUID(),
    name: 'Contoso',
    country: 'NL',
    isTrial: false,
    createdAt: storedAt,
    domains: [`t${crypto.randomUUID().slice(0, 8)}.example`],
  };
  await store.tenants.create(tenant);
  return tenant;
};

/**
 * A cloud user record as the port stores it, for contract suites (2026-03-01 09:00 UTC, enabled, no phones, no
 * alternate email, no roles): a suite's own defaults go in `overrides`.
 */
export const aUserRecord = (tenantId: string, upn: string, overrides: Partial<User> = {}): User => ({
  tenantId,
  userId: crypto.randomUUID(),
  upn,
  displayName: 'Adele Vance',
  givenName: 'Adele',
  surname: 'Vance',
  usageLocation: 'NL',
  accountEnabled: true,
  source: 'cloud',
  onPremAnchor: null,
  passwordHash: '$argon2id$x',
  passwordLastSetAt: storedAt,
  mobilePhone: null,
  officePhone: null,
  alternateEmail: null,
  roles: [],
  createdAt: storedAt,
  ...overrides,
});

/** A session of `user`'s, started at `createdAt` and ending twelve hours later. */
export const aSessionRecord = (user: User, sessionHash: string, createdAt = storedAt) => ({
  tenantId: user.tenantId,
  sessionHash,
  userId: user.userId,
  createdAt,
  lastSeenAt: createdAt,
  expiresAt: new Date(Date.parse(createdAt) + 12 * 3600_000).toISOString(),
});

/** A method record of `owner`'s, created (and verified, when its status is) at `at`. */
export const aMethodRecord = (
  owner: Pick<User, 'tenantId' | 'userId'>,
  type: MethodRecord['type'],
  status: MethodRecord['status'],
  at: string,
  value: string | null,
): MethodRecord => ({
  tenantId: owner.tenantId,
  methodId: crypto.randomUUID(),
  userId: owner.userId,
  type,
  value,
  sealedSecret: null,
  label: null,
  status,
  lastTotpStep: null,
  createdAt: at,
  verifiedAt: status === 'verified' ? at : null,
  updatedAt: at,
});
