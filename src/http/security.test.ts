import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { securityHeaders } from './security.js';

const configFor = (publicUrl: string) => {
  const loaded = loadConfig({ SSPR_PUBLIC_URL: publicUrl }, '/srv/sspr');
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
};

describe('securityHeaders', () => {
  it('are the headers helmet sets for our options, worked out once', () => {
    expect(Object.fromEntries(securityHeaders(configFor('http://127.0.0.1:3000')))).toEqual({
      'content-security-policy':
        "default-src 'none';style-src 'self';script-src 'self';connect-src 'self';img-src 'self' data:;" +
        "form-action 'self';frame-ancestors 'none';base-uri 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
  });

  it('add HSTS only over https', () => {
    const headers = new Map(securityHeaders(configFor('https://sspr.contoso.example')));
    expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(new Map(securityHeaders(configFor('http://127.0.0.1:3000'))).has('strict-transport-security')).toBe(false);
  });
});
