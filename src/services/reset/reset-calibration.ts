/**
 * The statistics decoys are calibrated on (core/flows/decoys.ts): of a tenant's enabled users holding security info
 * (those a real flow is for), the share under the
 * administrator policy, the share holding each kind of security info, and the alternate-email domains in use.
 * Without them a decoy is recognisable: it would never show two gates or a custom mail domain while real users do
 * (checklist §11 rows 1 and 9). Computed from the store at most once per tenant every few minutes and shared by
 * every start, real or decoy alike — so the work, when it happens, says nothing about the user ID that triggered
 * it — and the decoy stays the same for a user ID while the calibration does.
 */
import { defaultCalibration, type DecoyCalibration } from '../../core/flows/decoys.js';
import type { EntryKind } from '../../core/flows/gates.js';
import { isAffectedRole } from '../../core/roles/catalogue.js';
import type { ServiceDeps } from '../deps.js';
import { entriesOf } from '../security-info/security-info-views.js';

/** How long a tenant's statistics are reused: populations change slowly, and a recount costs a read per user. */
export const calibrationSeconds = 10 * 60;
/** Users read per recount: enough for the shares, bounded for large tenants (the first ones the store lists). */
export const calibrationSample = 500;
/** Domains kept: the common ones; a domain used by a single user in a large tenant would point at that user. */
const topDomains = 20;

export const createDecoyCalibration = (deps: Pick<ServiceDeps, 'store' | 'clock'>) => {
  const cache = new Map<string, { until: number; value: Promise<DecoyCalibration> }>();

  const compute = async (tenantId: string): Promise<DecoyCalibration> => {
    const users = (await deps.store.users.list(tenantId)).filter((u) => u.accountEnabled).slice(0, calibrationSample);
    const held = new Map<EntryKind, number>();
    const domains = new Map<string, number>();
    let admins = 0;
    let counted = 0;
    for (const user of users) {
      const entries = (await entriesOf(deps.store, user)).filter((e) => e.view.status === 'verified');
      const kinds = new Set<EntryKind>(entries.map((e) => e.view.type));
      // Recovery codes are not security-info rows but a gate all the same (lookup-secrets.ts): a decoy shows them
      // as often as users hold an unused one, or a calibrated tenant's decoys would never have them while users do.
      if ((await deps.store.recovery.recoveryCodeStatus(user.tenantId, user.userId)).remaining > 0)
        kinds.add('recoveryCodes');
      // Decoys stand in for users who would get a real flow: those holding security info.
      if (kinds.size === 0) continue;
      counted += 1;
      if (user.roles.some(isAffectedRole)) admins += 1;
      for (const kind of kinds) held.set(kind, (held.get(kind) ?? 0) + 1);
      for (const entry of entries) {
        const at = entry.view.type === 'alternateEmail' && entry.value ? entry.value.lastIndexOf('@') : -1;
        if (at > 0) {
          const domain = entry.value!.slice(at + 1).toLowerCase();
          domains.set(domain, (domains.get(domain) ?? 0) + 1);
        }
      }
    }
    if (counted === 0) return defaultCalibration;
    return {
      users: counted,
      adminShare: admins / counted,
      kindShare: Object.fromEntries([...held].map(([kind, count]) => [kind, count / counted])),
      emailDomains: [...domains]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, topDomains)
        .map(([domain, count]) => ({ domain, users: count })),
    };
  };

  return (tenantId: string | undefined): Promise<DecoyCalibration> => {
    if (!tenantId) return Promise.resolve(defaultCalibration);
    const now = deps.clock.now().getTime();
    const cached = cache.get(tenantId);
    if (cached && cached.until > now) return cached.value;
    const value = compute(tenantId);
    cache.set(tenantId, { until: now + calibrationSeconds * 1000, value });
    // A failed count is not kept: the next start tries again.
    value.catch(() => cache.delete(tenantId));
    return value;
  };
};

export type DecoyCalibrationSource = ReturnType<typeof createDecoyCalibration>;
