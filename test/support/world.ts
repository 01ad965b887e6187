import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { aTenant } from './factories.js';
import { createManualClock, type ManualClock } from './manual-clock.js';
import { createThrowawayDatabase, type TestDialect } from './postgres.js';

export interface TestWorld {
  app: App;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
}

/**
 * A fresh, isolated world per test file: its own store (in-memory SQLite or a throwaway PostgreSQL
 * database), a manual clock and a fixed secret. Tests build what they need with factories.
 */
export const createTestWorld = async (
  dialect: TestDialect,
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestWorld> => {
  const pgDatabase = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
  const loaded = loadConfig({
    SSPR_DATABASE_URL: pgDatabase?.url ?? 'sqlite::memory:',
    SSPR_SECRET: 'test-secret-test-secret-test-secret-0123',
    SSPR_PUBLIC_URL: 'http://127.0.0.1:3000',
    SSPR_DEV_OUTBOX: dialect === 'sqlite' ? '1' : '0',
    // PostgreSQL is production mode, which needs real channels unless the outbox is chosen explicitly.
    ...(dialect === 'postgres' && { SSPR_MAIL_PROVIDER: 'outbox', SSPR_SMS_PROVIDER: 'outbox' }),
    SSPR_LOG_LEVEL: 'silent',
    SSPR_SIGNIN_RATE_LIMIT: '10000',
    // The per-account budgets count in real time; tests sign one account in many times a second.
    SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '10000',
    SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '10000',
    SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '10000',
    SSPR_RESET_ACCOUNT_RATE_LIMIT: '10000',
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
  // The delivery worker runs as in `sspr serve`, polling often so a test's mail arrives promptly.
  const app = await createApp(loaded.config, {
    clock,
    logger: false,
    ...overrides,
    deliverySettings: { pollMs: 25, ...overrides.deliverySettings },
  });
  app.services.delivery.start();
  return {
    app,
    clock,
    config: loaded.config,
    async close() {
      await app.close();
      await pgDatabase?.drop();
    },
  };
};

export interface HttpWorld {
  world: TestWorld;
  server: FastifyInstance;
  /** The verified domain of a tenant made for this describe block. */
  domain: string;
  /** That tenant's id. */
  tenantId: string;
}

/** Registers before/after hooks that build one world, its HTTP server and a tenant for a describe block. */
export const useHttpWorld = (
  dialect: TestDialect,
  options: { tenantName?: string; env?: Record<string, string>; overrides?: AppOverrides } = {},
): HttpWorld => {
  const context = {} as HttpWorld;
  beforeAll(async () => {
    context.world = await createTestWorld(dialect, options.env, options.overrides);
    context.server = await context.world.app.http();
    const tenant = await aTenant(context.world.app, { name: options.tenantName ?? 'Contoso' });
    context.domain = tenant.domains[0]!;
    context.tenantId = tenant.tenantId;
  });
  afterAll(async () => context.world?.close());
  return context;
};
