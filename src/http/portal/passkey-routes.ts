/**
 * Passkeys over HTTP, in one place: the two scripts, the JSON routes that hand out a fresh challenge (to register,
 * signed in and stepped up; to sign in, before anyone is named), signing in with a passkey as JSON and as the sign-in
 * page's form. Registering the credential itself goes through security info's ordinary add route and form
 * (`{type:"passkey", label, response}`, form path `passkey`). Sign-in routes count against the same per-IP limit as
 * password sign-in.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { passkeyRegistrationOptionsPath, passkeySignInOptionsPath } from '../../methods/passkey/passkey.view.js';
import { readCeremonyResponse } from '../../methods/passkey/passkey.rules.js';
import { requireApiSession } from '../api/require-session.js';
import { problemResponses } from '../api/schemas.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { cookieNames, localeOf, setSessionCookie, withMkt } from '../request-context.js';
import { passkeyJs } from './passkey-script.js';
import { interruptPath, needsInterrupt } from './security-info-interrupt.js';
import { renderSignInFailure } from './signin-page.js';

/** The library's browser bundle (UMD, defines `SimpleWebAuthnBrowser`), read once from the installed package. */
const browserBundle = (() => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@simplewebauthn/browser');
  // The package's `require` entry is script/index.js; its bundle is dist/bundle/ beside script/.
  return readFileSync(join(dirname(dirname(entry)), 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
})();

const Options = Type.Object({}, { additionalProperties: true });
const SignInBody = Type.Object(
  { response: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: false },
);
const SignInForm = Type.Object({
  response: Type.Optional(Type.String({ maxLength: 12_000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 512 })),
});

export const passkeyRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { config, services, metrics } = context;
  const limited = { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } };
  const script = (body: string) => (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(body);
  app.get('/static/passkey.js', { schema: { hide: true } }, script(passkeyJs));
  app.get('/static/simplewebauthn-browser.js', { schema: { hide: true } }, script(browserBundle));

  app.post(
    passkeyRegistrationOptionsPath,
    {
      preHandler: requireApiSession(context),
      config: limited,
      schema: {
        tags: ['me: security info'],
        summary: 'WebAuthn creation options to register a passkey (needs a sign-in or step-up within 10 minutes)',
        response: { 200: Options, ...problemResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const result = await services.passkeys.registrationOptions(request.active!);
      return result.ok ? result.value : sendProblem(reply, result.code, result.details ?? {});
    },
  );

  app.post(
    passkeySignInOptionsPath,
    {
      config: limited,
      schema: {
        tags: ['session'],
        summary: 'WebAuthn request options to sign in with a passkey (discoverable credentials)',
        response: { 200: Options, ...problemResponses(429) },
      },
    },
    async () => services.passkeys.signInOptions(),
  );

  app.post<{ Body: Static<typeof SignInBody> }>(
    '/api/v1/session/passkey',
    {
      config: limited,
      schema: {
        tags: ['session'],
        summary: 'Sign in with a passkey; sets the session cookie',
        body: SignInBody,
        response: {
          200: Type.Object({ user: Type.Object({ upn: Type.String(), displayName: Type.String() }) }),
          ...problemResponses(400, 403, 423, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await services.passkeys.signIn({
        response: request.body.response,
        previousCookie: request.cookies[cookieNames(config).session],
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
      });
      metrics.signIns.inc({ outcome: result.ok ? 'success' : result.code });
      if (!result.ok) return sendProblem(reply, result.code, result.details ?? {});
      setSessionCookie(reply, config, result.value.cookie);
      return { user: { upn: result.value.user.upn, displayName: result.value.user.displayName } };
    },
  );
};

/** The sign-in page's passkey form (urlencoded, with the page's CSRF token), registered among the portal pages. */
export const passkeySignInPage = async (app: FastifyInstance, { config, services, metrics }: HttpContext) => {
  app.post<{ Body: Static<typeof SignInForm> }>(
    '/signin/passkey',
    {
      schema: { hide: true, body: SignInForm },
      preValidation: app.csrfProtection.bind(app),
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const locale = localeOf(request);
      const response = readCeremonyResponse(request.body.response);
      if (!response) return renderSignInFailure(request, reply, 400, 'passkey.needsJavaScript', locale);
      const result = await services.passkeys.signIn({
        response,
        previousCookie: request.cookies[cookieNames(config).session],
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
      });
      metrics.signIns.inc({ outcome: result.ok ? 'success' : result.code });
      if (!result.ok)
        return renderSignInFailure(
          request,
          reply,
          result.code === 'ACCOUNT_DISABLED' ? 403 : result.code === 'ACCOUNT_LOCKED' ? 423 : 400,
          `signin.error.${result.code}`,
          locale,
        );
      setSessionCookie(reply, config, result.value.cookie);
      const registration = await services.securityInfo.registrationStatus(result.value.user);
      return reply.redirect(withMkt(request, needsInterrupt(registration) ? interruptPath : '/account'), 303);
    },
  );
};
