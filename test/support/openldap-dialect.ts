/**
 * The OpenLDAP dialect's adapter against a real, private slapd with the ppolicy overlay, over StartTLS with
 * certificate validation (the production configuration), for one test file: the server, the connection settings
 * and the adapter, plus the ground truths the tests read (a user's bind, the entry's administrative lock).
 */
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { afterAll, beforeAll } from 'vitest';
import type { LdapConnectionSettings } from '../../src/adapters/directory/ldap-session.js';
import type { DirectoryConnection } from '../../src/core/ports.js';
import { createOpenLdapDirectory } from '../../src/dialects/openldap/openldap-connection.adapter.js';
import { ldapBind } from './directory-world.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, user, type Slapd } from './slapd.js';

export const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;
/** ppolicy's administrative lock: the entry cannot bind until an administrator removes it (sync: disabled). */
export const adminLock = '000001010000Z';
// judy is disabled by her administrator; kim is an ordinary user for a temporary lockout.
const extraLdif = [user('judy', 'Judy', 'Jansen', { pwdAccountLockedTime: adminLock }), user('kim', 'Kim', 'Kok')].join(
  '\n',
);

export interface OpenLdapDialect {
  slapd: Slapd;
  settings: LdapConnectionSettings;
  directory: DirectoryConnection;
  /** The entry's lock as the directory's own administrator sees it. */
  lockedTimeOf: (dn: string) => Promise<unknown>;
  /** A bind as the user, straight through ldapts: the ground truth for "which password works now". */
  canBind: (dn: string, password: string) => Promise<boolean>;
}

/** Starts slapd before the file's tests and stops it after them; the fields are set once `beforeAll` has run. */
export const useOpenLdapDialect = (): OpenLdapDialect => {
  const ol = {
    lockedTimeOf: async (dn: string): Promise<unknown> => {
      const client = new Client({ url: ol.slapd.url, timeout: 2000, connectTimeout: 2000 });
      try {
        await client.startTLS({ ca: ol.settings.ca, host: '127.0.0.1' });
        await client.bind(ol.slapd.rootDn, ol.slapd.rootPassword);
        const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['pwdAccountLockedTime'] });
        const value = searchEntries[0]?.['pwdAccountLockedTime'];
        // ldapts answers [] for an attribute the entry does not have.
        return Array.isArray(value) && value.length === 0 ? undefined : value;
      } finally {
        await client.unbind().catch(() => undefined);
      }
    },
    canBind: (dn: string, password: string) => ldapBind(ol.slapd, dn, password),
  } as OpenLdapDialect;
  beforeAll(async () => {
    ol.slapd = await startSlapd({ tls: true, extraLdif });
    ol.settings = {
      url: ol.slapd.url,
      startTls: true,
      caFile: ol.slapd.caFile,
      bindDn: serviceDn,
      bindPassword: servicePassword,
      baseDn,
      connectTimeoutMs: 2000,
      operationTimeoutMs: 3000,
    };
    ol.directory = createOpenLdapDirectory(ol.settings);
    ol.settings.ca = readFileSync(ol.slapd.caFile as string, 'utf8');
  });
  afterAll(async () => {
    await ol.slapd?.stop();
  });
  return ol;
};
