/**
 * What every store-backed benchmark starts with, per dialect: a fresh database (a temporary SQLite file, or a
 * throwaway PostgreSQL database made as the store tests make theirs), a valid configuration and the real app
 * (`createApp`, which migrates). `close` undoes all of it. Also the wall/CPU timer and the dialect list the
 * benches share.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Dialect } from '../../src/adapters/store/database.js';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { freeLoopbackPort } from '../../test/support/net.js';
import { createThrowawayDatabase } from '../../test/support/postgres.js';

export interface BenchApp {
  app: App;
  /** For a second connection of the bench's own (bulk inserts, checks); the app has migrated the database already. */
  databaseUrl: string;
  close(): Promise<void>;
}

/** `prefix` names the temporary directory (`sspr-bench-sync-…`), so a leftover says which bench left it. */
export const openBenchApp = async (
  dialect: Dialect,
  prefix: string,
  /** More settings, or other values for these (the sign-in bench's public URL and rate limit). */
  env: Record<string, string> = {},
  /** More for createApp (the sign-in profile's instant hasher); the logger stays off. */
  overrides: AppOverrides = {},
): Promise<BenchApp> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
  const cleanUp = async () => {
    await throwaway?.drop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = throwaway?.url ?? `sqlite:${join(dir, 'bench.db')}`;
    const loaded = loadConfig(
      {
        SSPR_DATABASE_URL: databaseUrl,
        SSPR_SECRET: randomBytes(32).toString('base64url'),
        SSPR_PUBLIC_URL: 'http://127.0.0.1:3000',
        SSPR_LOG_LEVEL: 'silent',
        SSPR_MAIL_PROVIDER: 'outbox',
        SSPR_SMS_PROVIDER: 'outbox',
        ...env,
      },
      dir,
    );
    if (!loaded.ok) throw new Error(`config: ${loaded.problems.join('; ')}`);
    // Checkpoints on a worker, as `sspr serve` runs them.
    const app = await createApp(loaded.config, {
      backgroundCheckpoints: {
        onFailure: (error) => process.stderr.write(`bench: SQLite checkpointer stopped: ${error.message}\n`),
      },
      ...overrides,
      logger: false,
    });
    return {
      app,
      databaseUrl,
      close: async () => {
        await app.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
};

/** The one account the sign-in benches sign in as. */
export const signInBenchUser = { username: 'adele.vance@bench.example', password: 'Correct-Horse-42' };

/**
 * The real app listening on a free loopback port, with one tenant and `signInBenchUser` in it (made as
 * test/support/factories.ts makes them; both throw on invalid input), and every sign-in and reset rate limit out of
 * the way: the sign-in benches measure sign-ins, not refusals.
 */
export const openSignInBench = async (
  dialect: Dialect,
  prefix: string,
  overrides: AppOverrides = {},
): Promise<BenchApp & { port: number }> => {
  const port = await freeLoopbackPort();
  const bench = await openBenchApp(
    dialect,
    prefix,
    {
      SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SSPR_SIGNIN_RATE_LIMIT: '1000000',
      SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '1000000',
      SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '1000000',
      SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '1000000',
      SSPR_RESET_ACCOUNT_RATE_LIMIT: '1000000',
    },
    overrides,
  );
  try {
    const { username: upn, password } = signInBenchUser;
    await bench.app.services.tenants.createTenant({ name: 'Bench', domain: 'bench.example', country: 'NL' });
    await bench.app.services.users.createUser({ upn, password, givenName: 'Adele', surname: 'Vance', roles: [] });
    const server = await bench.app.http();
    await server.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await bench.close();
    throw error;
  }
  return { ...bench, port };
};

/** Wall time, and this process's CPU time (all of the work on SQLite; PostgreSQL's server is not in it). */
export const timed = async <T>(work: () => Promise<T>): Promise<{ seconds: number; cpuSeconds: number; value: T }> => {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
};

/** The dialects named in `variable` (comma-separated; default both), or exit 2 naming the unknown one. */
export const benchDialects = (variable: string): Dialect[] => {
  const names = (process.env[variable]?.trim() || 'sqlite,postgres').split(',').map((d) => d.trim());
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres') {
      process.stderr.write(`bench: ${variable}: unknown dialect "${name}"\n`);
      process.exit(2);
    }
  }
  return names as Dialect[];
};
