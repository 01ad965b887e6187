/**
 * The console user page (Entra's user blade) is made of panels: the facts, then one panel per thing the
 * helpdesk can do. Each panel renders its part of the page and registers its own routes below
 * `/admin/users/:userId/`; this list is the one place a new panel (Temporary Access Pass, caller
 * verification, …) is added. Every panel checks roles on the server for every request, whatever it shows.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import type { Services } from '../../services/services.js';
import type { SectionContext } from './section.js';
import { userLockoutPanel } from './user-lockout-panel.js';
import { userMethodsPanel } from './user-methods-panel.js';
import { userResetPanel } from './user-reset-panel.js';
import { userDeletePanel } from './user-delete-panel.js';
import { newUserPanel } from './new-user-page.js';

export type UserDetail = NonNullable<Awaited<ReturnType<Services['adminViews']['userDetail']>>>;

export interface UserPanelView {
  request: FastifyRequest;
  locale: Locale;
  /** The user the page shows. */
  user: UserDetail;
  /** The viewer's roles: a panel shows only what the server would allow them. */
  roles: readonly string[];
  csrf: string;
}

export interface UserPanel {
  id: string;
  render(view: UserPanelView, context: SectionContext): Promise<SafeHtml | string>;
  routes?(app: FastifyInstance, context: SectionContext): Promise<void>;
}

export const userPanels: readonly UserPanel[] = [
  userLockoutPanel,
  userMethodsPanel,
  userResetPanel,
  userDeletePanel,
  newUserPanel,
];
