import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config/config.js';
import { signedCallbackRoutes } from './api/voice-callback-routes.js';
import { sendProblem } from './problem.js';
import { isApiRequest } from './request-context.js';

const helmetOptions = (config: Config): HelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // The reset wizard's proof-of-work script fetches its challenge from this origin (GET /api/v1/captcha).
      connectSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  // HSTS only means something over https; on the loopback default it would just be noise.
  strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
});

/**
 * Helmet's headers for these options, worked out once. They depend on nothing in the request (no nonces, no
 * per-route options), and @fastify/helmet built a new helmet from the options on every request — options parsed,
 * CSP directives normalised — which showed in the sign-in profile (issue #18 item 1). Helmet still decides the
 * headers; this only records what its middleware sets, and the hook sets the same on every response.
 */
export const securityHeaders = (config: Config): ReadonlyArray<readonly [string, string]> => {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  } as unknown as ServerResponse;
  // Helmet 8 throws a bad option itself; the callback's error argument is only kept for compatibility.
  helmet(helmetOptions(config))(undefined as never, recorder, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
  });
  return [...headers];
};

/**
 * Puts the security headers and `no-store` on a reply. On the raw response, as helmet's middleware set them: they
 * stay on any response, however it is sent. Also used for the answers Fastify gives before any hook runs (a URL it
 * cannot decode), which would otherwise go out bare.
 */
export const hardenReply = (reply: FastifyReply, headers: ReturnType<typeof securityHeaders>) => {
  for (const [name, value] of headers) reply.raw.setHeader(name, value);
  reply.header('cache-control', 'no-store');
};

/**
 * Security headers for every response, and the API's CSRF defence: state-changing API calls must
 * be JSON (a cross-site form cannot send it without a CORS preflight, which we never grant) and
 * must not come from another origin. The one exception is the provider's signed callback
 * (`signedCallbackRoutes`): a form post from the provider's servers, authenticated by its signature.
 */
export const installSecurity = (app: FastifyInstance, config: Config) => {
  const headers = securityHeaders(config);
  const publicOrigin = new URL(config.publicUrl).origin;
  app.addHook('onRequest', async (request, reply) => {
    hardenReply(reply, headers);
    if (!isApiRequest(request) || request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS')
      return;
    if (signedCallbackRoutes.includes(request.routeOptions.url ?? '')) return;
    const origin = request.headers.origin;
    if ((origin && origin !== publicOrigin) || request.headers['sec-fetch-site'] === 'cross-site') {
      return sendProblem(reply, 'CROSS_ORIGIN_REFUSED');
    }
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = request.headers['content-type'] ?? '';
    if (hasBody && !/^application\/json\s*(;|$)/i.test(type)) return sendProblem(reply, 'UNSUPPORTED_MEDIA_TYPE');
  });
};
