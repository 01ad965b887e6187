import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { loadNetworkSettings, parseProxyEntry } from './network-config.js';

describe('parseProxyEntry', () => {
  it('normalises addresses and CIDRs, v4 and v6', () => {
    expect(parseProxyEntry('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(parseProxyEntry('192.0.2.7')).toBe('192.0.2.7/32');
    expect(parseProxyEntry('2001:db8::/32')).toBe('2001:db8::/32');
    expect(parseProxyEntry('[::1]')).toBe('::1/128');
    expect(parseProxyEntry('fd00::/008')).toBe('fd00::/8');
  });

  it('refuses what is neither', () => {
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0/8', 'proxy.example.com', '10.0.0.1/', '10.0.0.1/-1', ''])
      expect(parseProxyEntry(bad), bad).toBeUndefined();
  });
});

describe('loadNetworkSettings', () => {
  it('has no Redis and no trusted proxy by default', () => {
    const problems: string[] = [];
    expect(loadNetworkSettings({}, problems)).toEqual({ redis: undefined, trustedProxies: [] });
    expect(problems).toEqual([]);
  });

  it('reads the Redis URL, the key prefix and the proxy list (commas or spaces)', () => {
    const problems: string[] = [];
    const settings = loadNetworkSettings(
      {
        SSPR_REDIS_URL: 'redis://:pw@127.0.0.1:6379/2',
        SSPR_REDIS_PREFIX: 'tenant-a:',
        SSPR_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1  fd00::/8',
      },
      problems,
    );
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      redis: { url: 'redis://:pw@127.0.0.1:6379/2', keyPrefix: 'tenant-a:' },
      trustedProxies: ['10.0.0.0/8', '192.0.2.1/32', 'fd00::/8'],
    });
    expect(loadNetworkSettings({ SSPR_REDIS_URL: 'rediss://cache.example.com' }, problems).redis?.keyPrefix).toBe(
      'sspr:',
    );
  });

  it('lists a bad URL, prefix and every bad proxy entry, never echoing a Redis password', () => {
    const result = loadConfig({
      SSPR_REDIS_URL: 'http://user:hunter2@127.0.0.1:6379',
      SSPR_REDIS_PREFIX: 'has space',
      SSPR_TRUSTED_PROXIES: '10.0.0.0/40,proxy.local',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.filter((p) => p.startsWith('SSPR_REDIS_URL'))).toHaveLength(1);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.some((p) => p.startsWith('SSPR_REDIS_PREFIX'))).toBe(true);
    expect(problems.filter((p) => p.startsWith('SSPR_TRUSTED_PROXIES'))).toEqual([
      expect.stringContaining('"10.0.0.0/40"'),
      expect.stringContaining('"proxy.local"'),
    ]);
    for (const bad of ['redis://127.0.0.1:6379/?x=1', 'redis://127.0.0.1/abc', 'redis:'])
      expect(loadConfig({ SSPR_REDIS_URL: bad }).ok, bad).toBe(false);
  });
});
