import { sql, type Kysely } from 'kysely';
import type { Store, StoreRepositories } from '../../core/ports.js';
import { createApiTokenStore } from './api-token-store.js';
import { createAuditStore, createOutboxStore } from './audit-store.js';
import { sealPending } from './audit-seal-store.js';
import type { Dialect, OpenDatabase } from './database.js';
import { createDeliveryQueueStore } from './delivery-queue-store.js';
import { createDirectoryConnectionStore } from './directory-connection-store.js';
import { createAgentStore } from './agent-store.js';
import { createDirectorySyncStore } from './directory-sync-store.js';
import { createGroupStore } from './group-store.js';
import { createLicensingStore } from './licensing-store.js';
import { createSecurityInfoStore } from './security-info-store.js';
import { createPasskeyStore } from './passkey-store.js';
import { createSsprPolicyStore } from './sspr-policy-store.js';
import { createPasswordExpiryStore } from './password-expiry-store.js';
import { createPasswordProtectionStore } from './password-protection-store.js';
import { createRecoveryStore } from './recovery-store.js';
import { createReregistrationStore } from './reregistration-store.js';
import { createReportStore } from './report-store.js';
import { createResetFlowStore } from './reset-flow-store.js';
import { createShownOnceStore } from './shown-once-store.js';
import { createPendingWritebackStore } from './pending-writeback-store.js';
import { createSignInLogStore } from './sign-in-log-store.js';
import { createTaskLeaseStore } from './task-lease-store.js';
import type { Database } from './schema.js';
import { createLockoutStore, createSessionStore } from './session-store.js';
import { createTenantStore } from './tenant-store.js';
import { createUserStore } from './user-store.js';
import { createVoiceCallStore } from './voice-call-store.js';
import { createSiemCursorStore } from './siem-cursor-store.js';
import { createBrandingStore } from './branding-store.js';

/** How the store writes, beyond its database (from the configuration). */
export interface StoreOptions {
  /** PostgreSQL: the usual sign-in's session write commits without waiting for the WAL flush (session-store.ts). */
  signInAsyncCommit?: boolean;
}

const repositoriesOn = (
  db: Kysely<Database>,
  dialect: Dialect,
  options: StoreOptions,
  signIns = createSignInLogStore(db),
): StoreRepositories => ({
  tenants: createTenantStore(db),
  users: createUserStore(db),
  groups: createGroupStore(db),
  sessions: createSessionStore(db, dialect, signIns, { asyncCommit: options.signInAsyncCommit ?? true }),
  lockouts: createLockoutStore(db, dialect),
  audit: createAuditStore(db, dialect),
  siemCursors: createSiemCursorStore(db),
  outbox: createOutboxStore(db),
  passwordProtection: createPasswordProtectionStore(db, dialect),
  licensing: createLicensingStore(db, dialect),
  ssprPolicies: createSsprPolicyStore(db),
  voiceCalls: createVoiceCallStore(db, dialect),
  apiTokens: createApiTokenStore(db),
  directoryConnections: createDirectoryConnectionStore(db),
  securityInfo: createSecurityInfoStore(db, dialect),
  passkeys: createPasskeyStore(db),
  resetFlows: createResetFlowStore(db, dialect),
  directorySync: createDirectorySyncStore(db, dialect),
  agents: createAgentStore(db),
  recovery: createRecoveryStore(db),
  reports: createReportStore(db, dialect),
  signIns,
  deliveryQueue: createDeliveryQueueStore(db, dialect),
  passwordExpiry: createPasswordExpiryStore(db),
  branding: createBrandingStore(db),
  reregistrations: createReregistrationStore(db),
  shownOnce: createShownOnceStore(db),
  pendingWritebacks: createPendingWritebackStore(db),
  taskLeases: createTaskLeaseStore(db),
});

/** The Store port over Kysely; identical behaviour on SQLite and PostgreSQL (the contract suite checks). */
export const createKyselyStore = ({ db, dialect }: OpenDatabase, options: StoreOptions = {}): Store => ({
  ...repositoriesOn(db, dialect, options),
  dialect,
  transaction: (work) => db.transaction().execute((trx) => work(repositoriesOn(trx, dialect, options))),
  async ping() {
    await sql`select 1`.execute(db);
  },
  async close() {
    // The store links audit events per batch: a process that appended and exits (a CLI command, serve stopping) seals
    // its events itself rather than leave them unlinked until some other process seals. A failure here loses
    // nothing (the events stay stored, pending, for the next seal) and must not keep the connection open.
    await sealPending(db, dialect).catch(() => 0);
    await db.destroy();
  },
});
