/**
 * Post/redirect/get for the console's answers that show a secret once: a reset's temporary password, a new user's
 * first password, a Temporary Access Pass. Answering the post with the secret's page let Reload (and Back, Forward)
 * post the form again, which silently issued another secret and broke the one already handed over. So the post
 * answers 303 to a GET result page and the secret rides in the console's sealed flash (`form-state.ts`: AES-256-GCM
 * under the service secret, `__Host-` over https, HttpOnly, SameSite=Strict, two minutes, cleared when read) — never
 * in the URL — bound to that page and to the administrator who asked. A cookie can be copied, so the flash also
 * carries a random claim id whose keyed hash the store keeps (`services/admin/shown-once-service.ts`): the page shows
 * the secret only to the view that consumes the claim (one DELETE), `no-store`. Any other view — a reload, Back, a
 * second tab, a copied cookie, another administrator — says the secret was shown once and where to issue a new one.
 * A GET never issues anything.
 *
 * A store failure must not lose a secret that was already made. So the claim is issued BEFORE the operation that
 * makes the secret: if it cannot be written, nothing was done (503 `SECRET_NOT_ISSUED`, the form again with what was
 * typed where the caller has one; an unused claim just expires). The claim outlives the slowest operation (an
 * on-premises writeback) plus the display; the flash's two minutes, counted from the redirect and checked here too
 * (`showUntil`: a copied cookie ignores `Max-Age`), bound the display. And a page whose claim the store cannot consume
 * (an error, not "already used") answers 503 `SECRET_NOT_SHOWN_YET` and keeps the flash, so a reload within those two
 * minutes still shows the secret, once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addSeconds } from '../../core/clock.js';
import type { ErrorCode } from '../../core/errors.js';
import { html, type SafeHtml } from '../../core/html.js';
import { flashLifetimeSeconds } from '../portal/form-state.js';
import { alertBox, sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleFlash } from './console-flash.js';
import { consoleLink, tenantOf } from './console-page.js';
import type { SectionContext } from './section.js';

export interface ShownOnce {
  secret: string;
  /** The sentence that goes with it, when it says what only the post knew (a pass's expiry). */
  notice?: string;
}

/**
 * Where a post goes when the claim could not be written: `form`, the path (with an optional `#fragment`) of a generic
 * 503 page's "Try again" link; or `refused`, the caller's own answer — its form again, with what was typed.
 */
export type NotIssued =
  { form: string } | { refused: (code: 'SECRET_NOT_ISSUED') => FastifyReply | Promise<FastifyReply> };

/** `path#fragment` with the page's ?mkt= before the fragment: a query after `#` would be part of the fragment. */
const linkTo = (request: FastifyRequest, form: string) => {
  const [path = '', fragment] = form.split('#', 2);
  return fragment === undefined ? withMkt(request, path) : `${withMkt(request, path)}#${fragment}`;
};

export const shownOnce = (context: SectionContext) => {
  const flash = consoleFlash(context);
  // Bound to the administrator too: another account signed in on the same browser meanwhile never reads it.
  const bound = (request: FastifyRequest, page: string) => `${page} for ${request.active!.user.userId}`;
  /** A 503 page in the console's frame: what happened, what to do, and the code as a reference. */
  const unavailable = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    body: SafeHtml,
    code: ErrorCode,
  ) => {
    const locale = localeOf(request);
    return sendPage(
      reply,
      503,
      context.render({
        request,
        locale,
        title,
        body: html`${body}<p class="meta">${t(locale, 'portal.error.reference', { code })}</p>`,
      }),
    );
  };
  return {
    /**
     * A post that makes a secret: the claim first, then `work` (the operation), then the secret and the claim into
     * the flash for its `page` (a GET path) and 303 to it. `work` may answer itself instead (a refusal): its reply is
     * returned. A claim the store cannot write answers as `notIssued` says, before `work` ran.
     */
    issue: async (
      request: FastifyRequest,
      reply: FastifyReply,
      notIssued: NotIssued,
      work: () => Promise<(ShownOnce & { page: string }) | FastifyReply>,
    ) => {
      let claim: string;
      try {
        claim = await context.services.shownOnce.issue(tenantOf(request));
      } catch (error) {
        request.log.warn({ err: error }, 'shown-once claim not issued: nothing done');
        if ('refused' in notIssued) return notIssued.refused('SECRET_NOT_ISSUED');
        const locale = localeOf(request);
        return unavailable(
          request,
          reply,
          t(locale, 'admin.shownOnce.notIssuedTitle'),
          html`${alertBox([t(locale, 'admin.shownOnce.notIssued')])}
<p><a href="${linkTo(request, notIssued.form)}">${t(locale, 'admin.shownOnce.tryAgain')}</a></p>`,
          'SECRET_NOT_ISSUED',
        );
      }
      const shown = await work();
      if (!('secret' in shown)) return shown;
      const value = {
        status: 200,
        errors: [],
        secret: shown.secret,
        claim,
        // From now, not from the claim: the work before (a directory writeback) may have taken minutes.
        showUntil: addSeconds(context.services.deps.clock.now(), flashLifetimeSeconds).toISOString(),
        ...(shown.notice && { notice: shown.notice }),
      };
      return flash.redirect(reply, bound(request, shown.page), value, consoleLink(request, shown.page));
    },
    /** The result page at `path`: `shown` with the secret issued for it the first time, `gone` on any later visit. */
    page: async (
      request: FastifyRequest,
      reply: FastifyReply,
      view: { title: string; path: string; shown: (secret: ShownOnce) => SafeHtml; gone: SafeHtml },
    ) => {
      reply.header('cache-control', 'no-store');
      const locale = localeOf(request);
      const flashed = flash.peek(request, bound(request, view.path));
      // Past its two minutes the flash shows nothing, as the browser would have dropped it (a copy would not).
      const now = context.services.deps.clock.now().toISOString();
      const taken = flashed?.showUntil && flashed.showUntil > now ? flashed : undefined;
      // The claim last: a flash for another page or administrator leaves it for the view it was meant for.
      const claim = taken?.secret ? taken.claim : undefined;
      const consumed = claim
        ? await context.services.shownOnce.consume(tenantOf(request), claim).catch((error: unknown) => {
            request.log.warn({ err: error }, 'shown-once claim not consumed: the secret waits for a reload');
            return undefined;
          })
        : false;
      if (consumed === undefined) {
        // Not "already used": the store did not answer. The flash stays, so a reload can still show it once.
        // The flash's lifetime, not the claim's: the cookie is what must still be there at the reload.
        const minutes = flashLifetimeSeconds / 60;
        return unavailable(
          request,
          reply,
          view.title,
          html`${alertBox([t(locale, 'admin.shownOnce.notShownYet', { minutes })])}
<p><a href="${withMkt(request, view.path)}">${t(locale, 'admin.shownOnce.reload')}</a></p>`,
          'SECRET_NOT_SHOWN_YET',
        );
      }
      flash.clear(request, reply);
      const secret =
        consumed && taken?.secret ? { secret: taken.secret, ...(taken.notice && { notice: taken.notice }) } : undefined;
      const body = secret ? view.shown(secret) : view.gone;
      const { title, path: selfPath } = view;
      // No language switch beside the secret: its link loads this page again, which then says "shown once".
      const languageSwitch = !secret;
      return sendPage(reply, 200, context.render({ request, locale, title, body, selfPath, languageSwitch }));
    },
  };
};
