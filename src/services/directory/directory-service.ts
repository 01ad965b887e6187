/**
 * A tenant's on-premises directory connections (issue 7): add, list, test, remove, and open — the one way the
 * writeback, unlock and sign-in paths reach the directory. The bind password is sealed under the purpose
 * 'directory-bind' before it is stored, unsealed only to open a connection, and never returned or logged.
 */
import { checkConnectionInput, type DirectoryConnectionInput } from '../../core/directory/connection-input.js';
import type { DirectoryFailure, DirectoryResult } from '../../core/directory/directory-outcomes.js';
import { checkDeletionThreshold, defaultDeletionThreshold } from '../../core/directory/sync-safety.js';
import { SsprError } from '../../core/errors.js';
import type {
  AuditEvent,
  DirectoryConnectionConfig,
  DirectoryTestRecord,
  StoredDirectoryConnection,
  User,
} from '../../core/model.js';
import type { DirectoryConnection } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { createAgentConnection } from '../agent/agent-connection.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { createDirectoryHealth } from './directory-health.js';
import { readUserExpiry } from './sync/directory-sync-expiry.js';

export const directoryBindSealPurpose = 'directory-bind';

/** A connection as shown to administrators: the config and its last test, never the credentials. */
export type DirectoryConnectionView = DirectoryConnectionConfig & { lastTest: DirectoryTestRecord | null };

export const toConnectionView = (stored: StoredDirectoryConnection): DirectoryConnectionView => {
  const { sealedBindPassword: _sealed, ...view } = stored;
  return view;
};

const testRecordOf = (at: string, outcome: { ok: true } | ({ ok: false } & DirectoryFailure)): DirectoryTestRecord => {
  if (outcome.ok) return { at, outcome: 'ok', reason: null };
  if (outcome.code === 'DIRECTORY_MISCONFIGURED')
    return { at, outcome: 'misconfigured', reason: outcome.details.reason };
  if (outcome.code === 'DIRECTORY_UNREACHABLE') return { at, outcome: 'unreachable', reason: null };
  return { at, outcome: 'misconfigured', reason: 'unsupported' };
};

