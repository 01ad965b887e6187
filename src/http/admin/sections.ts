import { may } from './access.js';
import { groupsSection } from './groups-pages.js';
import { licensesSection } from './licenses-page.js';
import { passwordResetSection } from './password-reset-section.js';
import type { ConsoleSection } from './section.js';
import { usersSection } from './users-pages.js';

/**
 * The admin console's sections, in the order of the navigation: the one list the navigation, the
 * route registration (`admin-console.ts`) and "may this user enter the console" are derived from.
 * A new section is its own file exporting a `ConsoleSection`, plus one line here.
 */
export const consoleSections: readonly ConsoleSection[] = [
  passwordResetSection,
  usersSection,
  groupsSection,
  licensesSection,
];

/** The sections whose navigation link the user gets: some area of the section is readable. */
export const visibleSections = (roles: readonly string[]): ConsoleSection[] =>
  consoleSections.filter((section) => section.areas.some((area) => may(roles, area, 'read')));

/** Whether the user may open the console at all (and gets the link to it on /account). */
export const mayEnterConsole = (roles: readonly string[]): boolean => visibleSections(roles).length > 0;
