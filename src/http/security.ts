import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { signedCallbackRoutes } from './api/voice-callback-routes.js';
import { sendProblem } from './problem.js';
import { isApiRequest } from './request-context.js';

/**
 * Security headers for every response, and the API's CSRF defence: state-changing API calls must
 * be JSON (a cross-site form cannot send it without a CORS preflight, which we never grant) and
 * must not come from another origin. The one exception is the provider's signed callback
 * (`signedCallbackRoutes`): a form post from the provider's servers, authenticated by its signature.
 */
export const installSecurity = async (app: FastifyInstance, config: Config) => {
  await app.register(helmet, {
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

  const publicOrigin = new URL(config.publicUrl).origin;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
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
