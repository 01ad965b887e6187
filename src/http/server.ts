import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { SsprError } from '../core/errors.js';
import type { SharedCounters } from '../core/ports.js';
import { adminConsole } from './admin/admin-console.js';
import { adminPasswordExpiryRoutes } from './api/admin-password-expiry-routes.js';
import { adminPasswordProtectionRoutes } from './api/admin-password-protection-routes.js';
import { adminGroupRoutes } from './api/admin-group-routes.js';
import { adminTenantRoutes } from './api/admin-tenant-routes.js';
import { adminBrandingRoutes } from './api/admin-branding-routes.js';
import { brandingAssetRoutes } from './portal/branding-assets.js';
import { adminTokenRoutes } from './api/admin-token-routes.js';
import { adminAgentRoutes } from './api/admin-agent-routes.js';
import { adminDirectoryRoutes } from './api/admin-directory-routes.js';
import { adminUserRoutes } from './api/admin-user-routes.js';
import { adminHelpdeskRoutes } from './api/admin-helpdesk-routes.js';
import { adminReportRoutes } from './api/admin-report-routes.js';
import { meRoutes } from './api/me-routes.js';
import { meMethodsRoutes } from './api/me-methods-routes.js';
import { adminSecurityInfoRoutes } from './api/admin-security-info-routes.js';
import { passwordResetRoutes } from './api/password-reset-routes.js';
import { healthRoutes } from './api/health-routes.js';
import { sessionRoutes } from './api/session-routes.js';
import { voiceCallbackRoutes } from './api/voice-callback-routes.js';
import { agentRoutes } from './api/agent-routes.js';
import { recoveryRoutes } from './api/recovery-routes.js';
import { recoveryCodesPage } from './portal/recovery-codes-page.js';
import { tapSignInPage } from './portal/tap-signin-page.js';
import type { HttpContext } from './context.js';
import { installErrorHandling } from './error-handler.js';
import { installRequestMetrics } from './metrics.js';
import { installNulGuard } from './nul-guard.js';
import { accountPage } from './portal/account-page.js';
import { outboxPage } from './portal/outbox-page.js';
import { securityInfoInterrupt } from './portal/security-info-interrupt.js';
import { securityInfoPage } from './portal/security-info-page.js';
import { signInPage } from './portal/signin-page.js';
import { passwordFeedbackJs } from './portal/password-rules.js';
import { resetCaptchaJs } from './portal/reset-captcha.js';
import { resetPage } from './portal/reset-page.js';
import { passkeyRoutes, passkeySignInPage } from './portal/passkey-routes.js';
import { refusalLook } from './portal/refusal-look.js';
import { portalCss } from './portal/styles.js';
import { faviconRoutes } from './portal/favicon.js';
import { cookieNames, cookieOptions } from './request-context.js';
import { sendProblem } from './problem.js';
import { hardenReply, installSecurity, securityHeaders } from './security.js';
import { loggerOptions } from './logging.js';
import { createProxyMatcher, installForwardedHeader } from './client-ip.js';
import { sharedRateLimitStore } from './shared-rate-limit.js';
import { signInBudget } from './sign-in-budget.js';
import { resetStartLimits } from './reset-start-limits.js';

export interface HttpServerOptions {
  /** false silences request logs (tests, bench). */
  logger?: boolean;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: { write(line: string): void };
  /** With SSPR_REDIS_URL (wired in app.ts): the rate limits count here, shared by every instance. */
  sharedCounters?: SharedCounters;
}

