import type { AuditEvent } from '../../core/model.js';
import { roleGroups } from '../../core/roles/role-groups.js';
import { cliActor } from '../audit/audit-recorder.js';
import type { ActiveSession } from '../identity/session-service.js';

/**
 * Who is acting on the admin API: a signed-in admin, an API token or the operator's CLI. Services
 * take the tenant, the roles and the audit actor from here, never from the request.
 */
export interface AdminPrincipal {
  tenantId: string;
  roles: readonly string[];
  actor: AuditEvent['actor'];
  /** The signed-in admin's own user id; null for a token or the CLI. */
  userId: string | null;
  via: 'session' | 'token' | 'cli';
}

export const principalOfSession = ({ user }: ActiveSession): AdminPrincipal => ({
  tenantId: user.tenantId,
  roles: user.roles,
  actor: { type: 'admin', id: user.userId, upn: user.upn },
  userId: user.userId,
  via: 'session',
});

/** The CLI runs on the host with the store's own credentials, so it acts with Global Administrator's reach. */
export const cliPrincipal = (tenantId: string): AdminPrincipal => ({
  tenantId,
  roles: roleGroups.cli,
  actor: cliActor,
  userId: null,
  via: 'cli',
});
