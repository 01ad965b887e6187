/**
 * Post/redirect/get for the portal's forms (issue 14): a failed post answers 303 to the form's own
 * page, and what that page must show again — the messages, the values the user typed (never a
 * password or a code), the status — travels in a short-lived cookie sealed with AES-256-GCM under the
 * service secret. A cookie, not the URL: typed values are personal data and URLs end up in logs and
 * history. Sealed, not plain: the browser can neither read nor forge what the page will say. Any
 * instance can open it, so the redirect may land on another instance behind a load balancer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { html, type SafeHtml } from '../../core/html.js';
import type { SecretSealer } from '../../core/ports.js';
import { cookieOptions } from '../request-context.js';

/** A message for the page; `field` ties it to an input (its id), so the input can point at it. */
export interface FieldError {
  field?: string;
  text: string;
  /** A link the text names where it says `{link}` ("...reset it now" leads to the reset), as Entra's message does. */
  link?: { href: string; text: string };
}

/** What a page shows after a failed (or successful) post, once. */
export interface Flash {
  status: number;
  errors: FieldError[];
  /** Typed values to put back, by field name. Never passwords or codes. */
  typed?: Record<string, string>;
  notice?: string;
  /** Which view of the step to show, when the state alone does not say (e.g. `password`, `contacted`). */
  show?: string;
  /**
   * A secret the page shows once (a temporary password, a Temporary Access Pass): sealed like the rest, so the
   * redirect that follows the post carries it without a URL, and gone once the page has shown it (kept while the
   * store cannot consume its claim, so a reload shows it then).
   */
  secret?: string;
  /**
   * With `secret`: the id of the server-side claim the page consumes before it shows the secret, so a copy of this
   * cookie shows nothing (`admin/shown-once.ts`).
   */
  claim?: string;
  /**
   * With `secret`: until when (ISO time) the page may show it — the cookie's own lifetime, enforced by the server too,
   * since a copy of the cookie ignores its `Max-Age`.
   */
  showUntil?: string;
}

/**
 * How long the page-wide flash cookie lives (its `Max-Age`): from the post's answer, time enough to follow the redirect
 * and, for a secret shown once, to reload its page after a store failure (`admin/shown-once.ts` says so in minutes).
 */
export const flashLifetimeSeconds = 120;

/** A typed value is put back only up to this length: the cookie must stay small, and longer input was refused. */
const keptLength = 256;

export const keepTyped = (values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values).flatMap(([name, value]) =>
      typeof value === 'string' && value.length <= keptLength ? [[name, value]] : [],
    ),
  );

/** Cookie name with `__Host-` over https, as every other cookie of the service. */
export const cookieNameOf = (config: Config, base: string) => (config.secureCookies ? `__Host-${base}` : base);

export const sealedCookies = (config: Config, sealer: SecretSealer, purpose: string) => ({
  write(reply: FastifyReply, name: string, value: unknown, maxAgeSeconds: number) {
    reply.setCookie(name, sealer.seal(purpose, JSON.stringify(value)), {
      ...cookieOptions(config),
      sameSite: 'strict',
      maxAge: maxAgeSeconds,
    });
  },
  /** undefined when absent, altered, sealed for another purpose or not JSON: all read as "nothing". */
  read<T>(request: FastifyRequest, name: string): T | undefined {
    const raw = request.cookies[name];
    if (!raw) return undefined;
    try {
      return JSON.parse(sealer.open(purpose, raw)) as T;
    } catch {
      return undefined;
    }
  },
  clear(reply: FastifyReply, name: string) {
    reply.clearCookie(name, { ...cookieOptions(config), sameSite: 'strict' });
  },
});

