/**
 * The tenant side of security info: custom security questions (up to 20, 3–200 characters, not
 * localised) and the anti-pumping settings (allowed phone countries, daily and hourly send caps, the SMS budget,
 * SMS notices). Changes are audited as SSPR policy changes, with old and new values, in the same transaction. The
 * SMS budget breaker's state is read and closed here too (`delivery/sms-breaker.ts`).
 */
import { checkCountry } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import { checkCustomQuestion, questionRules } from '../../core/methods/security-questions.js';
import type { CustomQuestion, SecurityInfoSettings } from '../../core/methods/records.js';
import type { AuditEvent } from '../../core/model.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { createSmsBreaker, type BreakerView } from '../delivery/sms-breaker.js';
import { defaultSecurityInfoSettings } from './security-info-delivery.js';

export type SettingsChanges = Partial<SecurityInfoSettings>;

const capRange = { min: 1, max: 1_000_000 };

export const createSecurityInfoAdminService = (deps: ServiceDeps) => {
  const breaker = createSmsBreaker(deps);
  const audit = (tenantId: string, actor: AuditEvent['actor'], name: string, details: AuditEvent['details']) => ({
    tenantId,
    activity: 'ssprPolicyChanges' as const,
    actor,
    target: { type: 'policy' as const, id: tenantId, name },
    details,
  });

  return {
    listCustomQuestions: (tenantId: string): Promise<CustomQuestion[]> =>
      deps.store.securityInfo.listCustomQuestions(tenantId),

    async addCustomQuestion(tenantId: string, text: string, actor: AuditEvent['actor']): Promise<CustomQuestion> {
      const checked = checkCustomQuestion(text);
      if (!checked.ok) throw new SsprError('SETTING_INVALID', checked.reason);
      return deps.store.transaction(async (store) => {
        // Serialise edits of the tenant's list so two admins cannot both add the 20th question.
        await store.passwordProtection.lockList(tenantId);
        const existing = await store.securityInfo.listCustomQuestions(tenantId);
        if (existing.length >= questionRules.customPerTenant)
          throw new SsprError(
            'SETTING_INVALID',
            `a tenant has at most ${questionRules.customPerTenant} custom questions`,
          );
        if (existing.some((q) => q.text.toLowerCase() === checked.text.toLowerCase()))
          throw new SsprError('SETTING_INVALID', 'the question already exists');
        const question: CustomQuestion = {
          tenantId,
          questionId: `custom-${deps.random.uuid()}`,
          text: checked.text,
          createdAt: deps.clock.now().toISOString(),
        };
        await store.securityInfo.addCustomQuestion(question);
        await recordAudit(deps, store, audit(tenantId, actor, 'customSecurityQuestions', { added: question.text }));
        return question;
      });
    },

    async removeCustomQuestion(tenantId: string, questionId: string, actor: AuditEvent['actor']): Promise<void> {
      await deps.store.transaction(async (store) => {
        const question = (await store.securityInfo.listCustomQuestions(tenantId)).find(
          (q) => q.questionId === questionId,
        );
        if (!question || (await store.securityInfo.removeCustomQuestion(tenantId, questionId)) === 0)
          throw new SsprError('NOT_FOUND', 'no custom question has this id');
        await recordAudit(deps, store, audit(tenantId, actor, 'customSecurityQuestions', { removed: question.text }));
      });
    },

    /** The SMS budget breaker: open or not, until when, and this hour's SMS and voice sends against the budget. */
    async breaker(tenantId: string): Promise<BreakerView> {
      const settings = (await deps.store.securityInfo.getSettings(tenantId)) ?? defaultSecurityInfoSettings;
      return breaker.view(tenantId, settings.hourlyPhoneBudget);
    },

    /** Closes an open breaker (audited); SMS and voice sends go out again, counted afresh. */
    async closeBreaker(tenantId: string, actor: AuditEvent['actor']): Promise<BreakerView & { closed: boolean }> {
      const closed = await breaker.close(tenantId, actor);
      return { ...(await this.breaker(tenantId)), closed };
    },

    settings: async (tenantId: string): Promise<SecurityInfoSettings> =>
      (await deps.store.securityInfo.getSettings(tenantId)) ?? defaultSecurityInfoSettings,

    async updateSettings(
      tenantId: string,
      changes: SettingsChanges,
      actor: AuditEvent['actor'],
    ): Promise<SecurityInfoSettings> {
      const problems: string[] = [];
      const countries = (changes.allowedCountries ?? []).map((c) => checkCountry(c));
      for (const c of countries) if (!c.ok) problems.push(c.reason);
      const caps = [
        'dailyCapPerNumber',
        'dailyCapPerTenant',
        'hourlyCapPerPrefix',
        'hourlyCapPerIp',
        'hourlyPhoneBudget',
      ] as const;
      if (changes.smsNotices !== undefined && typeof changes.smsNotices !== 'boolean')
        problems.push('smsNotices must be true or false');
      for (const key of caps) {
        const value = changes[key];
        if (value !== undefined && (!Number.isInteger(value) || value < capRange.min || value > capRange.max))
          problems.push(`${key} must be a whole number from ${capRange.min} to ${capRange.max}`);
      }
      if (problems.length > 0) throw new SsprError('SETTING_INVALID', problems.join('; '), { problems });
      return deps.store.transaction(async (store) => {
        const before = (await store.securityInfo.getSettings(tenantId)) ?? defaultSecurityInfoSettings;
        const after: SecurityInfoSettings = {
          ...before,
          ...changes,
          ...(changes.allowedCountries && {
            allowedCountries: [...new Set(countries.flatMap((c) => (c.ok ? [c.value] : [])))],
          }),
        };
        const changed = (Object.keys(after) as Array<keyof SecurityInfoSettings>).filter(
          (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
        );
        if (changed.length === 0) return after;
        await store.securityInfo.putSettings(tenantId, after, deps.clock.now().toISOString());
        await recordAudit(
          deps,
          store,
          audit(
            tenantId,
            actor,
            changed.join(', '),
            Object.fromEntries(changed.map((k) => [k, `${JSON.stringify(before[k])} -> ${JSON.stringify(after[k])}`])),
          ),
        );
        return after;
      });
    },
  };
};

export type SecurityInfoAdminService = ReturnType<typeof createSecurityInfoAdminService>;
