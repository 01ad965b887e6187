/**
 * Hashing and randomness: slow password hashes, keyed hashes of secrets, the CSPRNG.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
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