/** The page-wide flash of the sign-in and account pages: one cookie, bound to the page it was written for. */
export const pageFlash = (config: Config, sealer: SecretSealer) => {
  const cookies = sealedCookies(config, sealer, 'portal-flash');
  const name = cookieNameOf(config, 'sspr_flash');
  return {
    /** Stores the flash for `page` and answers 303 to `location`. */
    redirect(reply: FastifyReply, page: string, flash: Flash, location: string) {
      cookies.write(reply, name, { page, flash }, flashLifetimeSeconds);
      return reply.redirect(location, 303);
    },
    /** The flash written for `page`, read once. */
    take(request: FastifyRequest, reply: FastifyReply, page: string): Flash | undefined {
      const stored = cookies.read<{ page: string; flash: Flash }>(request, name);
      if (!stored) return undefined;
      cookies.clear(reply, name);
      return stored.page === page ? stored.flash : undefined;
    },
    /**
     * The flash written for `page`, left in place: a page that can fail to use it (a secret whose claim the store
     * could not consume) clears it only once it has, so a reload can still show it (`admin/shown-once.ts`).
     */
    peek(request: FastifyRequest, page: string): Flash | undefined {
      const stored = cookies.read<{ page: string; flash: Flash }>(request, name);
      return stored?.page === page ? stored.flash : undefined;
    },
    /** Clears the flash after `peek`, as `take` would have: only when the request had one. */
    clear(request: FastifyRequest, reply: FastifyReply) {
      if (request.cookies[name]) cookies.clear(reply, name);
    },
  };
};

/** The error summary at the top: announced, focused without JavaScript, each field error a link to its input. */
export const errorSummary = (errors: FieldError[]): SafeHtml =>
  errors.length === 0
    ? html``
    : html`<div class="alert error" role="alert" tabindex="-1" autofocus>${
        errors.length === 1
          ? html`<p>${summaryItem(errors[0]!)}</p>`
          : html`<ul>${errors.map((e) => html`<li>${summaryItem(e)}</li>`)}</ul>`
      }</div>`;

/** The text with its `{link}` as plain words: inside a link to the field, where a second link cannot go. */
const plainText = (error: FieldError) => error.text.replace('{link}', error.link?.text ?? '');

/** The text with its `{link}` as a link. */
const linkedText = (error: FieldError): SafeHtml | string => {
  const at = error.link ? error.text.indexOf('{link}') : -1;
  if (!error.link || at < 0) return error.text;
  return html`${error.text.slice(0, at)}<a href="${error.link.href}">${error.link.text}</a>${error.text.slice(at + '{link}'.length)}`;
};

const summaryItem = (error: FieldError) =>
  error.field ? html`<a href="#${error.field}">${plainText(error)}</a>` : html`${linkedText(error)}`;

/** The message under an input, with the id the input's `aria-describedby` names. */
export const fieldMessage = (errors: FieldError[] | undefined, field: string): SafeHtml => {
  const mine = (errors ?? []).filter((e) => e.field === field);
  return mine.length === 0
    ? html``
    : html`<div class="field-error" id="${field}-error">${mine.map((e) => html`<p>${linkedText(e)}</p>`)}</div>`;
};

/** `aria-invalid` and `aria-describedby` for an input: its own hints first, then its error. */
export const fieldAria = (errors: FieldError[] | undefined, field: string, describedBy: string[] = []): SafeHtml => {
  const invalid = errors?.some((e) => e.field === field) ?? false;
  const ids = [...describedBy, ...(invalid ? [`${field}-error`] : [])];
  return html`${invalid ? html` aria-invalid="true"` : ''}${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}`;
};

/** A post the server refused before its handler ran: a field over its limit, or a body over the size limit. */
export interface RefusedBody {
  code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE';
  status: number;
  /** The fields over their `maxLength` (empty when the body was never parsed). */
  fields: string[];
}

/**
 * A portal form route's `config.recoverForm`: the error handler calls it instead of a dead-end error page, so
 * the form shows again with the message next to the field, in the page's language.
 */
export type FormRecovery = (request: FastifyRequest, reply: FastifyReply, refused: RefusedBody) => FastifyReply;

/** What a portal form route puts in its `config`, read by the error handler. */
export interface PortalFormConfig {
  recoverForm?: FormRecovery;
  /** The page (GET) that holds the form: where "Continue" leads after an expired form or a rate limit. */
  continueTo?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    recoverForm?: FormRecovery;
    continueTo?: string;
  }
}
