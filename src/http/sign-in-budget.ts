import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SsprError } from '../core/errors.js';
import {
  budgetDomain,
  budgetKey,
  budgetName,
  familiarMarker,
  familiarMarkerMaxAgeSeconds,
  isFamiliarFor,
  tenantBudgetKey,
  verifyBudgetWindowMs,
} from '../core/lockout/verify-budget.js';
import type { HttpContext } from './context.js';
import { cookieNameOf, sealedCookies } from './portal/form-state.js';

/** How long a domain's tenant is remembered for the tenant-wide budget (a tenant's domains rarely move). */
const tenantCacheMs = 60_000;
const maxCachedDomains = 1_000;

/**
 * The per-account verify budget (core/lockout/verify-budget.ts) on the password sign-in routes, API and portal, and
 * for browsers without the account's familiar-device marker the tenant-wide one after it. It runs after the
 * per-address limit and before the service, so a refusal costs a counter or two (in Redis with SSPR_REDIS_URL, else
 * in this instance's memory) and never a hash or a store write. Its limiters have no route, so the shared store
 * fails them closed (503 SERVICE_BUSY) when Redis is down, as every sensitive limit.
 */
export const signInBudget = (app: FastifyInstance, { config, services }: HttpContext) => {
  const { keyed, clock, sealer, store } = services.deps;
  const cookies = sealedCookies(config, sealer, 'familiar-device');
  const cookieName = cookieNameOf(config, 'sspr_device');
  // Keyed, so Redis and memory hold no sign-in names, and so a marker cannot be made for an account by hand.
  // A request's limiter keys, its familiarity check and its new marker all need the same digest and the same opened
  // marker: each is worked out once per request and name (an HMAC and an AES-GCM open are not free on the path every
  // sign-in takes, issue #18 item 1).
  interface LookedUp {
    username: string;
    account: string;
    familiar?: boolean;
  }
  const seen = new WeakMap<FastifyRequest, LookedUp>();
  const lookedUp = (request: FastifyRequest, username: string): LookedUp => {
    const known = seen.get(request);
    if (known?.username === username) return known;
    const fresh: LookedUp = { username, account: keyed.digest('verify-budget', budgetName(username)) };
    seen.set(request, fresh);
    return fresh;
  };
  const accountOf = (request: FastifyRequest, username: string) => lookedUp(request, username).account;
  const nameOf = (request: FastifyRequest) => {
    const username = (request.body as { username?: unknown } | undefined)?.username;
    return typeof username === 'string' ? username : '';
  };

  /** Whether this browser carries the account's own familiar-device marker. */
  const isFamiliar = (request: FastifyRequest, username: string) => {
    const known = lookedUp(request, username);
    known.familiar ??= isFamiliarFor(cookies.read(request, cookieName), known.account, clock.now());
    return known.familiar;
  };

  const limiter = (max: number, known: boolean) =>
    app.createRateLimit({
      max,
      timeWindow: verifyBudgetWindowMs,
      keyGenerator: (request) => budgetKey(accountOf(request, nameOf(request)), known),
    });
  const unfamiliar = limiter(config.signInAccountRateLimit, false);
  const familiar = limiter(config.signInFamiliarRateLimit, true);

  // The tenant a typed domain belongs to, remembered a minute so a spray at a real tenant costs no store read per
  // request. A domain no tenant has is not remembered (a made-up domain per request must not evict real ones, and a
  // tenant that adds it counts at once); its lookup is one indexed read, never a write.
  const tenants = new Map<string, { tenantId: string; until: number }>();
  const tenantOf = async (domain: string): Promise<string | undefined> => {
    if (!/^[a-z0-9.-]{1,253}$/.test(domain)) return undefined;
    const now = clock.now().getTime();
    const cached = tenants.get(domain);
    if (cached && cached.until > now) return cached.tenantId;
    const tenant = await store.tenants.findByDomain(domain);
    if (!tenant) return undefined;
    if (tenants.size >= maxCachedDomains) tenants.delete(tenants.keys().next().value!);
    tenants.set(domain, { tenantId: tenant.tenantId, until: now + tenantCacheMs });
    return tenant.tenantId;
  };
  // Only spent once the account's own budget allowed the verify, so a flood at one name (refused by its account
  // budget) never spends the tenant's.
  const tenantWide = app.createRateLimit({
    max: config.signInTenantUnfamiliarRateLimit,
    timeWindow: verifyBudgetWindowMs,
    keyGenerator: async (request) => tenantBudgetKey(await tenantOf(budgetDomain(nameOf(request)))),
  });
  type Limiter = typeof tenantWide;
  const refused = async (check: Limiter, request: FastifyRequest, reply: FastifyReply) => {
    const verdict = await check(request);
    if (verdict.isAllowed || !verdict.isExceeded) return false;
    reply.header('retry-after', String(Math.max(1, verdict.ttlInSeconds)));
    return true;
  };

  return {
    isFamiliar,

    /**
     * Spends one verify of the posted name's budget (the familiar one for a browser with the marker; else the
     * account's, then its tenant's), or throws RATE_LIMITED with Retry-After: exactly what the per-address limit
     * answers, the same for real and unknown names (an unknown name at a tenant's domain spends that tenant's).
     */
    async spend(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const over = isFamiliar(request, nameOf(request))
        ? await refused(familiar, request, reply)
        : (await refused(unfamiliar, request, reply)) || (await refused(tenantWide, request, reply));
      if (over) throw new SsprError('RATE_LIMITED');
    },

    /** After a successful sign-in: this browser is familiar to the account from now on. */
    remember(reply: FastifyReply, username: string) {
      const marker = familiarMarker(accountOf(reply.request, username), clock.now());
      cookies.write(reply, cookieName, marker, familiarMarkerMaxAgeSeconds);
    },
  };
};

export type SignInBudget = ReturnType<typeof signInBudget>;
