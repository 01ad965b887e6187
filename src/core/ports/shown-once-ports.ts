/**
 * The claims that make a secret the console shows once single-use (docs/admin-console.md#secrets-shown-once). A claim
 * is the keyed hash of a random id that travels, sealed, with the secret; the secret itself is never stored.
 */
export interface ShownOnceRepository {
  /** Records a claim that one page view may consume until `expiresAt` (ISO-8601). */
  put(tenantId: string, claimHash: string, expiresAt: string): Promise<void>;
  /** Deletes the claim if it is there and not expired at `now`: true for exactly one of racing callers. */
  consume(tenantId: string, claimHash: string, now: string): Promise<boolean>;
  /** Deletes the tenant's claims expired at `now` (never shown); returns how many. */
  deleteExpired(tenantId: string, now: string): Promise<number>;
}
