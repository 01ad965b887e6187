/**
 * Post/redirect/get for the console's answers that show a secret once: a reset's temporary password, a new user's
 * first password, a Temporary Access Pass. Answering the post with the secret's page let Reload (and Back, Forward)
 * post the form again, which silently issued another secret and broke the one already handed over. So the post
 * answers 303 to a GET result page and the secret rides in the console's sealed flash (`form-state.ts`: AES-256-GCM
 * under the service secret, `__Host-` over https, HttpOnly, SameSite=Strict, two minutes, cleared when read) — never
 * in the URL — bound to that page and to the administrator who asked. The page shows it once, `no-store`; opened
 * again it says the secret was shown once and where to issue a new one. A GET never issues anything.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { consoleFlash } from './console-flash.js';
import { consoleLink } from './console-page.js';
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
    /** After a successful post: the secret into the flash for `page` (a GET path) and 303 to it. */
    redirect: (request: FastifyRequest, reply: FastifyReply, page: string, shown: ShownOnce) =>
      flash.redirect(
        reply,
        bound(request, page),
        { status: 200, errors: [], secret: shown.secret, ...(shown.notice && { notice: shown.notice }) },
        consoleLink(request, page),
      ),
    /** On the result page: the secret issued for it, read once; undefined on any later visit. */
    take: (request: FastifyRequest, reply: FastifyReply, page: string): ShownOnce | undefined => {
      reply.header('cache-control', 'no-store');
      const shown = flash.take(request, reply, bound(request, page));
      return shown?.secret ? { secret: shown.secret, ...(shown.notice && { notice: shown.notice }) } : undefined;
    },
  };
};
