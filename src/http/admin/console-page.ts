import type { FastifyReply, FastifyRequest } from 'fastify';
import { adminRoles } from '../../core/roles/catalogue.js';
import { isMessageKey, type Locale, type MessageKey } from '../../i18n/i18n.js';
import type { HttpContext } from '../context.js';
import { html } from '../../core/html.js';
import { alertBox, layout, sendPage, t } from '../portal/layout.js';
import { cookieNames, localeOf, withMkt } from '../request-context.js';
import type { ConsoleSection, SectionView } from './section.js';
import { isLimitedSession, limitedSessionHome } from '../limited-session.js';

/** A role's name in the page's language (unknown ids are shown as they are). */
export const roleName = (locale: Locale, role: string): string => {
  const key = `admin.role.${role}`;
  return isMessageKey(key) ? t(locale, key) : role;
};

/** The names of every role that may `mode` an area, for "you need one of these roles". */
export const rolesAllowed = (locale: Locale, roles: readonly string[]) =>
  adminRoles
    .filter((r) => roles.includes(r.id))
    .map((r) => roleName(locale, r.id))
    .join(', ');

/** Navigation as a list of links: every tab is focusable and works without JavaScript. */
export const tabList = (
  request: FastifyRequest,
  label: string,
  items: Array<{ path: string; label: string; current: boolean }>,
) =>
  html`<nav class="tabs" aria-label="${label}"><ul>${items.map(
    (item) =>
      html`<li><a href="${withMkt(request, item.path)}"${item.current ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
  )}</ul></nav>`;

/** The console frame around a section's page: the sections the user may see, this one marked current. */
export const renderConsole = (
  view: SectionView,
  sections: ReadonlyArray<Pick<ConsoleSection, 'id' | 'path' | 'label'>>,
  current: string,
): string => {
  const { request, locale, title, body, selfPath, languageSwitch } = view;
  const nav = tabList(request, t(locale, 'admin.sections'), [
    ...sections.map((s) => ({ path: s.path, label: t(locale, s.label), current: s.id === current })),
    { path: '/account', label: t(locale, 'admin.back'), current: false },
  ]);
  return layout({
    locale,
    request,
    title,
    wide: true,
    ...(selfPath && { selfPath }),
    ...(languageSwitch === false && { languageSwitch }),
    body: html`${nav}${body}`,
  });
};

const messagePage = (request: FastifyRequest, title: MessageKey, text: MessageKey) => {
  const locale = localeOf(request);
  return layout({
    locale,
    request,
    title: t(locale, title),
    body: html`${alertBox([t(locale, text)])}<p><a href="${withMkt(request, '/account')}">${t(locale, 'admin.back')}</a></p>`,
  });
};

export const sendForbidden = (request: FastifyRequest, reply: FastifyReply) =>
  sendPage(reply, 403, messagePage(request, 'admin.forbidden.title', 'admin.forbidden.body'));

export const sendNotFound = (request: FastifyRequest, reply: FastifyReply) =>
  sendPage(reply, 404, messagePage(request, 'admin.notFound.title', 'admin.notFound.body'));

/**
 * preHandler for console pages: a live session (else the sign-in page, as /account does) whose
 * roles are `allowed` (else a 403 page). Sections get it as `guard`, bound to an area.
 */
export const requireConsole =
  ({ config, services }: HttpContext, allowed: (roles: readonly string[]) => boolean) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    request.active = await services.sessions.resolve(request.cookies[cookieNames(config).session]);
    if (!request.active) return reply.redirect(withMkt(request, '/signin'), 303);
    if (isLimitedSession(request.active.session)) return reply.redirect(withMkt(request, limitedSessionHome), 303);
    // After an admin reset the new password comes first, for administrators too (as the portal and the API do).
    if (request.active.user.mustChangePassword) return reply.redirect(withMkt(request, '/account'), 303);
    if (!allowed(request.active.user.roles)) return sendForbidden(request, reply);
  };

/** The audit actor for changes made in the console. */
export const actorOf = (request: FastifyRequest) => ({
  type: 'admin' as const,
  id: request.active!.user.userId,
  upn: request.active!.user.upn,
});

/** Ids in console paths are UUIDs; anything else is not found without asking the store. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const tenantOf = (request: FastifyRequest) => request.active!.user.tenantId;

/** A path with a query (empty values left out), for links and the language switch. */
export const withQuery = (path: string, query: Record<string, string>) => {
  const extra = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '')).toString();
  return extra ? `${path}?${extra}` : path;
};

/** The page's ?mkt= when it is well-formed (as `withMkt` decides), else ''. */
export const mktOf = (request: FastifyRequest) => new URLSearchParams(withMkt(request, '').slice(1)).get('mkt') ?? '';

/** A console link with its own query that keeps the page's ?mkt=. */
export const consoleLink = (request: FastifyRequest, path: string, query: Record<string, string> = {}) =>
  withQuery(path, { ...query, mkt: mktOf(request) });

/** Post/redirect/get: the page again, with `?saved=…` so it can say what was saved. */
export const redirectSaved = (request: FastifyRequest, reply: FastifyReply, path: string, what = '1') =>
  reply.redirect(consoleLink(request, path, { saved: what }), 303);

export const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/**
 * After a delete, the confirm page's address answers with the notice (post/redirect/get): the thing is gone, so the
 * page says so and links back to the list instead of a 404.
 */
export const sendDeletedNotice = (
  request: FastifyRequest,
  reply: FastifyReply,
  render: (view: SectionView) => string,
  page: { title: MessageKey; notice: string; listPath: string; listLabel: MessageKey },
) => {
  const locale = localeOf(request);
  return sendPage(
    reply,
    200,
    render({
      request,
      locale,
      title: t(locale, page.title),
      selfPath: page.listPath,
      body: html`${alertBox([page.notice], 'success')}<p><a href="${withMkt(request, page.listPath)}">${t(locale, page.listLabel)}</a></p>`,
    }),
  );
};
