import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../core/html.js';
import type { MessageKey } from '../../i18n/i18n.js';
import type { HttpContext } from '../context.js';
import type { ConsoleArea } from './access.js';

/** Where the Password reset blade lives; each tab is a path below it. */
export const passwordResetPath = '/admin/password-reset';

/** One tab of Entra's Password reset blade: its path below the blade, its tab label and who may see it. */
export interface BladeTab {
  slug: string;
  /** The tab's label and heading: a message key, so it has a text in every locale. */
  title: MessageKey;
  /** Readers of the area see the tab; writers may change what it shows. */
  area: ConsoleArea;
  /** The query (filters, paging) the page reads, kept by its language switch. */
  query?: readonly string[];
}

/** A read-only tab (Administrator policy; later Audit logs, Usage & insights): a page and nothing to post. */
export interface BladePage extends BladeTab {
  /** The tab's content for a reader of its area; undefined answers with the not-found page. */
  content(request: FastifyRequest, context: HttpContext): Promise<SafeHtml | undefined>;
}

export const bladeTabPath = (tab: Pick<BladeTab, 'slug'>) => `${passwordResetPath}/${tab.slug}`;
