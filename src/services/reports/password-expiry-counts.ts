/**
 * Expiring and expired password counts for the registration/usage report (issue #16 item 4): how many enabled users'
 * passwords expire within their domain's notification window, and how many have expired, cloud and directory users
 * alike (a directory user by the expiry read at sync). Disabled users are left out, as reminders leave them out.
 * Shown in GET /api/v1/admin/password-expiry (`counts`) and on the console's Password expiration tab; kept apart from
 * registration-report.ts so each can change alone.
 */
import { domainOf, expiryStanding, passwordExpiresAt, policyForDomain } from '../../core/password/expiry.js';
import type { ServiceDeps } from '../deps.js';

export interface PasswordExpiryCounts {
  /** Expiring within the domain's notification window (default 14 days), not yet expired. */
  expiring: number;
  expired: number;
}

/** Users per page: the same pages the reminder job reads. */
const pageSize = 1000;

export const countPasswordExpiry = async (
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  tenantId: string,
): Promise<PasswordExpiryCounts> => {
  const policies = await deps.store.passwordExpiry.listPolicies(tenantId);
  const now = deps.clock.now();
  const counts: PasswordExpiryCounts = { expiring: 0, expired: 0 };
  for (let after: string | null = null; ;) {
    const page = await deps.store.passwordExpiry.listCandidates(tenantId, after, pageSize);
    if (page.length === 0) return counts;
    after = page[page.length - 1]!.userId;
    for (const candidate of page) {
      if (!candidate.accountEnabled) continue;
      const notifyDays = policyForDomain(policies, domainOf(candidate.upn)).notifyDays;
      const standing = expiryStanding(passwordExpiresAt(candidate, policies), notifyDays, now);
      if (standing) counts[standing] += 1;
    }
  }
};
