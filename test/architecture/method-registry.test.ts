/**
 * The registration list of verification methods (src/methods/registry.ts) is complete: every
 * registered plugin has all of its parts (rules, strategy, view fragments, en and nl texts for every
 * key it uses, schema fragment, decoy entry) in its own folder, and every method id, entry kind and
 * throttle kind is registered once. A gap fails here instead of falling back silently at run time.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { html } from '../../src/core/html.js';
import type { EnrolmentForm, FragmentContext } from '../../src/core/methods/method-contract.js';
import { en } from '../../src/i18n/en.js';
import { nl } from '../../src/i18n/nl.js';
import {
  defaultPolicyMethods,
  entryOf,
  entryRules,
  methodOf,
  methodPlugins,
  methodTypes,
  policyMethods,
} from '../../src/methods/registry.js';

const methodsDir = fileURLToPath(new URL('../../src/methods/', import.meta.url));

/** A fragment context that records every text key a view asks for. */
const recording = () => {
  const keys = new Set<string>();
  const ctx: FragmentContext = {
    t: (key) => {
      keys.add(key);
      return key;
    },
    action: '/x',
    csrfField: html`<input type="hidden" name="_csrf" value="c">`,
    methodId: 'm',
    autofocus: true,
  };
  return { keys, ctx };
};

const duplicates = (values: readonly string[]) => values.filter((value, i) => values.indexOf(value) !== i);

describe('the method registry', () => {
  it('registers every method id, entry kind and throttle kind once', () => {
    expect(duplicates(methodTypes)).toEqual([]);
    expect(duplicates(entryRules.map((e) => e.kind))).toEqual([]);
    expect(duplicates(policyMethods.map((m) => m.throttle.kind))).toEqual([]);
    expect(duplicates(methodPlugins.map((p) => p.folder))).toEqual([]);
    expect(methodOf('notAMethod')).toBeUndefined();
  });

  it('derives the default policy from the plugins: each method says whether it is ticked', () => {
    expect(defaultPolicyMethods).toEqual(policyMethods.filter((m) => m.defaultInPolicy).map((m) => m.id));
    expect(defaultPolicyMethods.length).toBeGreaterThan(0);
    expect(new Set(policyMethods.map((m) => typeof m.defaultInPolicy))).toEqual(new Set(['boolean']));
  });

  for (const plugin of methodPlugins) {
    describe(plugin.folder, () => {
      it('has its own folder with one file per role', () => {
        for (const role of ['rules', 'strategy', 'view', 'texts'])
          expect(existsSync(`${methodsDir}${plugin.folder}/${plugin.folder}.${role}.ts`), role).toBe(true);
        expect(existsSync(`${methodsDir}${plugin.folder}/index.ts`)).toBe(true);
      });

      it('has rules for each method: a known entry kind, its throttle, its audit name', () => {
        expect(plugin.methods.length).toBeGreaterThan(0);
        for (const method of plugin.methods) {
          expect(
            entryRules.map((e) => e.kind),
            method.id,
          ).toContain(method.entryKind);
          expect(method.throttle.rule.limit, method.id).toBeGreaterThan(0);
          expect(method.throttle.blockedDetail, method.id).toMatch(/blocked for 24 hours$/);
          expect(method.auditName, method.id).not.toBe('');
        }
      });

      it('has a strategy that issues and proves, and a reset challenge fragment', () => {
        expect(typeof plugin.strategy.issue).toBe('function');
        expect(typeof plugin.strategy.prove).toBe('function');
        expect(typeof plugin.views.resetChallenge).toBe('function');
      });

      it('shows a decoy of every kind a user registers themselves', () => {
        for (const entry of plugin.entries)
          if (entry.registeredBy === 'user') expect('decoy' in entry, entry.kind).toBe(true);
      });

      it('has a schema fragment and an add form for each enrolment', () => {
        for (const enrolment of plugin.enrolments) {
          const schema = enrolment.schema as { properties?: { type?: { const?: string } } };
          expect(schema.properties?.type?.const, enrolment.kind).toBe(enrolment.kind);
          expect(typeof enrolment.enrol).toBe('function');
          expect(typeof enrolment.view.addForm).toBe('function');
        }
      });

      it('has a portal form for each enrolment: fields, a reading of them, and what follows saving', () => {
        for (const enrolment of plugin.enrolments) {
          const form: EnrolmentForm = enrolment.form;
          expect(enrolment.formPath, enrolment.kind).toMatch(/^[a-z]+$/);
          expect(typeof form.read, enrolment.kind).toBe('function');
          expect(form.fields as object, enrolment.kind).not.toHaveProperty('_csrf');
          const rules = entryOf(enrolment.kind);
          // Saved at once (no code to type) needs a notice to go back with; verified by a code needs none.
          expect(rules?.verifiedBy !== undefined || form.savedNotice !== undefined, enrolment.kind).toBe(true);
          expect(rules?.registeredBy, enrolment.kind).toBe('user');
        }
      });

      it('states how each entry is reached and verified consistently', () => {
        for (const entry of plugin.entries) {
          const rules = entryOf(entry.kind)!;
          // A code sent to an entry needs a channel to its value; a removal notice too.
          if (rules.verifiedBy === 'code' || rules.notifyOnRemoval) expect(rules.sendsTo, entry.kind).toBeDefined();
          // Replacing the verified one only makes sense for a record with a limit of one.
          if (rules.replacesExisting) expect(rules.limit, entry.kind).toBe(1);
          // A value shown masked is a value on file.
          if (rules.prepopulated) expect(rules.mask, entry.kind).toBeDefined();
        }
      });

      it('has the same keys in English and Dutch', () => {
        expect(Object.keys(plugin.texts.nl).sort()).toEqual(Object.keys(plugin.texts.en).sort());
      });

      it('has en and nl texts for every key its fragments and the shared pages use', () => {
        const { keys, ctx } = recording();
        for (const method of plugin.methods) {
          plugin.views.resetCard?.({ ...ctx, display: '+31 6******78' });
          plugin.views.resetChallenge({ ...ctx, methodType: method.id, questions: [{ id: 'q01', text: 'Q?' }] });
          // Keys the wizard, the console and the audit build from the method id.
          for (const key of ['reset.method.', 'reset.action.', 'admin.method.']) keys.add(`${key}${method.id}`);
          keys.add(`reset.method.${method.id}.explain`);
        }
        for (const entry of plugin.entries)
          for (const key of ['account.securityInfo.type.', 'securityInfo.kind.']) keys.add(`${key}${entry.kind}`);
        for (const enrolment of plugin.enrolments) {
          enrolment.view.addForm({
            ...ctx,
            typed: {},
            extra: { questions: [{ id: 'q01', text: 'Q?' }], questionsToRegister: 3, hasSet: true },
          });
          if (entryOf(enrolment.kind)?.verifiedBy) keys.add(`account.securityInfo.verify.${enrolment.kind}`);
          const form: EnrolmentForm = enrolment.form;
          if (form.savedNotice) keys.add(`account.securityInfo.notice.${form.savedNotice}`);
          const reading = form.read({}, { questionsToRegister: 3 });
          if (!reading.ok && 'message' in reading.refusal) keys.add(reading.refusal.message);
        }
        const missing = [...keys].filter((key) => !(key in en) || !(key in nl));
        expect(missing).toEqual([]);
      });
    });
  }
});
