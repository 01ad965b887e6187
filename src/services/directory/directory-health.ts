/**
 * Is the tenant's on-premises directory (or its agent) usable right now? Reference §6.2: "if managed on-prem,
 * check writeback service is up (else 'can't be reset right now')". The probe is the connection's own `test()`
 * (a service-account bind and a base read, bounded by the adapters' timeouts). Its outcome is kept per
 * connection for a short while on the injected clock, and concurrent checks share one probe, so a burst of
 * resets costs the directory one bind, not one per user.
 */
import { misconfigured, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { Clock } from '../../core/ports.js';

/** Long enough to absorb a burst, short enough that a repaired directory is used again within half a minute. */
export const directoryHealthTtlMs = 20_000;

interface Probe {
  at: number;
  outcome: Promise<DirectoryResult<void>>;
}

export const createDirectoryHealth = (clock: Clock, ttlMs = directoryHealthTtlMs) => {
  const probes = new Map<string, Probe>();

  return {
    /** The cached outcome for `key` (tenant and connection), or a fresh `probe()` when none is younger than the TTL. */
    check(key: string, probe: () => Promise<DirectoryResult<unknown>>): Promise<DirectoryResult<void>> {
      const now = clock.now().getTime();
      const cached = probes.get(key);
      // `now < at` too: a clock moved back must not pin an old outcome for ever.
      if (cached && now - cached.at < ttlMs && now >= cached.at) return cached.outcome;
      // Called through an async function, so a probe that throws before its first await is caught below too.
      const outcome = (async () => probe())().then(
        (result): DirectoryResult<void> => (result.ok ? { ok: true, value: undefined } : result),
        // A probe that throws (e.g. a bind password that cannot be unsealed) is a misconfiguration, not a crash.
        (): DirectoryResult<void> => misconfigured('serviceBindFailed'),
      );
      probes.set(key, { at: now, outcome });
      // Old entries of removed connections go when they are next looked at; bound the map all the same.
      if (probes.size > 10_000) for (const [k, p] of probes) if (now - p.at >= ttlMs) probes.delete(k);
      return outcome;
    },
  };
};

export type DirectoryHealth = ReturnType<typeof createDirectoryHealth>;
