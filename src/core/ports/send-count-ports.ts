import type { SecurityInfoSettings, SmsBudgetBreaker } from '../methods/records.js';

/** What a send counter counts: per number or address, user, tenant (a UTC day); per prefix, address, budget (an hour). */
export type SendCountScope = 'number' | 'user' | 'tenant' | 'prefix' | 'prefix-number' | 'ip' | 'phone-budget';

/**
 * The tenant's anti-pumping settings, the shared send counters and the SMS budget breaker (checklist §11 row 9),
 * part of the security-info repository: every instance counts in the same rows, in the caller's transaction.
 */
export interface SendCountRepository {
  getSettings(tenantId: string): Promise<SecurityInfoSettings | undefined>;
  putSettings(tenantId: string, settings: SecurityInfoSettings, updatedAt: string): Promise<void>;
  /** Adds one to a (scope, key, day) send counter and returns the new count (`day` may be an hour: `2026-12-06T19`). */
  incrementSendCount(tenantId: string, scope: SendCountScope, key: string, day: string): Promise<number>;
  /** A send counter's value (0 when never counted). */
  sendCount(tenantId: string, scope: SendCountScope, key: string, day: string): Promise<number>;
  /** The tenant's SMS budget breaker (closed, generation 0, when never opened). */
  getBreaker(tenantId: string): Promise<SmsBudgetBreaker>;
  /**
   * Opens (`openedAt` set) or closes (null) the breaker if it is still at `generation`, moving it to the next one
   * (compare-and-set): of racing instances exactly one changes it, so its audit event is written once.
   */
  setBreaker(tenantId: string, generation: number, openedAt: string | null, at: string): Promise<boolean>;
}
