/**
 * On-premises users for writeback tests: a tenant on `example.org` (the slapd harness's mail domain) with a
 * connection to the file's slapd over StartTLS, synced users whose UPN is their slapd `mail`, and a bind to
 * slapd as the user — the ground truth for "which password works on-premises now".
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import type { App } from '../../src/app.js';
import type { Tenant, UserSource } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { cliActor } from '../../src/services/audit/audit-recorder.js';
import { aPassword } from './factories.js';
import { licenseUser } from './reset.js';
import { baseDn, peopleDn, serviceDn, servicePassword, user, type Slapd } from './slapd.js';

export const ldapDomain = 'example.org';

/** A slapd inetOrgPerson whose mail is `<name>@example.org` (the harness derives mail from the given name). */
export const ldapUser = (name: string, extra: Record<string, string> = {}) => user(name, name, 'Tester', extra);
export const ldapUpn = (name: string) => `${name.toLowerCase()}@${ldapDomain}`;
export const ldapDn = (name: string) => `uid=${name},${peopleDn}`;

export const connectTenant = async (app: App, slapd: Slapd, mode = 'passwordHashSync'): Promise<Tenant> => {
  const tenant = await app.services.tenants.createTenant({ name: 'Example', domain: ldapDomain, country: 'NL' });
  await app.services.directories.add(
    tenant.tenantId,
    {
      type: 'openldap',
      url: slapd.url,
      startTls: true,
      caFile: slapd.caFile ?? null,
      bindDn: serviceDn,
      bindPassword: servicePassword,
      baseDn,
      mode,
    },
    cliActor,
  );
  return tenant;
};

/** A licensed (P1: writeback) synced user with an alternate email for the reset gate. */
export const anOnPremUser = async (app: App, tenant: Tenant, name: string, source: UserSource = 'synced') => {
  const upn = `${name.toLowerCase()}@${tenant.domains[0]}`;
  await app.services.users.createUser({
    upn,
    password: aPassword,
    givenName: name,
    surname: 'Tester',
    source,
    alternateEmail: `alt.${name.toLowerCase()}@mail.example`,
  });
  await licenseUser(app, tenant, upn);
  return (await app.store.users.findByUpn(tenant.tenantId, upn))!;
};

export const ldapBind = async (slapd: Slapd, dn: string, password: string): Promise<boolean> => {
  const client = new Client({ url: slapd.url, timeout: 3000, connectTimeout: 3000 });
  try {
    await client.startTLS({ ca: readFileSync(slapd.caFile!, 'utf8'), host: '127.0.0.1' });
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
};

/** Runs `work` bound as slapd's root (over StartTLS, certificate checked): tests edit the directory as its admin would. */
export const asDirectoryRoot = async <T>(slapd: Slapd, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ url: slapd.url, timeout: 5000, connectTimeout: 5000 });
  try {
    await client.startTLS({ ca: [readFileSync(slapd.caFile as string)], host: '127.0.0.1' });
    await client.bind(slapd.rootDn, slapd.rootPassword);
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
};

/** The user's stored `userPassword` as slapd's root reads it: cleartext as loaded, `{SSHA}` once ppolicy hashed it. */
const readPassword = async (client: Client, name: string): Promise<string> => {
  const { searchEntries } = await client.search(ldapDn(name), { scope: 'base', attributes: ['userPassword'] });
  const value = searchEntries[0]?.userPassword;
  const first = Array.isArray(value) ? value[0] : value;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
};

const isPassword = (stored: string, password: string): boolean => {
  const ssha = /^\{SSHA\}(.+)$/i.exec(stored);
  if (!ssha) return stored === password;
  const raw = Buffer.from(ssha[1]!, 'base64');
  return createHash('sha1').update(password).update(raw.subarray(20)).digest().equals(raw.subarray(0, 20));
};

/**
 * Which of `candidates` the directory has for the user now (undefined: none). Read as root and compared with the
 * stored hash, not tried by binds: a wrong bind would count towards the user's ppolicy lockout.
 */
export const directoryPasswordOf = async (
  slapd: Slapd,
  name: string,
  candidates: readonly string[],
): Promise<string | undefined> => {
  const stored = await asDirectoryRoot(slapd, (client) => readPassword(client, name));
  return candidates.find((candidate) => isPassword(stored, candidate));
};

/**
 * Resolves once the directory's stored password of the user is no longer `password`: read as root every few
 * milliseconds over one connection, so the change is seen soon after slapd made it.
 */
export const untilDirectoryPasswordIsNot = (slapd: Slapd, name: string, password: string, timeoutMs = 30_000) =>
  asDirectoryRoot(slapd, async (client) => {
    for (const until = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 5))) {
      if (!isPassword(await readPassword(client, name), password)) return;
      if (Date.now() > until) throw new Error(`the directory's password of ${name} did not change`);
    }
  });

/** A synced group's members as sorted names: users by UPN, nested groups as `group:<name>`. */
export const groupMemberNames = async (
  store: Store,
  tenantId: string,
  name: string,
): Promise<Array<string | undefined>> => {
  const group = await store.groups.findByName(tenantId, name);
  if (!group) throw new Error(`no group ${name}`);
  const members = await store.groups.listMembers(tenantId, group.groupId);
  const names = await Promise.all(
    members.map(async (m) =>
      m.type === 'user'
        ? (await store.users.findById(tenantId, m.id))?.upn
        : `group:${(await store.groups.findById(tenantId, m.id))?.name}`,
    ),
  );
  return names.sort();
};
