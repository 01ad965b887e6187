/**
 * What the SIEM stream forwards: one entry per source, each read in order of its own increasing position after a
 * cursor. A new source (the sign-in log) is one more line here, reading its table after a position.
 */
import { toEntraDirectoryAudit } from '../../core/audit/entra-audit-record.js';
import type { SiemRecord, Store } from '../../core/ports.js';

export interface SiemSource {
  name: string;
  /** Each tenant's newest position: a round leases only the cursors that are behind it. */
  latest(store: Store): Promise<Map<string, number>>;
  read(store: Store, tenantId: string, afterPosition: number, limit: number): Promise<SiemRecord[]>;
}

export const siemSources: readonly SiemSource[] = [
  {
    name: 'audit',
    latest: (store) => store.audit.lastPositions(),
    read: async (store, tenantId, after, limit) =>
      (await store.audit.listChained(tenantId, after, limit)).map((event) => ({
        tenantId,
        source: 'audit',
        position: event.seq,
        occurredAt: event.occurredAt,
        severity: event.result === 'failure' ? 'notice' : 'informational',
        body: { ...toEntraDirectoryAudit(event) },
      })),
  },
];
