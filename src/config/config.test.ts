import { availableParallelism } from 'node:os';
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

  it("caps a tenant's unfamiliar-browser verifies at 50 per core by default, or as set", () => {
    const byDefault = loadConfig({}, '/srv/sspr');
    expect(byDefault.ok && byDefault.config.signInTenantUnfamiliarRateLimit).toBe(50 * availableParallelism());
    const set = loadConfig({ SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: ' 40 ' }, '/srv/sspr');
    expect(set.ok && set.config.signInTenantUnfamiliarRateLimit).toBe(40);
    const wrong = loadConfig({ SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '0' }, '/srv/sspr');
    expect(!wrong.ok && wrong.problems.join()).toContain('SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT');
  });

  it('counts reset page reads apart: ten times the steps per minute by default, or as set', () => {
    const byDefault = loadConfig({}, '/srv/sspr');
    expect(
      byDefault.ok && [byDefault.config.resetRateLimitPerMinute, byDefault.config.resetPageRateLimitPerMinute],
    ).toEqual([30, 300]);
    const raised = loadConfig({ SSPR_RESET_RATE_LIMIT: '100' }, '/srv/sspr');
    expect(raised.ok && raised.config.resetPageRateLimitPerMinute).toBe(1000);
    const set = loadConfig({ SSPR_RESET_RATE_LIMIT: '100', SSPR_RESET_PAGE_RATE_LIMIT: ' 120 ' }, '/srv/sspr');
    expect(set.ok && set.config.resetPageRateLimitPerMinute).toBe(120);
    const wrong = loadConfig({ SSPR_RESET_PAGE_RATE_LIMIT: '0' }, '/srv/sspr');
    expect(!wrong.ok && wrong.problems.join()).toContain('SSPR_RESET_PAGE_RATE_LIMIT');
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
    for (const name of [
      'SSPR_DATABASE_URL',
      'SSPR_PORT',
      'SSPR_PUBLIC_URL',
      'SSPR_SECRET',
      'SSPR_SMS_PROVIDER',
      'SSPR_DEV_OUTBOX',
      'SSPR_LOG_LEVEL',
    ]) {
      expect(
        problems.some((p) => p.startsWith(name)),
        name,
      ).toBe(true);
    }
  });

  it('lets PostgreSQL sign-ins commit without the WAL flush unless SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT=0', () => {
    const byDefault = loadConfig({});
    expect(byDefault.ok && byDefault.config.signInAsyncCommit).toBe(true);
    const off = loadConfig({ SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT: '0' });
    expect(off.ok && off.config.signInAsyncCommit).toBe(false);
    const wrong = loadConfig({ SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT: 'off' });
    expect(wrong.ok ? [] : wrong.problems).toEqual(['SSPR_POSTGRES_SIGNIN_ASYNC_COMMIT must be 0 or 1 (got "off")']);
  });

  it('keeps /metrics for the bearer of SSPR_METRICS_TOKEN, or open only in embedded mode on loopback', () => {
    const embedded = loadConfig({});
    expect(embedded.ok && embedded.config.metrics).toEqual({ token: null, open: true });
    const exposed = loadConfig({ SSPR_HOST: '0.0.0.0' });
    expect(exposed.ok && exposed.config.metrics).toEqual({ token: null, open: false });
    const token = 'x'.repeat(32);
    const withToken = loadConfig({ SSPR_METRICS_TOKEN: token });
    expect(withToken.ok && withToken.config.metrics).toEqual({ token, open: false });
    const short = loadConfig({ SSPR_METRICS_TOKEN: 'short' });
    expect(short.ok ? [] : short.problems).toEqual([
      'SSPR_METRICS_TOKEN must be at least 32 characters without spaces (e.g. `openssl rand -hex 32`)',
    ]);
  });

  it('requires a secret and a public URL with PostgreSQL, and refuses the dev outbox there', () => {
    const result = loadConfig({ SSPR_DATABASE_URL: 'postgres://db/sspr', SSPR_DEV_OUTBOX: '1' });
    expect(result.ok ? [] : result.problems).toEqual([
      'SSPR_PUBLIC_URL is required outside embedded mode (links in messages are built from it)',
      'SSPR_SECRET is required outside embedded mode (at least 32 random characters)',
      'SSPR_SMTP_URL is required outside embedded mode: email must leave the machine (for a test installation read with `sspr outbox`, set SSPR_MAIL_PROVIDER=outbox)',
      'SSPR_SMS_PROVIDER is required outside embedded mode: twilio (a Twilio-compatible provider), or outbox for a test installation',
      'SSPR_DEV_OUTBOX=1 is only allowed in embedded mode (SQLite)',
    ]);
  });

  it('uses secure cookies behind an https public URL', () => {
    const result = loadConfig({
      SSPR_DATABASE_URL: 'postgres://db/sspr',
      SSPR_PUBLIC_URL: 'https://sspr.contoso.example/',
      SSPR_SECRET: 'x'.repeat(32),
      SSPR_MAIL_PROVIDER: 'outbox',
      SSPR_SMS_PROVIDER: 'outbox',
    });
    expect(result).toMatchObject({
      ok: true,
      config: { publicUrl: 'https://sspr.contoso.example', secureCookies: true, devOutbox: false, embedded: false },
    });
  });
});

