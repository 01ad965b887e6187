/**
 * The SIEM stream's sinks (issue 15, item 7): syslog over TLS and an HTTPS webhook. A sink knows nothing of cursors
 * or leases; it delivers one batch of one tenant's records in order and resolves only when the receiver has taken
 * all of it (the webhook's 2xx; for syslog, TLS has written every frame), so the forwarder advances its cursor then.
 */
export interface SiemRecord {
  tenantId: string;
  /** The source's name (`audit`, later `signIn`): the syslog MSGID and the webhook's `source`. */
  source: string;
  /** The record's position in its source (an audit event's chain position, a sign-in's id). */
  position: number;
  occurredAt: string;
  /** Failures are notices, so a SIEM can route them apart. */
  severity: 'informational' | 'notice';
  /** The JSON document sent (Entra's field names). */
  body: Record<string, unknown>;
}

export interface SiemSink {
  /** `syslog` or `webhook`: the cursor of each sink moves on its own, so one receiver down never holds the other. */
  readonly name: string;
  send(records: readonly SiemRecord[]): Promise<void>;
  close(): Promise<void>;
}
