/**
 * The one reader of process.env. Every variable is validated at once and every problem listed,
 * so an operator fixes the configuration in one pass instead of one crash at a time.
 */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { defaultTenantUnfamiliarVerifies } from '../core/lockout/verify-budget.js';
import { loadAuditSettings, type AuditSettings } from './audit-config.js';
import { loadChannelSettings, type ChannelSettings } from './channels-config.js';
import { loadNetworkSettings, type NetworkSettings } from './network-config.js';

export type { ChannelSettings, SmtpSettings, TwilioSettings } from './channels-config.js';
export type { NetworkSettings, RedisSettings } from './network-config.js';
export type { AuditSettings } from './audit-config.js';

export interface Config extends ChannelSettings, NetworkSettings {
  readonly databaseUrl: string;
  readonly dialect: 'sqlite' | 'postgres';
  /** Embedded mode: SQLite file store, outbox messaging, generated secret, demo tenant. */
  readonly embedded: boolean;
  readonly host: string;
  readonly port: number;
  /** Base of every link we build; never derived from the Host header. No trailing slash. */
  readonly publicUrl: string;
  readonly secureCookies: boolean;
  /** Undefined in embedded mode until the secret file has been read or created. */
  readonly secret: string | undefined;
  readonly secretFile: string;
  readonly devOutbox: boolean;
  /**
   * PostgreSQL: the usual sign-in's session write commits without waiting for the WAL flush
   * (SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT, default 1; docs/security.md "Store durability"). 0 for deployments whose
   * synchronous replication must hold every commit.
   */
  readonly signInAsyncCommit: boolean;
  /**
   * `/metrics` (SSPR_METRICS_TOKEN): with a token, only `Authorization: Bearer <token>` reads it; without one, it is
   * served only in embedded mode on loopback (development) and is a 404 everywhere else.
   */
  readonly metrics: { readonly token: string | null; readonly open: boolean };
  readonly logLevel: string;
  readonly signInRateLimitPerMinute: number;
  /**
   * Password verifies per sign-in name per 10 s before the hash (SSPR_SIGNIN_ACCOUNT_RATE_LIMIT), and from a browser
   * with the account's familiar-device cookie, counted apart (SSPR_SIGNIN_FAMILIAR_RATE_LIMIT): docs/security.md.
   */
  readonly signInAccountRateLimit: number;
  readonly signInFamiliarRateLimit: number;
  /**
   * Password verifies per tenant per 10 s from browsers without the account's familiar-device cookie
   * (SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT; default from the hasher's cores): the cap on a spray over many names.
   */
  readonly signInTenantUnfamiliarRateLimit: number;
  /** Password-reset starts per user ID per minute (SSPR_RESET_ACCOUNT_RATE_LIMIT), before the per-tenant limit. */
  readonly resetAccountRateLimitPerMinute: number;
  /** ALTCHA difficulty: the client tries up to this many numbers (SSPR_CAPTCHA_DIFFICULTY). */
  readonly captchaDifficulty: number;
  /** Password-reset requests per IP per minute (SSPR_RESET_RATE_LIMIT): every step that changes something. */
  readonly resetRateLimitPerMinute: number;
  /**
   * Password-reset page reads (GET/HEAD of the flow's pages and state, and CAPTCHA challenges) per IP per minute,
   * counted apart from the steps (SSPR_RESET_PAGE_RATE_LIMIT; default ten times SSPR_RESET_RATE_LIMIT).
   */
  readonly resetPageRateLimitPerMinute: number;
  /** Password-reset starts per tenant (user ID domain) per minute (SSPR_RESET_TENANT_RATE_LIMIT). */
  readonly resetTenantRateLimitPerMinute: number;
  /** FAILED agent authentications per IP per minute on /api/v1/agent/* (SSPR_AGENT_RATE_LIMIT); over it, 429. */
  readonly agentRateLimitPerMinute: number;
  /** Requests per authenticated agent per minute on /api/v1/agent/* (SSPR_AGENT_REQUEST_LIMIT); a long poll is one. */
  readonly agentRequestLimitPerMinute: number;
  /** Directory sync (issue 7): minutes between scheduled syncs in `serve`; 0 switches the schedule off. */
  readonly syncIntervalMinutes: number;
  /** Audit retention override and the SIEM stream's sinks (docs/audit.md). */
  readonly audit: AuditSettings;
  /** Breached-password check (docs/breached-passwords.md); each tenant still switches it on. */
  readonly breached: {
    readonly source: 'off' | 'range-api' | 'offline';
    /** No trailing slash; `/range/XXXXX` is appended. */
    readonly rangeUrl: string;
    /** Absolute. */
    readonly indexPath: string;
    readonly failure: 'open' | 'closed';
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const parseInteger = (raw: string, name: string, min: number, max: number, problems: string[]): number => {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return min;
  }
  return value;
};

export const loadConfig = (env: NodeJS.ProcessEnv, cwd = process.cwd()): ConfigResult => {
  const problems: string[] = [];
  const databaseUrl = env.SSPR_DATABASE_URL?.trim() || 'sqlite:./data/sspr.db';
  let dialect: Config['dialect'] = 'sqlite';
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) dialect = 'postgres';
  else if (!databaseUrl.startsWith('sqlite:') || databaseUrl.length === 'sqlite:'.length) {
    problems.push(
      `SSPR_DATABASE_URL must be sqlite:PATH or postgres://USER@HOST:PORT/DB (got "${databaseUrl.split(':')[0]}:…")`,
    );
  }
  const embedded = dialect === 'sqlite';

