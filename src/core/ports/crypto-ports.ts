/**
 * Hashing and randomness: slow password hashes, keyed hashes of secrets, the CSPRNG.
 */
/**
 * Which line a hash waits in when the hasher is busy: `priority` only for users who have shown they are legitimate
 * (a browser holding the account's familiar-device marker, a reset flow past its gates, a signed-in user), so a
 * flood's queued verifies never delay them. Anything unproven stays `normal`, the default, so a call site that forgets
 * to choose is slower under a flood rather than a way around it.
 */
export type HashLane = 'priority' | 'normal';

export interface PasswordHasher {
  hash(password: string, lane?: HashLane): Promise<string>;
  verify(hash: string, password: string, lane?: HashLane): Promise<boolean>;
}

/** Keyed (HMAC) hashing for secrets that must be looked up or compared but never stored. */
export interface KeyedHasher {
  digest(purpose: string, value: string): string;
  /** Constant-time comparison of two digests. */
  equals(a: string, b: string): boolean;
}

export interface RandomSource {
  /** `bytes` random bytes from a CSPRNG, base64url-encoded. */
  token(bytes: number): string;
  uuid(): string;
}
