/**
 * RFC 5424 syslog messages and RFC 5425 (syslog over TLS) octet-counting frames for the SIEM stream. Written here
 * rather than taken from a package: the npm syslog clients own their transport, frame TCP with newlines (RFC 6587's
 * non-transparent framing) instead of RFC 5425's octet counting, and report no per-batch completion to advance a
 * cursor on; the format itself is a few lines, pinned by the tests beside it (docs/audit.md).
 */

/** RFC 5424 §6.2.1: facility 10 is security/authorization (authpriv), the facility SIEMs expect for audit. */
export const authprivFacility = 10;

export type SyslogSeverity = 'warning' | 'notice' | 'informational';
const severityCodes: Record<SyslogSeverity, number> = { warning: 4, notice: 5, informational: 6 };

export interface SyslogMessage {
  severity: SyslogSeverity;
  /** ISO 8601 instant (RFC 5424 §6.2.3 takes RFC 3339 with at most 6 fractional digits; ours have 3). */
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string | null;
  msgId: string;
  /** One SD-ELEMENT: its id (with an enterprise number, `name@32473`) and parameters. */
  structuredData: { id: string; params: Record<string, string> } | null;
  /** UTF-8 text; sent after a BOM as §6.4 asks for Unicode. */
  message: string;
}

/** PRINTUSASCII without space, `=`, `]`, `"` (SD-NAME), cut to `max` characters; `-` stands for nothing. */
const header = (value: string | null, max: number): string => {
  const cleaned = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return cleaned === '' ? '-' : cleaned;
};
const sdName = (value: string): string => value.replace(/[^\x21-\x7e]|[= \]"]/g, '').slice(0, 32);

/** §6.3.3: inside a PARAM-VALUE, `"`, `\` and `]` are escaped with a backslash. */
export const escapeParamValue = (value: string): string => value.replace(/["\\\]]/g, (c) => `\\${c}`);

export const formatSyslogMessage = (m: SyslogMessage): string => {
  const pri = authprivFacility * 8 + severityCodes[m.severity];
  const sd = m.structuredData
    ? `[${sdName(m.structuredData.id)}${Object.entries(m.structuredData.params)
        .map(([k, v]) => ` ${sdName(k)}="${escapeParamValue(v)}"`)
        .join('')}]`
    : '-';
  return `<${pri}>1 ${m.timestamp} ${header(m.hostname, 255)} ${header(m.appName, 48)} ${header(m.procId, 128)} ${header(m.msgId, 32)} ${sd} \ufeff${m.message}`;
};

const utf8 = new TextEncoder();

/** RFC 5425 §4.3: SYSLOG-FRAME = MSG-LEN SP SYSLOG-MSG, MSG-LEN counting octets, not characters. */
export const frameSyslogMessage = (message: string): Uint8Array => {
  const body = utf8.encode(message);
  const prefix = utf8.encode(`${body.length} `);
  const frame = new Uint8Array(prefix.length + body.length);
  frame.set(prefix);
  frame.set(body, prefix.length);
  return frame;
};
