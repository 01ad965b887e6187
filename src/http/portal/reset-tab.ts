/**
 * One reset flow per browser tab (issue 14). Each tab's wizard carries a handle in its links and form
 * actions (`?f=…`); the flow id itself stays in an HttpOnly, SameSite=Strict cookie named after the
 * handle, sealed together with the tab's flash and, once finished, its result. The handle alone is
 * worth nothing (it is not the flow id, and without the cookie it opens nothing), so it may sit in a
 * URL; the flow id never does. A second reset in another tab gets its own handle and cookie and
 * leaves the first one alone.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import type { RandomSource, SecretSealer } from '../../core/ports.js';
import { cookieNames } from '../request-context.js';
import { sealedCookies, type Flash } from './form-state.js';
import { withQuery } from './page-session.js';

export interface TabState {
  flowId?: string;
  /** The finished result, so reloading the result page shows it again. */
  done?: 'passwordReset' | 'unlocked';
  flash?: Flash;
  /**
   * The domain of the user ID that started the flow: the tenant whose look the tab's pages show. Taken from what
   * was typed, never from the user found, so an unknown user ID's tab looks exactly like a real one's of its domain.
   */
  domain?: string;
}

/** The domain of a typed user ID (lower case, at most 253 characters); "" without one. */
export const typedDomain = (username: string): string => {
  const text = username.trim().toLowerCase();
  return text.includes('@') ? text.slice(text.lastIndexOf('@') + 1).slice(0, 253) : '';
};

/** A flow lives 15 minutes; its tab's cookie no longer. */
const tabSeconds = 15 * 60;
/** At most this many tabs' cookies are kept: the oldest beyond it is dropped (its tab then says so). */
const maxTabs = 5;
const handlePattern = /^[A-Za-z0-9_-]{16}$/;

export const resetTabs = (config: Config, sealer: SecretSealer, random: RandomSource) => {
  const cookies = sealedCookies(config, sealer, 'reset-tab');
  const prefix = `${cookieNames(config).reset}_`;
  const nameOf = (handle: string) => `${prefix}${handle}`;

  const handleOf = (request: FastifyRequest): string | undefined => {
    const f = (request.query as Record<string, unknown> | undefined)?.f;
    return typeof f === 'string' && handlePattern.test(f) ? f : undefined;
  };

  return {
    handleOf,
    /** This tab's handle, or a new one (12 random bytes) for a tab that starts here. */
    handleFor: (request: FastifyRequest) => handleOf(request) ?? random.token(12),
    /** A wizard path for this tab, `?mkt=` kept. */
    path: (request: FastifyRequest, path: string, handle: string) => withQuery(request, path, { f: handle }),
    read: (request: FastifyRequest, handle: string | undefined): TabState =>
      (handle && cookies.read<TabState & { at?: number }>(request, nameOf(handle))) || {},
    write(request: FastifyRequest, reply: FastifyReply, handle: string, state: TabState) {
      // Keep the cookie header bounded: a browser with many tabs' flows drops the oldest ones.
      const others = Object.keys(request.cookies).filter((n) => n.startsWith(prefix) && n !== nameOf(handle));
      if (others.length >= maxTabs) {
        const aged = others
          .map((n) => ({ n, at: cookies.read<{ at?: number }>(request, n)?.at ?? 0 }))
          .sort((a, b) => a.at - b.at);
        for (const { n } of aged.slice(0, others.length - maxTabs + 1)) cookies.clear(reply, n);
      }
      // The tab keeps its domain (its look) across steps until a new start names another.
      const domain = state.domain ?? cookies.read<TabState>(request, nameOf(handle))?.domain;
      cookies.write(reply, nameOf(handle), { ...state, ...(domain && { domain }), at: Date.now() }, tabSeconds);
    },
    clear: (reply: FastifyReply, handle: string) => cookies.clear(reply, nameOf(handle)),
  };
};

export type ResetTabs = ReturnType<typeof resetTabs>;
