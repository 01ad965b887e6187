/**
 * The syslog sink: RFC 5424 messages over TLS (RFC 5425) with octet-counting frames, one connection kept open and
 * made again after the receiver closed it. Certificates are verified (system roots plus `SSPR_AUDIT_SYSLOG_CA_FILE`).
 *
 * RFC 5425 has no application acknowledgement: a batch counts as delivered once TLS has written all of its frames.
 * A connection the receiver closed is noticed (its `end`/`close`) before the next batch, which then goes over a new
 * connection or fails; docs/audit.md says what this leaves (a receiver that dies while reading a batch).
 */
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { formatSyslogMessage, frameSyslogMessage } from '../../core/audit/syslog-message.js';
import type { SiemRecord, SiemSink } from '../../core/ports.js';

export interface SyslogTlsOptions {
  host: string;
  port: number;
  ca?: string[] | undefined;
  timeoutMs?: number;
}

/** The SD-ID of our parameters: 32473 is the enterprise number RFC 5612 reserves for documentation and examples. */
const sdId = 'openSspr@32473';

export const syslogFrameOf = (record: SiemRecord, host = hostname(), procId = String(process.pid)): Uint8Array =>
  frameSyslogMessage(
    formatSyslogMessage({
      severity: record.severity,
      timestamp: record.occurredAt,
      hostname: host,
      appName: 'openSspr',
      procId,
      msgId: record.source,
      structuredData: { id: sdId, params: { tenantId: record.tenantId, position: String(record.position) } },
      message: JSON.stringify(record.body),
    }),
  );

export const createSyslogTlsSink = (options: SyslogTlsOptions): SiemSink => {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let socket: TLSSocket | undefined;

  const open = () =>
    new Promise<TLSSocket>((resolve, reject) => {
      const s = connect({
        host: options.host,
        port: options.port,
        // SNI takes host names only.
        ...(isIP(options.host) === 0 && { servername: options.host }),
        ...(options.ca && { ca: options.ca }),
        rejectUnauthorized: true,
      });
      const timer = setTimeout(
        () => s.destroy(new Error(`syslog ${options.host}:${options.port}: connect timed out`)),
        timeoutMs,
      );
      s.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
      // Whatever ends the connection, the next batch opens a new one.
      const forget = () => {
        if (socket === s) socket = undefined;
      };
      s.on('end', forget);
      s.on('close', forget);
      s.on('error', forget);
      // The receiver never speaks; reading keeps `end` coming when it closes.
      s.resume();
    });

  return {
    name: 'syslog',
    async send(records) {
      socket ??= await open();
      const current = socket;
      const frames = records.map((r) => syslogFrameOf(r));
      const payload = Buffer.concat(frames);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => current.destroy(new Error('syslog write timed out')), timeoutMs);
        current.write(payload, (error) => {
          clearTimeout(timer);
          if (error) {
            current.destroy();
            reject(error);
          } else resolve();
        });
      });
    },
    async close() {
      const s = socket;
      socket = undefined;
      if (s) await new Promise<void>((resolve) => s.end(() => resolve()));
    },
  };
};
