import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import { negotiateLocale, type Locale } from '../i18n/i18n.js';
import type { AdminPrincipal } from '../services/admin/admin-principal.js';
import type { ActiveSession } from '../services/identity/session-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    active: ActiveSession | undefined;
    /** Set by the admin guard: the signed-in admin or the API token acting (tenant, roles, audit actor). */
    admin: AdminPrincipal | undefined;
  }
}

/** `__Host-` cookies need Secure, which needs https; plain http (the embedded default on loopback) uses bare names. */
export const cookieNames = (config: Config) => ({
  session: config.secureCookies ? '__Host-sspr_session' : 'sspr_session',
  csrf: config.secureCookies ? '__Host-sspr_csrf' : 'sspr_csrf',
  /** The password-reset flow id (a bearer secret): a cookie, never a URL. */
  reset: config.secureCookies ? '__Host-sspr_reset' : 'sspr_reset',
});

export const cookieOptions = (config: Config) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.secureCookies,
});

export const localeOf = (request: FastifyRequest): Locale => {
  const mkt = (request.query as Record<string, unknown> | undefined)?.mkt;
  return negotiateLocale(typeof mkt === 'string' ? mkt : undefined, request.headers['accept-language']);
};

/** Keeps `?mkt=` on links and form actions so the chosen language survives the round trip. */
export const withMkt = (request: FastifyRequest, path: string): string => {
  const mkt = (request.query as Record<string, unknown> | undefined)?.mkt;
  return typeof mkt === 'string' && /^[A-Za-z]{2}(-[A-Za-z]{2})?$/.test(mkt) ? `${path}?mkt=${mkt}` : path;
};

export const setSessionCookie = (reply: FastifyReply, config: Config, value: string) =>
  reply.setCookie(cookieNames(config).session, value, cookieOptions(config));

export const clearSessionCookie = (reply: FastifyReply, config: Config) =>
  reply.clearCookie(cookieNames(config).session, cookieOptions(config));

/**
 * Whether a request targets the API. Decided on the matched route, never on the raw URL: the
 * router decodes "/%61pi/…" to "/api/…", so a raw-URL test could be sidestepped. Unmatched
 * requests are judged on their decoded path (and undecodable ones count as API: no HTML).
 */
export const isApiRequest = (request: FastifyRequest): boolean => {
  const route = request.routeOptions.url;
  if (route) return route.startsWith('/api/');
  try {
    return decodeURIComponent(request.url.split('?')[0] ?? '').startsWith('/api/');
  } catch {
    return true;
  }
};

/** The page's own path for links back to it; anything odd (e.g. "//host") falls back to /signin. */
export const safeSelfPath = (request: FastifyRequest): string => {
  const route = request.routeOptions.url;
  return route && /^\/[a-z0-9/-]*$/i.test(route) && !route.includes(':') ? route : '/signin';
};
