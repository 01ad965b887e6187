import type { Config } from '../config/config.js';
import type { Services } from '../services/services.js';
import type { Metrics } from './metrics.js';

/** What HTTP plugins are given: configuration, use cases and metrics; never a port directly. */
export interface HttpContext {
  config: Config;
  services: Services;
  metrics: Metrics;
}