/** Builds the Fastify app: a pipeline of plugins, then thin routes. Nothing here picks adapters. */
export const buildHttpServer = async (
  context: HttpContext,
  options: HttpServerOptions = {},
): Promise<FastifyInstance> => {
  const { config } = context;
  const trustedProxy = config.trustedProxies.length > 0 ? createProxyMatcher(config.trustedProxies) : undefined;
  const hardening = securityHeaders(config);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { ...loggerOptions(config.logLevel), ...(options.logStream && { stream: options.logStream }) },
    bodyLimit: 64 * 1024,
    // The Host header is never trusted for links. Forwarding headers count only from SSPR_TRUSTED_PROXIES, hop by
    // hop (client-ip.ts); without it the client is the connection's address.
    trustProxy: trustedProxy ? (address: string) => trustedProxy(address) : false,
    // Malformed URLs never reach the error handler nor the hooks; answer them in the same problem+json shape, with
    // the headers every other answer carries.
    frameworkErrors: (_error, _request, reply) => {
      hardenReply(reply, hardening);
      void sendProblem(reply, 'VALIDATION_FAILED');
    },
    ajv: {
      // No coercion and no silent stripping: `username: ["a","b"]` is an error, not "a".
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true },
    },
  });

  installErrorHandling(app, refusalLook(context));
  if (trustedProxy) installForwardedHeader(app, trustedProxy);
  installSecurity(app, config);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenSSPR API',
        version: '0.1.0',
        description: 'Self-service password reset. Errors are RFC 9457 problem+json with a stable `code`.',
      },
    },
  });
  await app.register(cookie);
  await app.register(csrf, {
    cookieKey: cookieNames(config).csrf,
    cookieOpts: { ...cookieOptions(config), sameSite: 'strict' },
    getToken: (request) => (request.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  await app.register(rateLimit, {
    global: false,
    ...(options.sharedCounters && { store: sharedRateLimitStore(options.sharedCounters, () => app.log) }),
    errorResponseBuilder: () => new SsprError('RATE_LIMITED'),
  });
  // One budget for the API and the portal, so mixing the two spends the same verifies.
  const budget = signInBudget(app, context);
  const startLimits = resetStartLimits(app, context, budget);
  installRequestMetrics(app, context.metrics);
  installNulGuard(app);

  app.decorateRequest('locale', 'en');
  app.decorateRequest('active', undefined);
  app.decorateRequest('admin', undefined);

  app.get('/static/portal.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(portalCss),
  );

  app.get('/static/password-feedback.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=3600')
      .type('text/javascript; charset=utf-8')
      .send(passwordFeedbackJs),
  );

  // The reset wizard's proof-of-work solver: the only script a page needs to work at all.
  app.get('/static/reset-captcha.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(resetCaptchaJs),
  );

  await app.register(faviconRoutes);
  await app.register(healthRoutes, context);
  await app.register(sessionRoutes, { ...context, budget });
  await app.register(meRoutes, context);
  await app.register(adminPasswordProtectionRoutes, context);
  await app.register(adminPasswordExpiryRoutes, context);
  await app.register(adminTenantRoutes, context);
  await app.register(adminBrandingRoutes, context);
  await app.register(brandingAssetRoutes, context);
  await app.register(voiceCallbackRoutes, context);
  await app.register(adminUserRoutes, context);
  await app.register(adminHelpdeskRoutes, context);
  await app.register(adminGroupRoutes, context);
  await app.register(adminTokenRoutes, context);
  await app.register(adminDirectoryRoutes, context);
  await app.register(adminAgentRoutes, context);
  await app.register(adminReportRoutes, context);
  await app.register(meMethodsRoutes, context);
  await app.register(adminSecurityInfoRoutes, context);
  await app.register(passwordResetRoutes, { ...context, startLimits });
  await app.register(agentRoutes, context);
  await app.register(recoveryRoutes, context);
  await app.register(passkeyRoutes, context);
  // Form bodies are parsed for the pages only: the API accepts JSON and nothing else.
  await app.register(async (portal) => {
    await portal.register(formbody, { bodyLimit: 16 * 1024 });
    await portal.register(signInPage, { ...context, budget });
    await portal.register(tapSignInPage, context);
    await portal.register(recoveryCodesPage, context);
    await portal.register(passkeySignInPage, context);
    await portal.register(accountPage, context);
    await portal.register(securityInfoPage, context);
    await portal.register(securityInfoInterrupt, context);
    await portal.register(adminConsole, context);
    await portal.register(resetPage, { ...context, startLimits });
    if (config.devOutbox) await portal.register(outboxPage, context);
  });
  return app;
};