  const host = env.SSPR_HOST?.trim() || '127.0.0.1';
  const port = parseInteger(env.SSPR_PORT?.trim() || '3000', 'SSPR_PORT', 0, 65_535, problems);

  let publicUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (env.SSPR_PUBLIC_URL?.trim()) {
    try {
      const url = new URL(env.SSPR_PUBLIC_URL.trim());
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      if (url.search || url.hash || url.username) throw new Error('extras');
      publicUrl = url.toString().replace(/\/$/, '');
    } catch {
      problems.push(
        'SSPR_PUBLIC_URL must be an http(s) URL without query, fragment or credentials, e.g. https://sspr.example.com',
      );
    }
  } else if (!embedded) {
    problems.push('SSPR_PUBLIC_URL is required outside embedded mode (links in messages are built from it)');
  }

  const secret = env.SSPR_SECRET?.trim() || undefined;
  if (secret !== undefined && secret.length < 32)
    problems.push('SSPR_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  if (secret === undefined && !embedded)
    problems.push('SSPR_SECRET is required outside embedded mode (at least 32 random characters)');
  const secretFile =
    embedded && databaseUrl !== 'sqlite::memory:'
      ? join(dirname(resolve(cwd, databaseUrl.slice('sqlite:'.length))), 'sspr.secret')
      : resolve(cwd, 'data', 'sspr.secret');

  const channels = loadChannelSettings(
    env,
    { embedded, publicUrlSet: Boolean(env.SSPR_PUBLIC_URL?.trim()), cwd },
    problems,
  );

  // Shared rate limits (SSPR_REDIS_URL) and trusted proxies (SSPR_TRUSTED_PROXIES): docs/security.md.
  const network = loadNetworkSettings(env, problems);

  // Audit retention and the SIEM stream (issue 15): docs/audit.md.
  const audit = loadAuditSettings(env, cwd, problems);

  // On by default only for the embedded mode on loopback: the outbox page shows every message.
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(host);
  const devOutboxRaw = env.SSPR_DEV_OUTBOX?.trim() || (embedded && loopback ? '1' : '0');
  if (devOutboxRaw !== '0' && devOutboxRaw !== '1')
    problems.push(`SSPR_DEV_OUTBOX must be 0 or 1 (got "${devOutboxRaw}")`);
  const devOutbox = devOutboxRaw === '1';
  // The outbox page shows every message sent, codes included: never on a production store.
  if (devOutbox && !embedded) problems.push('SSPR_DEV_OUTBOX=1 is only allowed in embedded mode (SQLite)');

  const asyncCommitRaw = env.SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT?.trim() || '1';
  if (asyncCommitRaw !== '0' && asyncCommitRaw !== '1')
    problems.push(`SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT must be 0 or 1 (got "${asyncCommitRaw}")`);

  // Metrics expose server-side timings (a timing oracle) and traffic: never to anyone on the public listener.
  const metricsToken = env.SSPR_METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && (metricsToken.length < 32 || /\s/.test(metricsToken)))
    problems.push('SSPR_METRICS_TOKEN must be at least 32 characters without spaces (e.g. `openssl rand -hex 32`)');
  const metrics = Object.freeze({ token: metricsToken, open: metricsToken === null && embedded && loopback });

  const logLevel = env.SSPR_LOG_LEVEL?.trim() || 'info';
  if (!logLevels.includes(logLevel))
    problems.push(`SSPR_LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}")`);

