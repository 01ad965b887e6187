/**
 * Picks the dialect's adapter for a stored connection. TLS is never optional here (ldaps:// or StartTLS with
 * certificate validation); the plain-LDAP escape hatch of the OpenLDAP adapter is for its own tests only.
 */
import type { DirectoryConnection, DirectoryConnector } from '../../core/ports.js';
import { createAdDirectory } from '../../dialects/active-directory/active-directory-connection.adapter.js';
import { createOpenLdapDirectory } from '../../dialects/openldap/openldap-connection.adapter.js';
import type { DirectoryType } from '../../dialects/registry.js';
import type { LdapConnectionSettings } from './ldap-session.js';

/**
 * Each registered dialect's connection factory. `satisfies` makes the compiler name a dialect registered in
 * `src/dialects/registry.ts` without one here (and `test/architecture/dialect-registry.test.ts` checks it at run time).
 */
export const connectionFactories = {
  openldap: createOpenLdapDirectory,
  ad: createAdDirectory,
} satisfies Record<DirectoryType, (settings: LdapConnectionSettings) => DirectoryConnection>;

export interface DirectoryConnectorOptions {
  connectTimeoutMs?: number;
  operationTimeoutMs?: number;
  /**
   * AD only: send LDAP_SERVER_POLICY_HINTS on resets as required (default: a DC without it refuses the reset)
   * or only if supported (Samba ≤ 4.20, which then applies no history rule to a reset).
   */
  adPolicyHints?: 'required' | 'ifSupported';
}

export const createDirectoryConnector = (options: DirectoryConnectorOptions = {}): DirectoryConnector => ({
  connect(settings) {
    const ldap: LdapConnectionSettings = {
      url: settings.url,
      startTls: settings.startTls,
      bindDn: settings.bindDn,
      bindPassword: settings.bindPassword,
      baseDn: settings.baseDn,
      ...(settings.userFilter !== null && { userFilter: settings.userFilter }),
      ...(settings.caFile !== null && { caFile: settings.caFile }),
      ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.operationTimeoutMs !== undefined && { operationTimeoutMs: options.operationTimeoutMs }),
      ...(options.adPolicyHints !== undefined && { adPolicyHints: options.adPolicyHints }),
      protectedAccounts: { dns: [], groups: settings.protectedGroups },
    };
    return connectionFactories[settings.type](ldap);
  },
});
