import { SsprError } from '../../core/errors.js';
import type { Tenant, User } from '../../core/model.js';
import { createBannedTermsIndex, type BannedTermsIndex } from '../../core/password/banned-terms-index.js';
import { evaluatePassword, type PasswordVerdict } from '../../core/password/evaluate-password.js';
import { canonicalPassword } from '../../core/password/normalise.js';
import {
  checkCustomTerms,
  checkProtectionSettings,
  defaultProtectionSettings,
  profileOf,
  type CustomTerm,
  type PasswordProtectionSettings,
} from '../../core/password/protection-settings.js';
import type { AuditEvent } from '../../core/model.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';

export interface PasswordSubject {
  tenant: Pick<Tenant, 'tenantId' | 'name'>;
  user: Pick<User, 'givenName' | 'surname'>;
}

/**
 * Password protection as a use case: gathers the tenant's settings, custom list (when licensed and
 * enforced) and the breached-corpus count, then asks the one pure evaluator.
 */
export const createPasswordProtectionService = (deps: ServiceDeps) => {
  // Custom lists are indexed once per distinct content, so every instance sees edits at once
  // (the list is re-read) without rebuilding the index for every password.
  const customIndexes = new Map<string, { signature: string; index: BannedTermsIndex }>();

  const settingsOf = async (tenantId: string): Promise<PasswordProtectionSettings> =>
    (await deps.store.passwordProtection.getSettings(tenantId)) ?? defaultProtectionSettings;

  const customIndexOf = async (tenantId: string, settings: PasswordProtectionSettings) => {
    if (!settings.enforceCustomList || !(await deps.entitlements.tenantHas(tenantId, 'customBannedPasswords')))
      return undefined;
    const terms = await deps.store.passwordProtection.listCustomTerms(tenantId);
    if (terms.length === 0) return undefined;
    const signature = terms.map((t) => t.key).join('\n');
    const cached = customIndexes.get(tenantId);
    if (cached?.signature === signature) return cached.index;
    const index = createBannedTermsIndex(terms.map((t) => t.key));
    customIndexes.set(tenantId, { signature, index });
    return index;
  };

  const breachedCountOf = async (
    candidate: string,
    settings: PasswordProtectionSettings,
  ): Promise<number | 'unavailable' | undefined> => {
    // The NIST profile always checks breached corpora when one is configured; Entra's only when switched on.
    if (!deps.breached || (!settings.breachedCheck && settings.profile !== 'nist')) return undefined;
    try {
      return await deps.breached.source.countOf(canonicalPassword(candidate));
    } catch {
      return deps.breached.failure === 'closed' ? 'unavailable' : undefined;
    }
  };

  return {
    settingsOf,

    async evaluate(
      subject: PasswordSubject,
      candidate: string,
      options: { isSameAsCurrent?: boolean } = {},
    ): Promise<PasswordVerdict> {
      const settings = await settingsOf(subject.tenant.tenantId);
      const customTerms = await customIndexOf(subject.tenant.tenantId, settings);
      const breached = await breachedCountOf(candidate, settings);
      return evaluatePassword(candidate, {
        profile: profileOf(settings),
        givenName: subject.user.givenName,
        surname: subject.user.surname,
        tenantName: subject.tenant.name,
        globalTerms: deps.globalBannedTerms,
        ...(settings.commonPasswordCheck && { commonPasswords: deps.commonPasswords }),
        ...(customTerms && { customTerms }),
        ...(options.isSameAsCurrent !== undefined && { isSameAsCurrent: options.isSameAsCurrent }),
        ...(breached !== undefined && { breached }),
      });
    },

    async updateSettings(
      tenantId: string,
      changes: Partial<PasswordProtectionSettings>,
      actor: AuditEvent['actor'],
    ): Promise<PasswordProtectionSettings> {
      const checked = checkProtectionSettings({ ...(await settingsOf(tenantId)), ...changes });
      if (!checked.ok) throw new SsprError(checked.code, checked.reason);
      await deps.store.transaction(async (store) => {
        await store.passwordProtection.putSettings(tenantId, checked.value, deps.clock.now().toISOString());
        await recordAudit(deps, store, {
          tenantId,
          activity: 'updatePasswordProtection',
          actor,
          target: { type: 'policy', id: tenantId, name: 'Password protection' },
          details: Object.fromEntries(Object.entries(checked.value).map(([k, v]) => [k, v])),
        });
      });
      return checked.value;
    },

    listCustomTerms: (tenantId: string): Promise<CustomTerm[]> =>
      deps.store.passwordProtection.listCustomTerms(tenantId),

    async addCustomTerms(
      tenantId: string,
      input: string[],
      actor: AuditEvent['actor'],
    ): Promise<{ added: CustomTerm[]; total: number }> {
      // Read, check and write in one transaction so concurrent edits cannot pass the cap or collide.
      return deps.store.transaction(async (store) => {
        await store.passwordProtection.lockList(tenantId);
        const existing = await store.passwordProtection.listCustomTerms(tenantId);
        const checked = checkCustomTerms(input, new Set(existing.map((t) => t.key)));
        if (!checked.ok) throw new SsprError(checked.code, checked.reason);
        await store.passwordProtection.addCustomTerms(tenantId, checked.value, deps.clock.now().toISOString());
        // The audit records how many, never which: the list is itself sensitive.
        await recordAudit(deps, store, {
          tenantId,
          activity: 'updatePasswordProtection',
          actor,
          target: { type: 'policy', id: tenantId, name: 'Custom banned password list' },
          details: { termsAdded: checked.value.length },
        });
        return { added: checked.value, total: existing.length + checked.value.length };
      });
    },

    async removeCustomTerms(
      tenantId: string,
      input: string[],
      actor: AuditEvent['actor'],
    ): Promise<{ removed: number }> {
      const checked = checkCustomTerms(input, new Set());
      if (!checked.ok) throw new SsprError(checked.code, checked.reason);
      const removed = await deps.store.transaction(async (store) => {
        const count = await store.passwordProtection.removeCustomTerms(
          tenantId,
          checked.value.map((t) => t.key),
        );
        if (count > 0) {
          await recordAudit(deps, store, {
            tenantId,
            activity: 'updatePasswordProtection',
            actor,
            target: { type: 'policy', id: tenantId, name: 'Custom banned password list' },
            details: { termsRemoved: count },
          });
        }
        return count;
      });
      return { removed };
    },
  };
};

export type PasswordProtectionService = ReturnType<typeof createPasswordProtectionService>;
