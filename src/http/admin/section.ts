import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../core/html.js';
import type { Locale, MessageKey } from '../../i18n/i18n.js';
import type { HttpContext } from '../context.js';
import type { AccessMode, ConsoleArea } from './access.js';

/**
 * One section of the admin console: everything the navigation, the route registration and the access
 * checks need. The sections are listed once, in `sections.ts`; nothing else names them.
 */
export interface ConsoleSection {
  /** Marks the section current in the navigation. */
  id: string;
  /** The navigation label: a message key, so it has a text in every locale. */
  label: MessageKey;
  /** The navigation link, and the prefix of every page the section serves (no two sections share one). */
  path: `/admin/${string}`;
  /** Shown to whoever may read any of these areas; each page still checks its own area on every request. */
  areas: readonly ConsoleArea[];
  /** Registers the section's pages, which render through `console.render`. */
  routes: (app: FastifyInstance, console: SectionContext) => Promise<void>;
}

/** What a page of a section renders: the frame (navigation, language switch) is the console's. */
export interface SectionView {
  request: FastifyRequest;
  locale: Locale;
  /** The h1: the section, or the object a detail page shows. */
  title: string;
  body: SafeHtml;
  /** The language switch's target when the route has parameters. */
  selfPath?: string;
  /** False on a page that shows a secret once: switching language would reload it without the secret. */
  languageSwitch?: boolean;
}

type PreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Handed to a section's routes by the console: its services, its frame and its access check. */
export interface SectionContext extends HttpContext {
  /** The page inside the console frame, with this section current in the navigation. */
  render(view: SectionView): string;
  /** preHandler: a live session that may `mode` the area; without an area, any console access will do. */
  guard(area?: ConsoleArea, mode?: AccessMode): PreHandler;
}
