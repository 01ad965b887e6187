import type { PinoLoggerOptions } from 'fastify/types/logger.js';

/** Paths pino blanks out wherever they appear in a log line: passwords, codes, cookies, tokens. */
export const redactedPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'verificationCode',
  '*.verificationCode',
  'secret',
  'token',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.secret',
  '*.token',
  '*.cookie',
  // Password reset: the flow id is a bearer secret; answers and CAPTCHA solutions are nobody's business.
  'req.headers["x-sspr-flow"]',
  'flowId',
  '*.flowId',
  'answers',
  '*.answers',
  'captcha',
  '*.captcha',
];

export const loggerOptions = (level: string): PinoLoggerOptions => ({
  level,
  redact: { paths: redactedPaths, censor: '[redacted]' },
  serializers: {
    // The route pattern, not the URL: query strings and path parameters (a banned term, later
    // tokens) can be sensitive.
    req: (request: { method: string; url: string; ip?: string; routeOptions?: { url?: string } }) => ({
      method: request.method,
      route: request.routeOptions?.url ?? '(unmatched)',
      ip: request.ip,
    }),
  },
});
