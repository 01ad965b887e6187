/**
 * The audit retention purge of `sspr serve` (issue 15, item 6): per tenant, events older than its retention (by
 * licence, or `SSPR_AUDIT_RETENTION_DAYS`) are removed as a prefix of its hash chain, each removal recorded by an
 * audit event in the same transaction (counts, positions, time range, the new anchor). Several instances may run
 * it at once: the store's purge locks the tenant's chain head first, so the second finds nothing left to remove.
 */
import { purgeDetailKeys } from '../../core/audit/audit-chain.js';
import { auditRetentionDays, retentionCutoff } from '../../core/audit/audit-retention.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';
import { recordAudit } from './audit-recorder.js';

/** Rows removed per transaction: short transactions, so appends of that tenant wait little. */
export const auditPurgeBatch = 5000;
export const auditPurgeIntervalMs = 60 * 60_000;

export interface AuditPurgeOutcome {
  tenantId: string;
  retentionDays: number;
  removed: number;
}

export const purgeExpiredAudit = async (
  deps: Pick<ServiceDeps, 'store' | 'clock' | 'random'>,
  installationRetentionDays: number | null,
  batch = auditPurgeBatch,
): Promise<AuditPurgeOutcome[]> => {
  const outcomes: AuditPurgeOutcome[] = [];
  // The store's purge seals what is pending inside its transaction, holding SQLite's write lock (other processes'
  // appends wait, up to busy_timeout) and the event loop for as long: seal a backlog here first, in short rounds
  // outside any transaction, so that only what arrives in between is left for it.
  await deps.store.audit.seal();
  for (const tenant of await deps.store.tenants.list()) {
    const subscriptions = await deps.store.licensing.listSubscriptions(tenant.tenantId);
    const retentionDays = auditRetentionDays(subscriptions, installationRetentionDays);
    const cutoff = retentionCutoff(deps.clock.now(), retentionDays).toISOString();
    let removed = 0;
    for (;;) {
      const purged = await deps.store.transaction(async (store) => {
        const done = await store.audit.purgeExpired(tenant.tenantId, cutoff, batch);
        if (done)
          await recordAudit(deps, store, {
            tenantId: tenant.tenantId,
            activity: 'purgeAuditEvents',
            actor: { type: 'system', id: null, upn: null },
            target: { type: 'tenant', id: tenant.tenantId, name: tenant.name },
            details: {
              removed: done.count,
              fromSeq: done.fromSeq,
              [purgeDetailKeys.toSeq]: done.toSeq,
              oldest: done.oldest,
              newest: done.newest,
              [purgeDetailKeys.anchorHash]: done.anchorHash,
              retentionDays,
              cutoff,
            },
          });
        return done;
      });
      if (!purged) break;
      removed += purged.count;
      if (purged.count < batch) break;
    }
    outcomes.push({ tenantId: tenant.tenantId, retentionDays, removed });
  }
  return outcomes;
};

export const startAuditPurge = (
  purge: () => Promise<AuditPurgeOutcome[]>,
  onRound: (outcomes: AuditPurgeOutcome[] | undefined, error?: unknown) => void,
  intervalMs = auditPurgeIntervalMs,
): RepeatingTask => startRepeating(purge, intervalMs, onRound);