export const createDirectoryService = (deps: ServiceDeps) => {
  const connectionOf = (stored: StoredDirectoryConnection): DirectoryConnection => {
    // Reached through an on-premises agent: the service holds no bind password and never opens LDAP itself.
    if (stored.agentId) return createAgentConnection(deps, stored.tenantId, stored.agentId, stored.type);
    if (!deps.directoryConnector) throw new SsprError('DIRECTORY_MISCONFIGURED', undefined, { reason: 'unsupported' });
    let bindPassword: string;
    try {
      bindPassword = deps.sealer.open(directoryBindSealPurpose, stored.sealedBindPassword);
    } catch (error) {
      // Sealed under another secret (SSPR_SECRET changed) or altered: an administrator must add it again.
      throw new SsprError(
        'DIRECTORY_MISCONFIGURED',
        'the stored bind password cannot be unsealed; add the connection again',
        { reason: 'serviceBindFailed' },
        { cause: error },
      );
    }
    return deps.directoryConnector.connect({
      type: stored.type,
      url: stored.url,
      startTls: stored.startTls,
      bindDn: stored.bindDn,
      bindPassword,
      baseDn: stored.baseDn,
      userFilter: stored.userFilter,
      caFile: stored.caFile,
      protectedGroups: stored.protectedGroups,
    });
  };

  const health = createDirectoryHealth(deps.clock);

  const requireConnection = async (tenantId: string, connectionId: string) => {
    const stored = await deps.store.directoryConnections.find(tenantId, connectionId);
    if (!stored) throw new SsprError('DIRECTORY_CONNECTION_NOT_FOUND');
    return stored;
  };

  return {
    async add(
      tenantId: string,
      input: DirectoryConnectionInput & { agentId?: string },
      actor: AuditEvent['actor'],
    ): Promise<DirectoryConnectionView> {
      const { agentId, ...fields } = input;
      if (agentId !== undefined) {
        const agent = await deps.store.agents.find(tenantId, agentId);
        if (!agent || agent.revokedAt !== null) throw new SsprError('AGENT_NOT_FOUND');
        // The agent holds the bind password next to the directory; the service must not have one.
        if (fields.bindPassword)
          throw new SsprError(
            'VALIDATION_FAILED',
            'a connection via an agent takes no bind password (the agent has it)',
          );
      }
      const checked = checkConnectionInput(
        agentId === undefined ? fields : { ...fields, bindPassword: 'held-by-agent' },
      );
      if (!checked.ok) throw new SsprError('VALIDATION_FAILED', checked.details?.message);
      const { bindPassword: checkedPassword, ...config } = checked.value;
      const bindPassword = agentId === undefined ? checkedPassword : '';
      const now = deps.clock.now().toISOString();
      const stored: StoredDirectoryConnection = {
        tenantId,
        connectionId: deps.random.uuid(),
        ...config,
        sealedBindPassword: deps.sealer.seal(directoryBindSealPurpose, bindPassword),
        createdAt: now,
        updatedAt: now,
        lastTest: null,
        ...(agentId !== undefined && { agentId }),
      };
      await deps.store.transaction(async (store) => {
        await store.directoryConnections.create(stored);
        await recordAudit(deps, store, {
          tenantId,
          activity: 'addDirectoryConnection',
          actor,
          target: { type: 'directoryConnection', id: stored.connectionId, name: stored.url },
          details: { type: stored.type, mode: stored.mode, baseDn: stored.baseDn },
        });
      });
      return toConnectionView(stored);
    },

    async list(tenantId: string): Promise<DirectoryConnectionView[]> {
      return (await deps.store.directoryConnections.list(tenantId)).map(toConnectionView);
    },

    async remove(tenantId: string, connectionId: string, actor: AuditEvent['actor']): Promise<void> {
      await deps.store.transaction(async (store) => {
        const stored = await store.directoryConnections.find(tenantId, connectionId);
        if (!stored || !(await store.directoryConnections.remove(tenantId, connectionId)))
          throw new SsprError('DIRECTORY_CONNECTION_NOT_FOUND');
        await recordAudit(deps, store, {
          tenantId,
          activity: 'removeDirectoryConnection',
          actor,
          target: { type: 'directoryConnection', id: connectionId, name: stored.url },
        });
      });
    },

    /**
     * Changes a connection's accidental-deletion threshold (0: off), audited with the old and new values in the
     * same transaction. Returns the connection as it now is.
     */
    async setDeletionThreshold(
      tenantId: string,
      connectionId: string,
      value: unknown,
      actor: AuditEvent['actor'],
    ): Promise<DirectoryConnectionView> {
      const checked = checkDeletionThreshold(value);
      if (!checked.ok) throw new SsprError('VALIDATION_FAILED', checked.details?.message);
      return deps.store.transaction(async (store) => {
        const stored = await store.directoryConnections.find(tenantId, connectionId);
        if (!stored) throw new SsprError('DIRECTORY_CONNECTION_NOT_FOUND');
        const previous = stored.deletionThreshold ?? defaultDeletionThreshold;
        const updatedAt = deps.clock.now().toISOString();
        await store.directoryConnections.setDeletionThreshold(tenantId, connectionId, checked.value, updatedAt);
        await recordAudit(deps, store, {
          tenantId,
          activity: 'updateDirectoryConnection',
          actor,
          target: { type: 'directoryConnection', id: connectionId, name: stored.url },
          details: { deletionThreshold: checked.value, previousDeletionThreshold: previous },
        });
        return toConnectionView({ ...stored, deletionThreshold: checked.value, updatedAt });
      });
    },

    /** Binds as the service account and reads the base; the outcome (not the diagnostic) is kept for the console. */
    async test(tenantId: string, connectionId: string): Promise<Result<{ baseDn: string }>> {
      const stored = await requireConnection(tenantId, connectionId);
      const outcome = await connectionOf(stored).test();
      await deps.store.directoryConnections.recordTest(
        tenantId,
        connectionId,
        testRecordOf(deps.clock.now().toISOString(), outcome),
      );
      if (outcome.ok) return success(outcome.value);
      const reason = outcome.code === 'DIRECTORY_MISCONFIGURED' ? { reason: outcome.details.reason } : undefined;
      return failure(
        outcome.code === 'DIRECTORY_UNREACHABLE' ? 'DIRECTORY_UNREACHABLE' : 'DIRECTORY_MISCONFIGURED',
        reason,
      );
    },

    /**
     * Whether the tenant's (first) connection works now: its `test()`, cached briefly per connection
     * (`directory-health.ts`); undefined when the tenant has no connection. Not recorded as the console's last test.
     */
    async health(tenantId: string): Promise<DirectoryResult<void> | undefined> {
      const [stored] = await deps.store.directoryConnections.list(tenantId);
      if (!stored) return undefined;
      return health.check(`${tenantId}/${stored.connectionId}/${stored.updatedAt}`, () => connectionOf(stored).test());
    },

    /** The tenant's (first) connection with its credentials unsealed, or undefined when it has none. */
    async open(
      tenantId: string,
    ): Promise<{ config: DirectoryConnectionConfig; connection: DirectoryConnection } | undefined> {
      const [stored] = await deps.store.directoryConnections.list(tenantId);
      if (!stored) return undefined;
      const { sealedBindPassword: _sealed, lastTest: _test, ...config } = stored;
      return { config, connection: connectionOf(stored) };
    },

    /** After a password written back: the directory's new expiry for the user, stored (issue #16; null if unreadable). */
    async recordPasswordExpiry(user: User, connection: DirectoryConnection): Promise<void> {
      const expiresAt = await readUserExpiry(connection, user.upn);
      await deps.store.passwordExpiry.setDirectoryPasswordExpiry(user.tenantId, user.userId, expiresAt);
    },
  };
};

export type DirectoryService = ReturnType<typeof createDirectoryService>;
