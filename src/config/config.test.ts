import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded mode on SQLite with a generated secret', () => {
    const result = loadConfig({}, '/srv/sspr');
    expect(result).toMatchObject({
      ok: true,
      config: {
        databaseUrl: 'sqlite:/srv/sspr/data/sspr.db',
        embedded: true,
        host: '127.0.0.1',
        port: 3000,
        publicUrl: 'http://127.0.0.1:3000',
        secureCookies: false,
        secret: undefined,
        secretFile: '/srv/sspr/data/sspr.secret',
        devOutbox: true,
      },
    });
    expect(result.ok && Object.isFrozen(result.config)).toBe(true);
  });

  it('lists every problem at once', () => {
    const result = loadConfig({
      SSPR_DATABASE_URL: 'mysql://x',
      SSPR_PORT: 'eighty',
      SSPR_PUBLIC_URL: 'ftp://x',
      SSPR_SECRET: 'short',
      SSPR_SMS_PROVIDER: 'pigeon',
      SSPR_DEV_OUTBOX: 'yes',
      SSPR_LOG_LEVEL: 'loud',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    for (const name of ['SSPR_DATABASE_URL', 'SSPR_PORT', 'SSPR_PUBLIC_URL', 'SSPR_SECRET', 'SSPR_SMS_PROVIDER', 'SSPR_DEV_OUTBOX', 'SSPR_LOG_LEVEL']) {
      expect(problems.some((p) => p.startsWith(name)), name).toBe(true);
    }
  });

  it('requires a secret and a public URL with PostgreSQL, and refuses the dev outbox there', () => {
    const result = loadConfig({ SSPR_DATABASE_URL: 'postgres://db/sspr', SSPR_DEV_OUTBOX: '1' });
    expect(result.ok ? [] : result.problems).toEqual([
      'SSPR_PUBLIC_URL is required outside embedded mode (links in messages are built from it)',
      'SSPR_SECRET is required outside embedded mode (at least 32 random characters)',
      'SSPR_DEV_OUTBOX=1 is only allowed in embedded mode (SQLite)',
    ]);
  });

  it('uses secure cookies behind an https public URL', () => {
    const result = loadConfig({
      SSPR_DATABASE_URL: 'postgres://db/sspr',
      SSPR_PUBLIC_URL: 'https://sspr.contoso.example/',
      SSPR_SECRET: 'x'.repeat(32),
    });
    expect(result).toMatchObject({ ok: true, config: { publicUrl: 'https://sspr.contoso.example', secureCookies: true, devOutbox: false, embedded: false } });
  });
});
