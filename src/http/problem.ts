import type { FastifyReply } from 'fastify';
import { errorCatalogue, type ErrorCode } from '../core/errors.js';

/** RFC 9457 problem details with our stable `code`; extension members carry specifics (violations…). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  [extension: string]: unknown;
}

export const problemOf = (code: ErrorCode, extras: Record<string, unknown> = {}): Problem => ({
  type: `urn:opensspr:error:${code.toLowerCase().replace(/_/g, '-')}`,
  title: errorCatalogue[code].title,
  status: errorCatalogue[code].status,
  code,
  ...extras,
});

export const sendProblem = (
  reply: FastifyReply,
  code: ErrorCode,
  extras: Record<string, unknown> = {},
): FastifyReply => {
  const problem = problemOf(code, extras);
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
};
