/**
 * What the SIEM stream forwards: one entry per source, each read in order of its own increasing position after a
 * cursor. `audit` is the audit log (its position is the hash chain's), `signIn` the sign-in log (its position is the
 * row's generated id).
 */
import { toEntraDirectoryAudit } from '../../core/audit/entra-audit-record.js';
import { toEntraSignIn } from '../../core/audit/entra-sign-in-record.js';
import { addSeconds } from '../../core/clock.js';
import type { SiemRecord, Store } from '../../core/ports.js';

export interface SiemSource {
  name: string;
  /** Each tenant's newest position: a round leases only the cursors that are behind it. */
  latest(store: Store): Promise<Map<string, number>>;
  /** At most `limit` records after `afterPosition`, in order; `now` is the forwarder's clock. */
  read(store: Store, tenantId: string, afterPosition: number, limit: number, now: Date): Promise<SiemRecord[]>;
  /** How many records after `afterPosition` exist (the status view's lag). */
  pending(store: Store, tenantId: string, afterPosition: number): Promise<number>;
}

/**
 * How old a sign-in must be before the stream reads it. The sign-in log's position is an id the database hands out
 * when the row is inserted, but on PostgreSQL rows become visible when their transaction commits, and two inserts
 * can commit in the other order: id 11 may be visible while id 10 is still being committed. A cursor moved to 11
 * would skip 10 for ever. So the stream reads only rows older than this delay, and stops at the first younger one
 * (a prefix in id order): a row still uncommitted after this long would have to have taken its id seconds before
 * a visible, settled row — a single-row insert never does. SQLite has one writer that holds its lock from the id to
 * the commit, so there the delay only costs its seconds. The audit log needs none: its position is handed out by the
 * sealer, serialised across instances, only to events whose transactions have all ended (PostgreSQL: below the
 * snapshot's xmin), so positions commit in order; and the store's chain readers seal first. The delay
 * assumes instances' clocks agree to well within it.
 */
export const signInSettleSeconds = 5;

export const auditSource: SiemSource = {
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
  // Positions are the chain's 1, 2, 3 … without gaps, so the lag is a subtraction (a purge never passes a cursor
  // that matters: what it removed can no longer be sent anyway).
  pending: async (store, tenantId, after) => Math.max(0, (await store.audit.chainHead(tenantId)).lastSeq - after),
};

export const signInSource = (settleSeconds = signInSettleSeconds): SiemSource => ({
  name: 'signIn',
  latest: (store) => store.signIns.lastPositions(),
  async read(store, tenantId, after, limit, now) {
    const settled = addSeconds(now, -settleSeconds).toISOString();
    const events = await store.signIns.after(tenantId, after, limit);
    const young = events.findIndex((event) => event.occurredAt > settled);
    return (young === -1 ? events : events.slice(0, young)).map((event) => ({
      tenantId,
      source: 'signIn',
      position: event.id,
      occurredAt: event.occurredAt,
      severity: event.result === 'failure' ? 'notice' : 'informational',
      body: { ...toEntraSignIn(event) },
    }));
  },
  pending: (store, tenantId, after) => store.signIns.countAfter(tenantId, after),
});

export const siemSources: readonly SiemSource[] = [auditSource, signInSource()];
