import type { FastifyInstance, FastifyRequest } from 'fastify';
import { budgetName } from '../core/lockout/verify-budget.js';
import type { HttpContext } from './context.js';
import type { SignInBudget } from './sign-in-budget.js';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * The limits on a password-reset start after the per-address one (issue 18 item 2), in this order, so a flood
 * cannot spend the tenant's allowance that a real user's reset needs:
 *
 * 1. A start whose CAPTCHA does not verify (signature, work, expiry: an HMAC and a hash, no store) counts nowhere:
 *    the service refuses it with CAPTCHA_INVALID anyway. Unsolved floods cost the tenant nothing.
 * 2. Per user ID (SSPR_RESET_ACCOUNT_RATE_LIMIT a minute), keyed on a digest of the typed name whether or not it
 *    exists, so the answer tells nobody which accounts are real. A solved flood at one account stops here.
 * 3. The tenant's allowance, only for starts from an unfamiliar browser: a browser holding the account's
 *    familiar-device cookie (sign-in-budget.ts) has a per-account bucket of its own and skips the tenant limit, so
 *    the owner's reset survives a flood that spends the tenant's allowance across many names.
 *
 * Every refusal is the same RATE_LIMITED for real and unknown names.
 */
export const resetStartLimits = (app: FastifyInstance, { config, services }: HttpContext, budget: SignInBudget) => {
  const { keyed, captcha } = services.deps;
  const nameOf = (request: FastifyRequest) => {
    const username = (request.body as { username?: unknown } | undefined)?.username;
    return typeof username === 'string' ? username : '';
  };
  const accountLimiter = (familiar: boolean) =>
    app.createRateLimit({
      max: config.resetAccountRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) =>
        `${familiar ? 'reset-familiar' : 'reset'}:${keyed.digest('reset-budget', budgetName(nameOf(request)))}`,
    });
  const perAccount = { familiar: accountLimiter(true), unfamiliar: accountLimiter(false) };
  const exceeded = async (limiter: Limiter, request: FastifyRequest) => {
    const verdict = await limiter(request);
    return !verdict.isAllowed && verdict.isExceeded;
  };

  /** Whether the start may go on to the service; `tenant` is the route's own per-tenant limiter. */
  return async (request: FastifyRequest, solution: string, tenant: Limiter): Promise<boolean> => {
    if (!(await captcha.verify(solution)).ok) return true;
    const familiar = budget.isFamiliar(request, nameOf(request));
    if (await exceeded(familiar ? perAccount.familiar : perAccount.unfamiliar, request)) return false;
    return familiar || !(await exceeded(tenant, request));
  };
};

export type ResetStartLimits = ReturnType<typeof resetStartLimits>;
