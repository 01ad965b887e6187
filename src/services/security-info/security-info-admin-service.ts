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

/** The settings that are a count (the send caps and the SMS budget): each a whole number within `capRange`. */
export const settingCaps = [
  'dailyCapPerNumber',
  'dailyCapPerTenant',
  'hourlyCapPerPrefix',
  'hourlyCapPerIp',
  'hourlyPhoneBudget',
] as const;
export type SettingCap = (typeof settingCaps)[number];
export const capRange = { min: 1, max: 1_000_000 };

/** A refused setting: the field it is about, the stable code the API answers with, and the API's words. */
export interface SettingProblem {
  field: keyof SecurityInfoSettings;
  code: 'SETTING_INVALID';
  problem: string;
}

const checkSettings = (changes: SettingsChanges) => {
  const problems: SettingProblem[] = [];
  const refuse = (field: keyof SecurityInfoSettings, problem: string) =>
    problems.push({ field, code: 'SETTING_INVALID', problem });
  const countries = (changes.allowedCountries ?? []).map((c) => checkCountry(c));
  for (const c of countries) if (!c.ok) refuse('allowedCountries', c.reason);
  if (changes.smsNotices !== undefined && typeof changes.smsNotices !== 'boolean')
    refuse('smsNotices', 'smsNotices must be true or false');
  for (const key of settingCaps) {
    const value = changes[key];
    if (value !== undefined && (!Number.isInteger(value) || value < capRange.min || value > capRange.max))
      refuse(key, `${key} must be a whole number from ${capRange.min} to ${capRange.max}`);
  }
  return { problems, countries: countries.flatMap((c) => (c.ok ? [c.value] : [])) };
};

/**
 * The one check of a settings change, for the admin API's PATCH and the console's form alike (the console names
 * each refused field next to it; `updateSettings` runs the same check again and refuses with all of them).
 */
export const settingsProblems = (changes: SettingsChanges): SettingProblem[] => checkSettings(changes).problems;

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
      const { problems, countries } = checkSettings(changes);
      if (problems.length > 0) {
        const words = problems.map((p) => p.problem);
        throw new SsprError('SETTING_INVALID', words.join('; '), { problems: words });
      }
      return deps.store.transaction(async (store) => {
        const before = (await store.securityInfo.getSettings(tenantId)) ?? defaultSecurityInfoSettings;
        const after: SecurityInfoSettings = {
          ...before,
          ...changes,
          ...(changes.allowedCountries && {
            allowedCountries: [...new Set(countries)],
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
