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
];

export const loggerOptions = (level: string): PinoLoggerOptions => ({
  level,
  redact: { paths: redactedPaths, censor: '[redacted]' },
  serializers: {
    // The query string can carry tokens in later flows; log the path only.
    req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, path: request.url.split('?')[0], ip: request.ip }),
  },
});
