import type { Config } from '../config/config.js';
import type { Store } from '../core/ports.js';
import type { Services } from '../services/services.js';
import type { Metrics } from './metrics.js';

/** What HTTP plugins are given: configuration, use cases, and the store only for readiness and the dev outbox. */
export interface HttpContext {
  config: Config;
  services: Services;
  store: Store;
  metrics: Metrics;
}
