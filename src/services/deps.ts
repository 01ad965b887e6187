import type { Clock, EmailChannel, KeyedHasher, PasswordHasher, RandomSource, Store } from '../core/ports.js';

/** What services are given. Wired once in app.ts; tests build their own. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  keyed: KeyedHasher;
  random: RandomSource;
  email: EmailChannel;
}
