import { en, type MessageKey } from './en.js';
import { nl } from './nl.js';

export type { MessageKey } from './en.js';
export const locales = ['en', 'nl'] as const;
export type Locale = (typeof locales)[number];

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, nl };

export const isMessageKey = (key: string): key is MessageKey => key in en;

/** `{name}` placeholders are filled from params; an unknown placeholder stays visible rather than vanishing. */
export const translate = (locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string =>
  catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );

const toLocale = (tag: string): Locale | undefined => {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return locales.find((locale) => locale === primary);
};

/**
 * `?mkt=nl-NL` wins (Entra's override); otherwise the best Accept-Language match by q-value;
 * otherwise English.
 */
export const negotiateLocale = (mkt: string | undefined, acceptLanguage: string | undefined): Locale => {
  const fromMkt = mkt ? toLocale(mkt) : undefined;
  if (fromMkt) return fromMkt;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = toLocale(entry.tag);
    if (locale) return locale;
  }
  return 'en';
};
