/** A fixed window's count for one key and the milliseconds left in it (0: no window is open). */
export interface WindowCount {
  readonly current: number;
  readonly ttl: number;
}

/**
 * Rate-limit counters shared by every instance (issue 18: Redis), so two instances allow together what one
 * allows. Every method rejects when the backend cannot be reached; the caller decides whether that fails open or
 * closed. Without it each instance counts in its own memory.
 */
export interface SharedCounters {
  /** Counts one hit of `key`; its window of `windowMs` starts with the first hit. */
  increment(key: string, windowMs: number, max: number): Promise<WindowCount>;
  /** The count so far, without counting. */
  read(key: string): Promise<WindowCount>;
  /** Rejects when the counters cannot be reached (readiness says so). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
