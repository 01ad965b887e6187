import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may read `/metrics` (issue #13 item 7): the bearer of SSPR_METRICS_TOKEN, or anyone in embedded development mode
 * on loopback when no token is set. Digests are compared in constant time, so the comparison leaks no prefix.
 */
export const mayReadMetrics = (config: Pick<Config, 'metrics'>, request: FastifyRequest): boolean => {
  if (config.metrics.token === null) return config.metrics.open;
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (\S{1,512})$/i.exec(header);
  return match !== null && timingSafeEqual(digest(match[1]!), digest(config.metrics.token));
};
