import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SsprError } from '../core/errors.js';
import {
  budgetKey,
  budgetName,
  familiarMarker,
  familiarMarkerMaxAgeSeconds,
  isFamiliarFor,
  verifyBudgetWindowMs,
} from '../core/lockout/verify-budget.js';
import type { HttpContext } from './context.js';
import { cookieNameOf, sealedCookies } from './portal/form-state.js';

/**
 * The per-account verify budget (core/lockout/verify-budget.ts) on the password sign-in routes, API and portal. It
 * runs after the per-address limit and before the service, so a refusal costs one counter (in Redis with
 * SSPR_REDIS_URL, else in this instance's memory) and never a hash or a store write. Its limiters have no route, so
 * the shared store fails them closed (503 SERVICE_BUSY) when Redis is down, as every sensitive limit.
 */
export const signInBudget = (app: FastifyInstance, { config, services }: HttpContext) => {
  const { keyed, clock, sealer } = services.deps;
  const cookies = sealedCookies(config, sealer, 'familiar-device');
  const cookieName = cookieNameOf(config, 'sspr_device');
  // Keyed, so Redis and memory hold no sign-in names, and so a marker cannot be made for an account by hand.
  const accountOf = (username: string) => keyed.digest('verify-budget', budgetName(username));
  const nameOf = (request: FastifyRequest) => {
    const username = (request.body as { username?: unknown } | undefined)?.username;
    return typeof username === 'string' ? username : '';
  };

  /** Whether this browser carries the account's own familiar-device marker. */
  const isFamiliar = (request: FastifyRequest, username: string) =>
    isFamiliarFor(cookies.read(request, cookieName), accountOf(username), clock.now());

  const limiter = (max: number, known: boolean) =>
    app.createRateLimit({
      max,
      timeWindow: verifyBudgetWindowMs,
      keyGenerator: (request) => budgetKey(accountOf(nameOf(request)), known),
    });
  const unfamiliar = limiter(config.signInAccountRateLimit, false);
  const familiar = limiter(config.signInFamiliarRateLimit, true);

  return {
    isFamiliar,

    /**
     * Spends one verify of the posted name's budget (the familiar one for a browser with the marker), or throws
     * RATE_LIMITED with Retry-After: exactly what the per-address limit answers, the same for real and unknown names.
     */
    async spend(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const verdict = await (isFamiliar(request, nameOf(request)) ? familiar : unfamiliar)(request);
      if (!verdict.isAllowed && verdict.isExceeded) {
        reply.header('retry-after', String(Math.max(1, verdict.ttlInSeconds)));
        throw new SsprError('RATE_LIMITED');
      }
    },

    /** After a successful sign-in: this browser is familiar to the account from now on. */
    remember(reply: FastifyReply, username: string) {
      cookies.write(reply, cookieName, familiarMarker(accountOf(username), clock.now()), familiarMarkerMaxAgeSeconds);
    },
  };
};

export type SignInBudget = ReturnType<typeof signInBudget>;
