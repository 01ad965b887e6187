import { afterAll, beforeAll, describe } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
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

/** A tenant stored straight through the port (created 2026-03-01 09:00 UTC, a unique domain), for contract suites. */
export const aStoredTenant = async (store: Store) => {
  const tenant = {
    tenantId: crypto.randomUUID(),
    name: 'Contoso',
    country: 'NL',
    isTrial: false,
    createdAt: '2026-03-01T09:00:00.000Z',
    domains: [`t${crypto.randomUUID().slice(0, 8)}.example`],
  };
  await store.tenants.create(tenant);
  return tenant;
};
