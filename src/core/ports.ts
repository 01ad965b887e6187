/**
 * Ports: what core and services need from the outside world, in domain verbs, one file per family under
 * `ports/`. Adapters implement them; `app.ts` picks the implementations. Every store call is scoped by tenant.
 */
export type { Clock } from './clock.js';
// The on-premises directory's ports (connection, connector, the agent's envelope) live beside its core.
export type * from './directory/directory-ports.js';
export type * from './ports/store-ports.js';
export type * from './ports/send-count-ports.js';
export type * from './ports/sign-in-ports.js';
export type * from './ports/crypto-ports.js';
export type * from './ports/channel-ports.js';
export type * from './ports/check-ports.js';
export type * from './ports/limit-ports.js';
export type * from './ports/passkey-ports.js';
export type * from './ports/siem-ports.js';
export type * from './ports/recovery-ports.js';
export type * from './ports/report-ports.js';
export type * from './ports/delivery-queue-ports.js';
export type * from './ports/expiry-ports.js';
export type * from './ports/branding-ports.js';
export type * from './ports/shown-once-ports.js';
export type * from './ports/pending-writeback-ports.js';
export type * from './ports/lease-ports.js';
