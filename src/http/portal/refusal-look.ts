import type { FastifyRequest } from 'fastify';
import { inputLimits } from '../../core/input-limits.js';
import type { HttpContext } from '../context.js';
import { cookieNames } from '../request-context.js';
import { lookOfHint, lookOfUser, lookOnRequest, type PortalLook } from './branding-assets.js';

/** The admin console keeps the product's own look on every page, so its refusals do too. */
const consoleRoute = /^\/admin(\/|$)/;

/**
 * The look of a portal page whose post the CSRF check refused. That check is a preValidation hook: it answers
 * before the session check (a preHandler) that remembers the signed-in user's look, so without this the refusal of a
 * branded tenant's form showed the product's look. The same sources as the page the user came from, in its order:
 * a look a hook already remembered (the reset tab's typed domain); the signed-in user's tenant — a live session
 * only, read without touching it, so a forged cookie shows nothing and the refusal changes nothing; else a domain
 * hint (`?whr=`, the domain of a typed user ID), which tells only whether the domain is some tenant's, as the
 * sign-in and reset start pages already tell. The body is not validated yet here, so the typed user ID is taken
 * only within the form's own limit.
 */
export const refusalLook =
  ({ config, services }: Pick<HttpContext, 'config' | 'services'>) =>
  async (request: FastifyRequest): Promise<PortalLook | undefined> => {
    const remembered = lookOnRequest(request);
    if (remembered) return remembered;
    if (consoleRoute.test(request.routeOptions.url ?? '')) return undefined;
    const active = await services.sessions.peek(request.cookies?.[cookieNames(config).session]);
    if (active) return lookOfUser(services, active.user.upn);
    const typed = (request.body as Record<string, unknown> | undefined)?.username;
    const userId = typeof typed === 'string' && typed.length <= inputLimits.userId ? typed.trim() : undefined;
    return lookOfHint(services, request, userId);
  };
