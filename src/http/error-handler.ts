import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSsprError, type ErrorCode } from '../core/errors.js';
import type { PortalLook } from './portal/branding-assets.js';
import { renderErrorPage } from './portal/error-page.js';
import type { PortalFormConfig } from './portal/form-state.js';
import { sendProblem } from './problem.js';
import { isApiRequest } from './request-context.js';

/** Fastify's own error codes, mapped once to ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_CSRF_INVALID_TOKEN: 'CSRF_INVALID',
  FST_CSRF_MISSING_SECRET: 'CSRF_INVALID',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_ASYNC_CONSTRAINT: 'NOT_FOUND',
};

const codeOf = (error: FastifyError): ErrorCode => {
  if (isSsprError(error)) return error.code;
  if (error.validation) return 'VALIDATION_FAILED';
  const mapped = fastifyCodes[error.code];
  if (mapped) return mapped;
  if (error.statusCode === 429) return 'RATE_LIMITED';
  if (error.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (error.statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL_ERROR';
};

export const wantsHtml = (request: FastifyRequest): boolean =>
  !isApiRequest(request) && (request.headers.accept ?? '').includes('text/html');

/**
 * Every error leaves as problem+json (or, for a browser on a page, a readable page) with a stable
 * code. Stack traces and foreign messages never reach the client; unexpected errors are logged.
 * `refusalLook` finds the tenant look of a page whose post the CSRF check refused (portal/refusal-look.ts).
 */
export const installErrorHandling = (
  app: FastifyInstance,
  refusalLook?: (request: FastifyRequest) => Promise<PortalLook | undefined>,
) => {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const code = codeOf(error);
    if (code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code }, 'request refused');
    const extras: Record<string, unknown> = isSsprError(error) ? { ...error.details } : {};
    if (error.validation) {
      extras.errors = error.validation.map((v) => ({
        path: v.instancePath || '/',
        message: v.message ?? 'is not valid',
      }));
    }
    if (wantsHtml(request)) {
      const status = isSsprError(error)
        ? error.status
        : codeOf(error) === 'INTERNAL_ERROR'
          ? 500
          : (error.statusCode ?? 400);
      const form = request.routeOptions.config as PortalFormConfig | undefined;
      // A portal form refused before its handler (a field over its limit, a body over the size limit): the form
      // again, with the message next to the field, instead of a dead end (issue 14).
      if (
        form?.recoverForm &&
        request.method === 'POST' &&
        (code === 'VALIDATION_FAILED' || code === 'PAYLOAD_TOO_LARGE')
      )
        return form.recoverForm(request, reply, {
          code,
          status,
          fields: [
            ...new Set(
              (error.validation ?? [])
                .filter((v) => v.keyword === 'maxLength')
                .map((v) => v.instancePath.replace(/^\//, '')),
            ),
          ],
        });
      const retryAfter = Number(reply.getHeader('retry-after'));
      // The CSRF check answers before the page's session check knows the tenant. Its look is a nicety: a failure
      // to find it (the store down) still answers the refusal, in the product's look.
      const look =
        code === 'CSRF_INVALID' && refusalLook
          ? await refusalLook(request).catch((err: unknown) => {
              request.log.warn({ err }, 'no look for the refusal page');
              return undefined;
            })
          : undefined;
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(
          renderErrorPage(request, code, {
            ...(form?.continueTo && { continueTo: form.continueTo }),
            ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterSeconds: retryAfter }),
            ...(look && { look }),
          }),
        );
    }
    return sendProblem(reply, code, extras);
  });

  app.setNotFoundHandler((request, reply) => {
    if (wantsHtml(request))
      return reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(request, 'NOT_FOUND'));
    return sendProblem(reply, 'NOT_FOUND');
  });
};
