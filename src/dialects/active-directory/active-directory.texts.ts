/** Active Directory's name in the console and CLI: Microsoft's product name, untranslated in Dutch too. */
import type { DialectTexts } from '../../core/directory/dialect.js';
import type { Locale } from '../../i18n/i18n.js';

export const activeDirectoryTexts = {
  en: { label: 'Active Directory' },
  nl: { label: 'Active Directory' },
} as const satisfies Record<Locale, DialectTexts>;
