/** OpenLDAP's name in the console and CLI: a product name, the same in every locale. */
import type { DialectTexts } from '../../core/directory/dialect.js';
import type { Locale } from '../../i18n/i18n.js';

export const openLdapTexts = {
  en: { label: 'OpenLDAP' },
  nl: { label: 'OpenLDAP' },
} as const satisfies Record<Locale, DialectTexts>;
