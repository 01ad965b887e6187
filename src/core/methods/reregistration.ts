/**
 * "Require re-registration" (Entra's "Require re-register multifactor authentication", issue #14 item 5), as a
 * pure rule. The administrator's action removes what the user registered themselves; this rule makes sure the user
 * is also sent to register at the next sign-in when data an administrator set (which stays) would otherwise still
 * satisfy the policy: the requirement holds until the user registers something after it.
 */
export interface RegisteredEntry {
  source: 'user' | 'admin' | 'synced';
  status: 'verified' | 'pending';
  createdAt: string;
  verifiedAt: string | null;
}

/** Whether the requirement set at `requiredAt` (ISO-8601, or none) still stands given the user's entries. */
export const reregistrationPending = (requiredAt: string | undefined, entries: readonly RegisteredEntry[]): boolean =>
  requiredAt !== undefined &&
  !entries.some(
    (entry) =>
      entry.source === 'user' &&
      entry.status === 'verified' &&
      // A set of answers is saved at once (verifiedAt = createdAt); a verified method has its verification time.
      new Date(entry.verifiedAt ?? entry.createdAt).getTime() > new Date(requiredAt).getTime(),
  );
