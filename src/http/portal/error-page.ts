/**
 * The portal's error pages (issue 14): in the page's language, what happened and what to do, with a link
 * that continues — back to the form the user was on, not a dead end. The code is shown only as a
 * reference for the helpdesk, never as the message.
 */
import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../core/errors.js';
import { html } from '../../core/html.js';
import type { Locale, MessageKey } from '../../i18n/i18n.js';
import { localeOf, safeSelfPath } from '../request-context.js';
import { hintOf, type PortalLook } from './branding-assets.js';
import { layout, t } from './layout.js';

export interface ErrorPageOptions {
  /** The page (GET) that holds the form of a refused post. */
  continueTo?: string;
  /** Seconds until the rate limit lets the user in again. */
  retryAfterSeconds?: number;
  /** The look of the page the user came from, when the error handler had to find it (a refused CSRF token). */
  look?: PortalLook;
}

/**
 * The query a link back keeps: the language, the reset wizard's tab handle and a `whr` domain hint (so the page
 * keeps its tenant's look), nothing the user typed.
 */
const keptQuery = (request: FastifyRequest): string => {
  const query = request.query as Record<string, unknown> | undefined;
  const params = new URLSearchParams();
  if (typeof query?.f === 'string' && /^[A-Za-z0-9_-]{16}$/.test(query.f)) params.set('f', query.f);
  if (typeof query?.mkt === 'string' && /^[A-Za-z]{2}(-[A-Za-z]{2})?$/.test(query.mkt)) params.set('mkt', query.mkt);
  const whr = hintOf(request);
  if (whr) params.set('whr', whr);
  const text = params.toString();
  return text ? `?${text}` : '';
};

const texts = (locale: Locale, code: ErrorCode, seconds: number) => {
  const known = ['NOT_FOUND', 'RATE_LIMITED', 'INTERNAL_ERROR', 'CSRF_INVALID'] as const;
  const kind = (known as readonly string[]).includes(code) ? (code as (typeof known)[number]) : 'other';
  return {
    title: t(locale, `portal.error.${kind}.title` as MessageKey),
    body: t(locale, `portal.error.${kind}.body` as MessageKey, { seconds }),
    link: t(
      locale,
      kind === 'RATE_LIMITED'
        ? 'portal.error.RATE_LIMITED.back'
        : kind === 'INTERNAL_ERROR'
          ? 'portal.error.INTERNAL_ERROR.retry'
          : kind === 'NOT_FOUND'
            ? 'portal.error.signin'
            : 'portal.error.continue',
    ),
  };
};

/** Where the page's link leads: the form's page for a refused post, the same page for a GET, sign-in for a 404. */
const continuation = (request: FastifyRequest, code: ErrorCode, options: ErrorPageOptions): string => {
  if (code === 'NOT_FOUND') return `/signin${keptQuery(request)}`;
  if (options.continueTo) return `${options.continueTo}${keptQuery(request)}`;
  if (request.method === 'GET') return `${safeSelfPath(request)}${keptQuery(request)}`;
  // A console form refused before its handler (a body over the form limit): back to the console, whose start
  // page leads to every tab the administrator may open; sign-in would only send a signed-in admin to /account.
  if (/^\/admin(\/|\?|$)/.test(request.url)) return `/admin${keptQuery(request)}`;
  return `/signin${keptQuery(request)}`;
};

export const renderErrorPage = (request: FastifyRequest, code: ErrorCode, options: ErrorPageOptions = {}): string => {
  const locale = localeOf(request);
  const text = texts(locale, code, Math.max(1, Math.ceil(options.retryAfterSeconds ?? 60)));
  return layout({
    locale,
    request,
    ...(options.look && { look: options.look }),
    title: text.title,
    body: html`<p>${text.body}</p>
<p><a class="button" href="${continuation(request, code, options)}">${text.link}</a></p>
<p class="meta">${t(locale, 'portal.error.reference', { code })}</p>`,
  });
};
