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
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../core/html.js';
import { sendPage } from '../portal/layout.js';
import { localeOf } from '../request-context.js';
import { consoleFlash } from './console-flash.js';
import { consoleLink, tenantOf } from './console-page.js';
import type { SectionContext } from './section.js';

export interface ShownOnce {
  secret: string;
  /** The sentence that goes with it, when it says what only the post knew (a pass's expiry). */
  notice?: string;
}

export const shownOnce = (context: SectionContext) => {
  const flash = consoleFlash(context);
  // Bound to the administrator too: another account signed in on the same browser meanwhile never reads it.
  const bound = (request: FastifyRequest, page: string) => `${page} for ${request.active!.user.userId}`;
  return {
    /** After a successful post: the secret and a new claim into the flash for `page` (a GET path) and 303 to it. */
    redirect: async (request: FastifyRequest, reply: FastifyReply, page: string, shown: ShownOnce) => {
      const claim = await context.services.shownOnce.issue(tenantOf(request));
      const value = {
        status: 200,
        errors: [],
        secret: shown.secret,
        claim,
        ...(shown.notice && { notice: shown.notice }),
      };
      return flash.redirect(reply, bound(request, page), value, consoleLink(request, page));
    },
    /** The result page at `path`: `shown` with the secret issued for it the first time, `gone` on any later visit. */
    page: async (
      request: FastifyRequest,
      reply: FastifyReply,
      view: { title: string; path: string; shown: (secret: ShownOnce) => SafeHtml; gone: SafeHtml },
    ) => {
      reply.header('cache-control', 'no-store');
      const taken = flash.take(request, reply, bound(request, view.path));
      // The claim last: a flash for another page or administrator leaves it for the view it was meant for.
      const secret =
        taken?.secret && taken.claim && (await context.services.shownOnce.consume(tenantOf(request), taken.claim))
          ? { secret: taken.secret, ...(taken.notice && { notice: taken.notice }) }
          : undefined;
      const body = secret ? view.shown(secret) : view.gone;
      const { title, path: selfPath } = view;
      // No language switch beside the secret: its link loads this page again, which then says "shown once".
      const languageSwitch = !secret;
      return sendPage(
        reply,
        200,
        context.render({ request, locale: localeOf(request), title, body, selfPath, languageSwitch }),
      );
    },
  };
};
