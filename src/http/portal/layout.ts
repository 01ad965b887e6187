import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate, type Locale, type MessageKey } from '../../i18n/i18n.js';
import { html, type SafeHtml } from '../../core/html.js';
import { safeSelfPath } from '../request-context.js';
import { lookOnRequest, type PortalLook } from './branding-assets.js';

export interface PageOptions {
  locale: Locale;
  title: string;
  body: SafeHtml;
  request: FastifyRequest;
  /** The page's own path (and safe query) for the language switch, when the route has parameters. */
  selfPath?: string;
  /** A wider main column, for pages with tables (the admin console). */
  wide?: boolean;
  /** The tenant's branding, when the page knows the tenant; else the product's own look. */
  look?: PortalLook;
  /**
   * False leaves the language switch out: on a page that shows a secret once, following it would load the page
   * again, which by design no longer shows the secret.
   */
  languageSwitch?: boolean;
}

/** Links to the same page in the other language, keeping the user on it. */
const languageSwitch = (request: FastifyRequest, locale: Locale, selfPath?: string) => {
  const base = selfPath ?? safeSelfPath(request);
  const path = `${base}${base.includes('?') ? '&' : '?'}`;
  const other =
    locale === 'nl'
      ? { mkt: 'en-US', label: 'English', lang: 'en' }
      : { mkt: 'nl-NL', label: 'Nederlands', lang: 'nl' };
  return html`<nav class="lang" aria-label="${translate(locale, 'site.language')}"><a href="${path}mkt=${other.mkt}" lang="${other.lang}" hreflang="${other.lang}">${other.label}</a></nav>`;
};

/** The header's name: the tenant's (with its logo, whose alt is empty because the name is right beside it) or ours. */
const brand = (locale: Locale, look: PortalLook | undefined) =>
  look
    ? html`<span class="brand">${look.logoUrl ? html`<img src="${look.logoUrl}" alt="" height="32">` : ''}${look.name}</span>`
    : html`<span class="brand">${translate(locale, 'site.name')}</span>`;

export const layout = ({
  locale,
  title,
  body,
  request,
  selfPath,
  wide,
  look: given,
  languageSwitch: withSwitch = true,
}: PageOptions): string => {
  const look = given ?? lookOnRequest(request);
  return (
    '<!doctype html>' +
    html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} - ${translate(locale, 'site.name')}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/portal.css">${
      look?.accentUrl
        ? html`
<link rel="stylesheet" href="${look.accentUrl}">`
        : ''
    }
</head>
<body>
<a class="skip" href="#main">${translate(locale, 'site.skip')}</a>
<header>${brand(locale, look)}${withSwitch ? languageSwitch(request, locale, selfPath) : ''}</header>
<main id="main" tabindex="-1"${wide ? html` class="wide"` : ''}>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.value
  );
};

export const t = translate;
export type { MessageKey };

/**
 * An error summary that screen readers announce and keyboard users land on: without JavaScript,
 * `autofocus` is the only way to move focus to it after a form post.
 */
export const alertBox = (messages: string[], kind: 'error' | 'success' = 'error') =>
  messages.length === 0
    ? html``
    : html`<div class="alert ${kind}" ${kind === 'error' ? html`role="alert" tabindex="-1" autofocus` : html`role="status"`}>${
        messages.length === 1 ? html`<p>${messages[0]}</p>` : html`<ul>${messages.map((m) => html`<li>${m}</li>`)}</ul>`
      }</div>`;

export const sendPage = (reply: FastifyReply, status: number, page: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(page);
