import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpContext } from '../context.js';
import { lookOfUser, rememberLook } from './branding-assets.js';
import { cookieNames, withMkt } from '../request-context.js';
import { cookieNameOf, pageFlash } from './form-state.js';
import { isLimitedSession, limitedSessionHome, pageAllowedInLimitedSession } from '../limited-session.js';

/**
 * The pages' session check: a page redirects to sign-in instead of answering 401, so a browser
 * without JavaScript copes. Sets `request.active` for the handler. A user who must change the password
 * (Entra's forced change after an admin reset) is sent to the account page until it is changed.
 */
export const requirePageSession =
  ({ config, services }: Pick<HttpContext, 'config' | 'services'>) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const cookie = request.cookies[cookieNames(config).session];
    request.active = await services.sessions.resolve(cookie);
    if (!request.active) {
      // A form posted after the session ended (it expired, or the user signed out in another tab), or a page
      // opened with a session that no longer lives: sign-in says why, instead of silently dropping what was sent.
      // A first visit (no cookie, a GET) is just sent to sign in.
      // The reason rides in the sealed page flash, so the redirect still goes to plain /signin.
      const why =
        request.method === 'POST' ? 'signin.sessionEnded.unsaved' : cookie ? 'signin.sessionEnded' : undefined;
      // Never over a flash still waiting to be shown (a secret shown once in the console shares the cookie).
      if (why && !request.cookies[cookieNameOf(config, 'sspr_flash')])
        return pageFlash(config, services.deps.sealer).redirect(
          reply,
          '/signin',
          { status: 200, errors: [], notice: why },
          withMkt(request, '/signin'),
        );
      return reply.redirect(withMkt(request, '/signin'), 303);
    }
    // Every signed-in page (account, security info, change password) shows the user's own tenant's look.
    rememberLook(request, await lookOfUser(services, request.active.user.upn));
    // A Temporary Access Pass session registers security info and nothing else (not even a forced change).
    if (isLimitedSession(request.active.session))
      return pageAllowedInLimitedSession(request.routeOptions.url ?? '')
        ? undefined
        : reply.redirect(withMkt(request, limitedSessionHome), 303);
    // After an admin reset, the account page (which asks for the change) is the only page until it is done.
    if (request.active.user.mustChangePassword && !forcedChangePaths.has(request.routeOptions.url ?? ''))
      return reply.redirect(withMkt(request, '/account'), 303);
  };

/** The pages a user who must change the password (after an admin reset) may open: the change form and its post. */
const forcedChangePaths = new Set(['/account', '/account/password']);

/** A path with `?mkt=` kept and extra query parameters appended (values are URL-encoded). */
export const withQuery = (request: FastifyRequest, path: string, params: Record<string, string>): string => {
  const target = withMkt(request, path);
  const query = new URLSearchParams(params).toString();
  return query ? `${target}${target.includes('?') ? '&' : '?'}${query}` : target;
};
