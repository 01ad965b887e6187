import type { FastifyInstance } from 'fastify';
import { SsprError } from '../core/errors.js';

/** Nested input deeper than this is no form or JSON body of ours; it is refused rather than walked. */
const maxDepth = 32;

const hasNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  if (depth > maxDepth) return true;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNul(item, depth + 1));
};

/**
 * The one place that refuses a NUL character in any input (issue #13 item 7): PostgreSQL cannot store U+0000 in text
 * and answered it with a 500; no user ID, path id or text field of ours needs it. Runs before every route's
 * validation, for the body, the query string and the path parameters alike, so an API call gets 400
 * VALIDATION_FAILED and a page the localized error page (through the one error handler), never a 500.
 */
export const installNulGuard = (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    if (hasNul(request.params) || hasNul(request.query) || hasNul(request.body))
      throw new SsprError('VALIDATION_FAILED', 'the request contains a NUL character');
  });
};
