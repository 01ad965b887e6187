import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { negotiateLocale, translate } from './i18n.js';
import { nl } from './nl.js';

describe('i18n', () => {
  it('has the same keys and placeholders in every locale', () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(nl[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('lets ?mkt= override Accept-Language', () => {
    expect(negotiateLocale('nl-NL', 'en-US')).toBe('nl');
    expect(negotiateLocale('es-us', 'nl')).toBe('nl');
    expect(negotiateLocale(undefined, 'de-DE, nl;q=0.8, en;q=0.5')).toBe('nl');
    expect(negotiateLocale(undefined, 'en;q=0.3, nl-BE;q=0.9')).toBe('nl');
    expect(negotiateLocale(undefined, 'fr, de')).toBe('en');
    expect(negotiateLocale(undefined, undefined)).toBe('en');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'violation.PASSWORD_TOO_SHORT', { minLength: 8 })).toBe('Use at least 8 characters.');
  });
});
