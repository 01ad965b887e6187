import { describe, expect, it } from 'vitest';
import { escapeParamValue, formatSyslogMessage, frameSyslogMessage } from './syslog-message.js';

const base = {
  severity: 'informational' as const,
  timestamp: '2026-03-01T09:00:00.000Z',
  hostname: 'sspr-1',
  appName: 'openSspr',
  procId: '42',
  msgId: 'audit',
  structuredData: { id: 'openSspr@32473', params: { tenantId: 't1', position: '7' } },
  message: '{"a":1}',
};

describe('RFC 5424 messages and RFC 5425 frames', () => {
  it('formats PRI (authpriv), version, header fields, structured data and a BOM before the UTF-8 message', () => {
    expect(formatSyslogMessage(base)).toBe(
      '<86>1 2026-03-01T09:00:00.000Z sspr-1 openSspr 42 audit [openSspr@32473 tenantId="t1" position="7"] \ufeff{"a":1}',
    );
    expect(formatSyslogMessage({ ...base, severity: 'notice' })).toMatch(/^<85>1 /);
    expect(formatSyslogMessage({ ...base, severity: 'warning' })).toMatch(/^<84>1 /);
  });

  it('puts the NILVALUE for empty fields and strips what the header grammar forbids', () => {
    const m = formatSyslogMessage({ ...base, hostname: 'host name\u00e9', procId: null, structuredData: null });
    expect(m).toBe('<86>1 2026-03-01T09:00:00.000Z hostname openSspr - audit - \ufeff{"a":1}');
    expect(formatSyslogMessage({ ...base, appName: 'a'.repeat(60) })).toContain(` ${'a'.repeat(48)} 42 `);
  });

  it('escapes ", \\ and ] in parameter values and drops forbidden characters from names', () => {
    expect(escapeParamValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    const m = formatSyslogMessage({ ...base, structuredData: { id: 'x y@1', params: { 'k=]"': 'v]' } } });
    expect(m).toContain('[xy@1 k="v\\]"]');
  });

  it('frames with the length in octets, not characters', () => {
    const frame = frameSyslogMessage('é€');
    expect(new TextDecoder().decode(frame)).toBe('5 é€');
    expect(frame.length).toBe(7);
  });
});
