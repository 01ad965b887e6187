import { availableParallelism } from 'node:os';
import type { Options } from '@node-rs/argon2';
import { canonicalPassword } from '../../core/password/normalise.js';
import type { PasswordHasher } from '../../core/ports.js';
import { hashOnWorker, verifyOnWorker } from './argon2-workers.js';
import { createConcurrencyLimiter } from './concurrency-limiter.js';

/** OWASP's argon2id floor (m=19 MiB, t=2, p=1), as DESIGN §4 requires. Algorithm 2 = Argon2id. */
export const argon2Parameters: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface Argon2HasherOptions {
  /** Concurrent hashes; defaults to the number of cores, beyond which throughput does not grow. */
  maxConcurrent?: number;
  /** Waiters per lane (priority and normal, see lane-queue.ts). */
  maxQueued?: number;
}

export const createArgon2Hasher = (options: Argon2HasherOptions = {}): PasswordHasher => {
  const limit = createConcurrencyLimiter({
    maxRunning: options.maxConcurrent ?? availableParallelism(),
    maxQueued: options.maxQueued ?? 256,
  });
  return {
    hash: (password, lane) => limit(() => hashOnWorker(canonicalPassword(password), argon2Parameters), lane),
    // verify() reads the parameters from the PHC string, so older hashes keep verifying after a change.
    verify: (phc, password, lane) =>
      limit(() => verifyOnWorker(phc, canonicalPassword(password)).catch(() => false), lane),
  };
};
