import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const embedded = { SSPR_DATABASE_URL: 'sqlite::memory:' };
const secret = 'webhook-secret-webhook-secret-0123456789';

describe('audit retention and SIEM configuration', () => {
  it('is off by default: retention by licence, no sink', () => {
    const loaded = loadConfig(embedded, '/srv');
    expect(loaded.ok && loaded.config.audit).toEqual({ retentionDays: null, syslog: undefined, webhook: undefined });
  });

  it('reads the override, the syslog target and the webhook with their CA files', () => {
    const loaded = loadConfig(
      {
        ...embedded,
        SSPR_AUDIT_RETENTION_DAYS: '365',
        SSPR_AUDIT_SYSLOG_URL: 'tls://siem.example.com',
        SSPR_AUDIT_SYSLOG_CA_FILE: 'ca.pem',
        SSPR_AUDIT_WEBHOOK_URL: 'https://siem.example.com/hook',
        SSPR_AUDIT_WEBHOOK_SECRET: secret,
      },
      '/srv',
    );
    expect(loaded.ok && loaded.config.audit).toEqual({
      retentionDays: 365,
      syslog: { host: 'siem.example.com', port: 6514, caFile: '/srv/ca.pem' },
      webhook: { url: 'https://siem.example.com/hook', secret, caFile: undefined },
    });
  });

  it('lists every bad setting and never repeats the secret', () => {
    const loaded = loadConfig(
      {
        ...embedded,
        SSPR_AUDIT_RETENTION_DAYS: '0',
        SSPR_AUDIT_SYSLOG_URL: 'tcp://siem.example.com:514',
        SSPR_AUDIT_WEBHOOK_URL: 'http://siem.example.com/hook',
        SSPR_AUDIT_WEBHOOK_SECRET: 'short-secret',
      },
      '/srv',
    );
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    expect(problems).toEqual([
      expect.stringContaining('SSPR_AUDIT_RETENTION_DAYS'),
      expect.stringContaining('SSPR_AUDIT_SYSLOG_URL must be tls://'),
      expect.stringContaining('SSPR_AUDIT_WEBHOOK_URL must be an https://'),
      expect.stringContaining('SSPR_AUDIT_WEBHOOK_SECRET must be set'),
    ]);
    expect(problems.join(' ')).not.toContain('short-secret');
    const orphan = loadConfig(
      { ...embedded, SSPR_AUDIT_WEBHOOK_SECRET: secret, SSPR_AUDIT_SYSLOG_CA_FILE: 'x' },
      '/srv',
    );
    expect(orphan.ok ? [] : orphan.problems).toHaveLength(2);
  });
});
