import { SsprError } from '../../core/errors.js';
import type { AuditEvent } from '../../core/model.js';
import type { ServiceDeps } from '../deps.js';
import { purgeExpiredAudit } from './audit-retention.js';
import { verifyAuditChain } from './audit-verify.js';

/** Reading the audit log (newest first), verifying its hash chain, and the retention purge. */
export const createAuditService = (deps: Pick<ServiceDeps, 'store' | 'digest' | 'clock' | 'random'>) => ({
  /** Walks the tenant's chain and names the first broken link (`sspr audit verify`). */
  verify: (tenantId: string) => verifyAuditChain(deps.store, deps.digest, tenantId),
  /** One purge round over every tenant; `installationRetentionDays` is SSPR_AUDIT_RETENTION_DAYS (null: by licence). */
  purgeExpired: (installationRetentionDays: number | null) => purgeExpiredAudit(deps, installationRetentionDays),
  /** Links the events appended since the last seal into their chains (a no-op where each append links itself). */
  seal: () => deps.store.audit.seal(),

  async list(
    tenantId: string,
    options: { since?: string; activity?: string; limit?: number } = {},
  ): Promise<AuditEvent[]> {
    let since: string | undefined;
    if (options.since !== undefined) {
      const parsed = Date.parse(options.since);
      if (!Number.isFinite(parsed))
        throw new SsprError('VALIDATION_FAILED', '--since must be an ISO 8601 instant, e.g. 2026-03-01T00:00:00Z');
      since = new Date(parsed).toISOString();
    }
    const limit = options.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 75_000)
      throw new SsprError('VALIDATION_FAILED', '--limit must be 1-75000');
    return deps.store.audit.list(tenantId, {
      limit,
      ...(options.activity && { activity: options.activity }),
      ...(since && { since }),
    });
  },
});
