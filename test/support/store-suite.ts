import { afterAll, beforeAll, describe } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import type { Store } from '../../src/core/ports.js';
import { createThrowawayDatabase, testDialects, type TestDialect } from './postgres.js';

/**
 * A part of the Store port's contract, described once per dialect (SSPR_TEST_DIALECTS), each with
 * its own fresh, migrated database: in-memory SQLite or a throwaway PostgreSQL database (an
 * unreachable server fails, never skips). The store opens in beforeAll, so `getStore` and
 * `getDatabase` are called inside tests.
 */
export const describeStore = (
  title: string,
  body: (getStore: () => Store, dialect: TestDialect, getDatabase: () => OpenDatabase) => void,
) =>
  describe.each(testDialects())(`${title} (%s)`, (dialect) => {
    let database: OpenDatabase | undefined;
    let store: Store | undefined;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      let url = 'sqlite::memory:';
      if (dialect === 'postgres') ({ url, drop } = await createThrowawayDatabase());
      database = openDatabase(url);
      await migrateToLatest(database);
      store = createKyselyStore(database);
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const opened = <T>(value: T | undefined): T => {
      if (value === undefined) throw new Error('the store is not open: call getStore() inside a test, not while describing');
      return value;
    };
    body(() => opened(store), dialect, () => opened(database));
  });