  const signInRateLimitPerMinute = parseInteger(
    env.SSPR_SIGNIN_RATE_LIMIT?.trim() || '60',
    'SSPR_SIGNIN_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );

  // The per-account budgets (issue 18): a handful a window, well above a human's typing, far below a spray.
  const signInAccountRateLimit = parseInteger(
    env.SSPR_SIGNIN_ACCOUNT_RATE_LIMIT?.trim() || '5',
    'SSPR_SIGNIN_ACCOUNT_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );
  const signInFamiliarRateLimit = parseInteger(
    env.SSPR_SIGNIN_FAMILIAR_RATE_LIMIT?.trim() || '10',
    'SSPR_SIGNIN_FAMILIAR_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );
  // Derived from this machine's cores (the hasher's parallelism), so a spray cannot fill the hasher by default.
  const signInTenantUnfamiliarRateLimit = parseInteger(
    env.SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT?.trim() ||
      String(defaultTenantUnfamiliarVerifies(availableParallelism())),
    'SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );
  const resetAccountRateLimitPerMinute = parseInteger(
    env.SSPR_RESET_ACCOUNT_RATE_LIMIT?.trim() || '5',
    'SSPR_RESET_ACCOUNT_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );

  // Password reset (issue 6): the proof-of-work difficulty (tests set it low) and per-IP / per-tenant request limits.
  const captchaDifficulty = parseInteger(
    env.SSPR_CAPTCHA_DIFFICULTY?.trim() || '50000',
    'SSPR_CAPTCHA_DIFFICULTY',
    1,
    10_000_000,
    problems,
  );
  const resetRateLimitPerMinute = parseInteger(
    env.SSPR_RESET_RATE_LIMIT?.trim() || '30',
    'SSPR_RESET_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );
  // Reloads, Back and second tabs behind one NAT address must not use up the steps' budget, yet a flood of reads is
  // still cut off: a step is one post and one page read, so ten reads per step leaves room for every reload.
  const resetPageRateLimitPerMinute = parseInteger(
    env.SSPR_RESET_PAGE_RATE_LIMIT?.trim() || String(Math.min(resetRateLimitPerMinute * 10, 10_000_000)),
    'SSPR_RESET_PAGE_RATE_LIMIT',
    1,
    10_000_000,
    problems,
  );
  const resetTenantRateLimitPerMinute = parseInteger(
    env.SSPR_RESET_TENANT_RATE_LIMIT?.trim() || '300',
    'SSPR_RESET_TENANT_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );
  // Only failed authentications count per address: a token-guessing client is cut off, while agents behind one
  // address (and their sync traffic) never starve each other.
  const agentRateLimitPerMinute = parseInteger(
    env.SSPR_AGENT_RATE_LIMIT?.trim() || '120',
    'SSPR_AGENT_RATE_LIMIT',
    1,
    1_000_000,
    problems,
  );
  // Each authenticated agent has its own allowance: an idle one makes ~3 requests a minute, a sync two per page
  // (poll and result), so 6000 lets a large sync run at full speed and still bounds a runaway or stolen token.
  const agentRequestLimitPerMinute = parseInteger(
    env.SSPR_AGENT_REQUEST_LIMIT?.trim() || '6000',
    'SSPR_AGENT_REQUEST_LIMIT',
    1,
    1_000_000,
    problems,
  );
  const syncIntervalMinutes = parseInteger(
    env.SSPR_SYNC_INTERVAL?.trim() || '30',
    'SSPR_SYNC_INTERVAL',
    0,
    10_080,
    problems,
  );

  const breachedSources = ['off', 'range-api', 'offline'] as const;
  const breachedSource = env.SSPR_BREACHED_SOURCE?.trim() || 'off';
  if (!(breachedSources as readonly string[]).includes(breachedSource)) {
    problems.push(`SSPR_BREACHED_SOURCE must be one of ${breachedSources.join(', ')} (got "${breachedSource}")`);
  }
  let breachedRangeUrl = 'https://api.pwnedpasswords.com';
  if (env.SSPR_BREACHED_RANGE_URL?.trim()) {
    try {
      const url = new URL(env.SSPR_BREACHED_RANGE_URL.trim());
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      if (url.search || url.hash || url.username || url.password) throw new Error('extras');
      breachedRangeUrl = url.toString().replace(/\/+$/, '');
    } catch {
      problems.push(
        'SSPR_BREACHED_RANGE_URL must be an http(s) URL without query, fragment or credentials, e.g. https://api.pwnedpasswords.com',
      );
    }
  }
  const breachedIndexPath = resolve(cwd, env.SSPR_BREACHED_INDEX?.trim() || './data/breached.idx');
  const breachedFailure = env.SSPR_BREACHED_FAILURE?.trim() || 'open';
  if (breachedFailure !== 'open' && breachedFailure !== 'closed')
    problems.push(`SSPR_BREACHED_FAILURE must be open or closed (got "${breachedFailure}")`);

  if (problems.length > 0) return { ok: false, problems };
  const resolvedUrl =
    embedded && databaseUrl !== 'sqlite::memory:'
      ? `sqlite:${resolve(cwd, databaseUrl.slice('sqlite:'.length))}`
      : databaseUrl;
  return {
    ok: true,
    config: Object.freeze({
      databaseUrl: resolvedUrl,
      dialect,
      embedded,
      host,
      port,
      publicUrl,
      secureCookies: publicUrl.startsWith('https:'),
      secret,
      secretFile,
      ...channels,
      ...network,
      devOutbox,
      signInAsyncCommit: asyncCommitRaw === '1',
      metrics,
      logLevel,
      signInRateLimitPerMinute,
      signInAccountRateLimit,
      signInFamiliarRateLimit,
      signInTenantUnfamiliarRateLimit,
      resetAccountRateLimitPerMinute,
      captchaDifficulty,
      resetRateLimitPerMinute,
      resetPageRateLimitPerMinute,
      resetTenantRateLimitPerMinute,
      agentRateLimitPerMinute,
      agentRequestLimitPerMinute,
      syncIntervalMinutes,
      audit: Object.freeze(audit),
      breached: Object.freeze({
        source: breachedSource as Config['breached']['source'],
        rangeUrl: breachedRangeUrl,
        indexPath: breachedIndexPath,
        failure: breachedFailure as Config['breached']['failure'],
      }),
    }),
  };
};