describe('loadConfig: delivery channels', () => {
  const production = {
    SSPR_DATABASE_URL: 'postgres://db/sspr',
    SSPR_PUBLIC_URL: 'https://sspr.contoso.example',
    SSPR_SECRET: 'x'.repeat(32),
  };
  const twilio = {
    SSPR_SMS_PROVIDER: 'twilio',
    SSPR_TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
    SSPR_TWILIO_AUTH_TOKEN: 'token-token-token-token',
    SSPR_TWILIO_FROM: '+3197010000000',
  };
  const problemsOf = (env: Record<string, string>) => {
    const result = loadConfig(env, '/srv/sspr');
    return result.ok ? [] : result.problems;
  };

  it('uses the outbox for everything in embedded mode by default', () => {
    expect(loadConfig({}, '/srv/sspr')).toMatchObject({
      ok: true,
      config: { mailProvider: 'outbox', smtp: undefined, smsProvider: 'outbox', twilio: undefined },
    });
  });

  it('reads SMTP with STARTTLS required, credentials decoded, the default port and a CA file', () => {
    const result = loadConfig(
      {
        ...production,
        ...twilio,
        SSPR_SMTP_URL: 'smtp://mailer%40contoso:p%3Ass@mail.contoso.example?starttls=required',
        SSPR_MAIL_FROM: 'Contoso IT <sspr@contoso.example>',
        SSPR_SMTP_CA_FILE: 'certs/ca.pem',
      },
      '/srv/sspr',
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        mailProvider: 'smtp',
        smtp: {
          host: 'mail.contoso.example',
          port: 587,
          implicitTls: false,
          requireStartTls: true,
          user: 'mailer@contoso',
          password: 'p:ss',
          caFile: '/srv/sspr/certs/ca.pem',
          from: { address: 'sspr@contoso.example', name: 'Contoso IT' },
        },
        smsProvider: 'twilio',
        twilio: {
          accountSid: twilio.SSPR_TWILIO_ACCOUNT_SID,
          from: '+3197010000000',
          baseUrl: 'https://api.twilio.com',
        },
      },
    });
  });

  it('reads smtps:// as implicit TLS on port 465', () => {
    expect(
      loadConfig({ SSPR_SMTP_URL: 'smtps://mail.contoso.example', SSPR_MAIL_FROM: 'sspr@contoso.example' }),
    ).toMatchObject({
      ok: true,
      config: {
        smtp: {
          host: 'mail.contoso.example',
          port: 465,
          implicitTls: true,
          requireStartTls: false,
          user: undefined,
          from: { name: undefined },
        },
      },
    });
  });

  it.each([
    [
      { SSPR_SMTP_URL: 'smtp://mail.example:25' },
      ['SSPR_MAIL_FROM is required with SMTP: the sender address, e.g. "Contoso IT <sspr@contoso.example>"'],
    ],
    [
      { SSPR_SMTP_URL: 'http://mail.example', SSPR_MAIL_FROM: 'a@b.example' },
      ['SSPR_SMTP_URL must start with smtp:// or smtps:// (got "http://")'],
    ],
    [
      { SSPR_SMTP_URL: 'smtp://mail.example/x?tls=no', SSPR_MAIL_FROM: 'a@b.example' },
      ['SSPR_SMTP_URL must not have a path or fragment', 'SSPR_SMTP_URL accepts one option only: ?starttls=required'],
    ],
    [
      { SSPR_SMTP_URL: 'smtps://mail.example?starttls=required', SSPR_MAIL_FROM: 'a@b.example' },
      ['SSPR_SMTP_URL: ?starttls=required is for smtp://; smtps:// is TLS from the start'],
    ],
    [
      { SSPR_SMTP_URL: 'smtp://user@mail.example', SSPR_MAIL_FROM: 'a@b.example' },
      ['SSPR_SMTP_URL must give both user and password, or neither'],
    ],
    [
      { SSPR_SMTP_URL: 'smtp://mail.example', SSPR_MAIL_FROM: 'a@b.example\r\nBcc: x@evil.example' },
      [
        'SSPR_MAIL_FROM must be one address, optionally with a name: sspr@contoso.example or Contoso IT <sspr@contoso.example>',
      ],
    ],
    [
      { SSPR_SMTP_URL: 'smtp://mail.example', SSPR_MAIL_FROM: 'a@b.example, c@d.example' },
      [
        'SSPR_MAIL_FROM must be one address, optionally with a name: sspr@contoso.example or Contoso IT <sspr@contoso.example>',
      ],
    ],
    [
      { SSPR_MAIL_PROVIDER: 'outbox', SSPR_MAIL_FROM: 'a@b.example' },
      ['SSPR_MAIL_FROM is set but SSPR_MAIL_PROVIDER is outbox; unset one of them'],
    ],
    [{ SSPR_MAIL_PROVIDER: 'pigeon' }, ['SSPR_MAIL_PROVIDER must be smtp or outbox (got "pigeon")']],
    [
      { SSPR_TWILIO_FROM: '+3197010000000' },
      ['SSPR_TWILIO_FROM is set but SSPR_SMS_PROVIDER is outbox; set SSPR_SMS_PROVIDER=twilio or unset it'],
    ],
    [
      { SSPR_SMS_PROVIDER: 'twilio' },
      [
        'SSPR_TWILIO_ACCOUNT_SID is required with SSPR_SMS_PROVIDER=twilio (letters and digits, e.g. AC0123…)',
        'SSPR_TWILIO_AUTH_TOKEN is required with SSPR_SMS_PROVIDER=twilio (at least 16 characters, no spaces)',
        'SSPR_TWILIO_FROM is required with SSPR_SMS_PROVIDER=twilio: the sending number in E.164, e.g. +3197010000000',
        'SSPR_PUBLIC_URL must be set with SSPR_SMS_PROVIDER=twilio (voice answers are posted back to it)',
      ],
    ],
    [
      { ...twilio, SSPR_PUBLIC_URL: 'http://127.0.0.1:3000', SSPR_TWILIO_BASE_URL: 'http://provider.example' },
      [
        'SSPR_TWILIO_BASE_URL must be an https URL without query, fragment or credentials (plain http only on loopback)',
      ],
    ],
  ])('refuses embedded %j', (env, expected) => {
    expect(problemsOf(env)).toEqual(expected);
  });

  it("accepts a plain-http provider on loopback (the tests' provider)", () => {
    expect(
      loadConfig({
        ...twilio,
        SSPR_PUBLIC_URL: 'http://127.0.0.1:3000',
        SSPR_TWILIO_BASE_URL: 'http://127.0.0.1:4010/',
      }),
    ).toMatchObject({
      ok: true,
      config: { twilio: { baseUrl: 'http://127.0.0.1:4010' } },
    });
  });

  it('refuses opportunistic STARTTLS to a remote relay in production, but not to a local one', () => {
    const env = { ...production, ...twilio, SSPR_MAIL_FROM: 'sspr@contoso.example' };
    expect(problemsOf({ ...env, SSPR_SMTP_URL: 'smtp://mail.contoso.example' })).toEqual([
      'SSPR_SMTP_URL must use smtps:// or ?starttls=required outside embedded mode (a relay on this machine excepted)',
    ]);
    expect(problemsOf({ ...env, SSPR_SMTP_URL: 'smtp://localhost:25' })).toEqual([]);
  });

  it('lets a production test installation choose the outbox explicitly', () => {
    expect(loadConfig({ ...production, SSPR_MAIL_PROVIDER: 'outbox', SSPR_SMS_PROVIDER: 'outbox' })).toMatchObject({
      ok: true,
      config: { mailProvider: 'outbox', smsProvider: 'outbox', devOutbox: false },
    });
  });
});
